// Bad input to every command: one clear line, exit 2, nothing written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { openLedger } from '../../src/sync';
import { updateSettings } from '../../src/till/settings-file';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';

let sim: CloverSimulator;
let cli: CounterCli;
beforeAll(async () => {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false });
  cli = new CounterCli(sim);
  updateSettings(cli.dataDir, (s) => void (s.clover.keyedEntry = 'app'));
});
afterAll(async () => sim?.close());

const CASES: Array<[string, string[], string?]> = [
  ['unknown command', ['teleport']],
  ['pay without amount', ['pay']],
  ['pay with a negative amount', ['pay', '-5']],
  ['pay with too many decimals', ['pay', '1.234']],
  ['pay with words', ['pay', 'ten']],
  ['pay with zero', ['pay', '0']],
  ['pay with an unknown option', ['pay', '1.00', '--tip', '3']],
  ['refund with a bad id', ['refund', 'abc']],
  ['refund with a bad amount', ['refund', '1', '--amount', '1e3']],
  ['void without id', ['void']],
  ['credit without reason', ['credit', '5.00']],
  ['sales with a bad date', ['sales', '--since', '2026-13-45']],
  ['totals with a bad date', ['totals', '--date', 'yesterday']],
  ['receipt with a bad printer', ['receipt', '1', '--escpos', 'http://printer']],
  ['outbox retry with a bad id', ['outbox', 'retry', '-1']],
  ['terminals with no subcommand argument', ['terminals', 'ping']],
  ['keyed with no card on stdin', ['keyed', '5.00'], ''],
  ['keyed with garbage on stdin', ['keyed', '5.00'], 'not json'],
  ['keyed with a bad card number', ['keyed', '5.00'], JSON.stringify({ number: '4242424242424241', expMonth: 12, expYear: 2030, cvv: '123' })],
  ['keyed with an expired card', ['keyed', '5.00'], JSON.stringify({ number: '4242424242424242', expMonth: 1, expYear: 2020, cvv: '123' })],
  ['secret with an unknown name', ['secret', 'set', 'bank'], 'xxxxxxxxxxxx'],
  ['audit with a head that is not one', ['audit', '--head', '12:not-a-hash']],
  ['receipt by email and text at once', ['receipt', '1', '--email', 'pat@example.com', '--sms', '5550100999']],
];

describe('bad input to the counter command', () => {
  it.each(CASES)('%s: exit 2, one line, nothing written', async (_name, args, input) => {
    const before = sim.control.requests().length;
    const human = await cli.run(args, { json: false, ...(input !== undefined ? { input } : {}) });
    expect(human.code, human.stdout + human.stderr).toBe(2);
    expect(human.stderr.trim().split('\n')).toHaveLength(1);
    expect(human.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    if (CASES.findIndex((c) => c[1] === args) % 3 === 0) {
      // --json says the same as one object on stdout (checked on a third of the cases: each run costs a process).
      const json = await cli.run(args, input !== undefined ? { input } : {});
      expect(json.code).toBe(2);
      expect(json.json).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    // Nothing reached Clover and nothing was recorded.
    // (The merchant's record, properties, address and devices are read at the first run: no money.)
    const reads = /^\/v3\/merchants\/[^/]+(\/(devices|properties|address))?$/;
    expect(sim.control.requests().filter((r) => !r.path.startsWith('/oauth') && !reads.test(r.path)).length - before).toBeLessThanOrEqual(0);
  });

  it('none of them wrote a sale, refund or outbox item', () => {
    const path = join(cli.dataDir, 'ledger.sqlite');
    if (!existsSync(path)) return; // not even opened
    const ledger = openLedger(path, { readonly: true });
    try {
      expect(ledger.sales.list()).toEqual([]);
      expect(ledger.outbox.list()).toEqual([]);
    } finally {
      ledger.close();
    }
  });
});
