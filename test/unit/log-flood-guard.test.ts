import { describe, expect, it } from 'vitest';
import { floodGuardedLogger } from '../../src/shared/log-flood-guard';
import { lineLogger } from '../../src/shared/logger';

function setup() {
  const lines: string[] = [];
  let now = 1_000_000;
  const log = floodGuardedLogger(lineLogger((l) => lines.push(l), 'debug'), { perWindow: 3, windowMs: 1000, now: () => now });
  return { lines, log, advance: (ms: number) => (now += ms) };
}

describe('floodGuardedLogger', () => {
  it('writes a message at most perWindow times a window, then says how many it left out', () => {
    const { lines, log, advance } = setup();
    for (let i = 0; i < 10; i++) log.log('warn', 'oauth callback refused', { reason: 'forged' });
    expect(lines).toHaveLength(3);
    advance(1000);
    log.log('warn', 'oauth callback refused', { reason: 'forged' });
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('warn oauth callback refused {"reason":"forged","suppressedBefore":7}');
    log.log('warn', 'oauth callback refused', { reason: 'forged' });
    expect(lines[4]).toBe('warn oauth callback refused {"reason":"forged"}');
  });

  it('counts each message text on its own, so a rare line is never held back by a flood of another', () => {
    const { lines, log } = setup();
    for (let i = 0; i < 10; i++) log.log('info', 'webhook forwarded', { status: 200 });
    log.log('warn', '*** CLOVER WEBHOOK VERIFICATION CODE: abc ***');
    log.log('error', 'dispatcher error', { path: '/x' });
    expect(lines.filter((l) => l.includes('webhook forwarded'))).toHaveLength(3);
    expect(lines).toContain('warn *** CLOVER WEBHOOK VERIFICATION CODE: abc ***');
    expect(lines).toContain('error dispatcher error {"path":"/x"}');
  });

  it('writes the count of a flood that stopped with the next line of any message', () => {
    const { lines, log, advance } = setup();
    for (let i = 0; i < 10; i++) log.log('warn', 'oauth callback refused', { reason: 'forged' });
    advance(500);
    log.log('info', 'webhook forwarded'); // the window of the flood is still open: nothing yet
    expect(lines.filter((l) => l.includes('"suppressed"'))).toEqual([]);
    advance(600);
    log.log('info', 'webhook forwarded');
    expect(lines.slice(-2)).toEqual(['warn oauth callback refused {"suppressed":7}', 'info webhook forwarded']);
    advance(5000);
    log.log('info', 'webhook forwarded');
    expect(lines.filter((l) => l.includes('"suppressed"'))).toHaveLength(1); // written once
  });

  it('flush() writes what is held back, once', () => {
    const { lines, log } = setup();
    for (let i = 0; i < 5; i++) log.log('error', 'forward failed');
    log.flush();
    log.flush();
    expect(lines).toEqual(['error forward failed', 'error forward failed', 'error forward failed', 'error forward failed {"suppressed":2}']);
    log.flush(); // nothing held: nothing written
    expect(lines).toHaveLength(4);
  });
});

