// The electronegativity gate (scripts/electronegativity.mjs) must be able to fail: it is run
// on a deliberately insecure window, then on the real sources.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const gate = (...targets: string[]) => spawnSync(process.execPath, ['scripts/electronegativity.mjs', ...targets], { encoding: 'utf8', timeout: 120_000 });

describe('electronegativity gate', () => {
  it('fails on an insecure window', () => {
    const r = gate('test/fixtures/insecure-electron');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+HIGH\s+CONTEXT_ISOLATION_JS_CHECK/);
  });

  it('passes on our Electron sources', () => {
    const r = gate('src'); // global checks need the whole app in one scan
    expect(r.stdout).toContain('no HIGH or MEDIUM finding');
    expect(r.status).toBe(0);
  });
});
