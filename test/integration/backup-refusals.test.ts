// What `counter restore` refuses (issue 13), each with a message a store can act on, leaving the
// current ledger exactly as it was: a backup with bytes overwritten, one edited with an SQL tool
// (whole as a database, but not what its audit log says), one of a newer app, another till's,
// a file that is no database. And a backup whose copy fails its check is removed and said.
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { openDatabase } from '../../src/sync/db/database';
import { panFreeSql } from '../../src/sync/pan-guard';
import { LEDGER_FILE } from '../../src/till/create-till';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';
import { SERIAL } from '../support/till-harness';

let sim: CloverSimulator;
let cli: CounterCli;
let folder: string;
let backupPath: string;

/** The data folder as it is: every file's name and content hash. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile()).map((n) => [n, createHash('sha256').update(readFileSync(join(dir, n))).digest('hex')]));
}

/** A copy of the good backup, changed by `change`. */
function variant(name: string, change: (path: string) => void): string {
  const path = join(folder, name);
  copyFileSync(backupPath, path);
  change(path);
  return path;
}

function sql(path: string, statements: string): void {
  const db = openDatabase(path, { functions: { pan_free: panFreeSql } });
  try {
    db.exec(statements);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false, flags: { velocityLimit: false } });
  cli = new CounterCli(sim);
  expect((await cli.run(['terminals', 'sync'])).code).toBe(0);
  folder = mkdtempSync(join(tmpdir(), 'counter-backups-'));
  expect((await cli.run(['settings', 'set', 'backup.folder', folder])).code).toBe(0);
  for (const amount of ['21.00', '22.00', '23.00']) {
    sim.control.script(SERIAL, { kind: 'approve' });
    expect((await cli.run(['pay', amount])).code).toBe(0);
  }
  const made = await cli.run(['backup']);
  expect(made.code, made.stderr + made.stdout).toBe(0);
  backupPath = (made.json.backup as { path: string }).path;
}, 60_000);
afterAll(async () => sim?.close());

describe('counter restore refuses, and changes nothing', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    [
      'a backup with bytes overwritten',
      () =>
        variant('overwritten.sqlite', (path) => {
          // Four pages in the middle of the file turned to noise, as a failing disk leaves them.
          const fd = openSync(path, 'r+');
          writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(statSync(path).size / 2 / 1024) * 1024);
          closeSync(fd);
        }),
      /cannot be restored: it (is damaged|does not match its own audit log)/,
    ],
    ['a backup edited with an SQL tool', () => variant('edited.sqlite', (path) => sql(path, 'UPDATE sales SET amount = 1 WHERE id = 2')), /does not match its own audit log.*sale #2 amount is 1/],
    ['a backup of a newer app', () => variant('newer.sqlite', (path) => sql(path, 'PRAGMA user_version = 99')), /written by a newer counter app.*update this app first/],
    ['another till\'s ledger', () => variant('other-till.sqlite', (path) => sql(path, `UPDATE meta SET value = 'ANOTHERTILLXXXXX' WHERE key = 'ledger_id'`)), /is of another ledger \(ANOTHERTILLXXXXX\)/],
    [
      'a file that is no database',
      () => {
        const path = join(folder, 'notes.sqlite');
        writeFileSync(path, 'this is a shopping list, not a ledger\n'.repeat(100));
        return path;
      },
      /cannot be restored: it is damaged/,
    ],
  ];

  it.each(cases)('%s', async (_what, make, message) => {
    const file = make();
    const before = snapshot(cli.dataDir);
    const refused = await cli.run(['restore', file]);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const error = refused.json.error as { code: string; message: string };
    expect(error.code).toBe('REFUSED');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Nothing was changed\.$/);
    expect(snapshot(cli.dataDir), 'the data folder is exactly as it was').toEqual(before);
    const audit = await cli.run(['audit']);
    expect(audit.code).toBe(0);
    expect(audit.json.integrity).toMatchObject({ ok: true, checked: 3 });
  });

  it('a human reads one clear line on stderr', async () => {
    const file = variant('edited-again.sqlite', (path) => sql(path, 'UPDATE sales SET amount = 1 WHERE id = 1'));
    const refused = await cli.run(['restore', file], { json: false });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^counter: The backup edited-again\.sqlite cannot be restored: it does not match its own audit log, so it cannot be trusted: 1 record\(s\) differ from its audit log: sale #1 amount is 1, the audit log says 2100\. Nothing was changed\.$/);
  });
});

describe('counter backup', () => {
  it('removes a copy that fails its check, and says so', async () => {
    // The ledger itself was edited behind the till's back: its copy cannot verify.
    sql(join(cli.dataDir, LEDGER_FILE), 'UPDATE sales SET amount = 5 WHERE id = 3');
    const before = readdirSync(folder).sort();
    const made = await cli.run(['backup']);
    expect(made.code).toBe(1);
    expect(made.json.error).toMatchObject({ code: 'REFUSED', message: expect.stringMatching(/^The backup failed its check and was removed: 1 record\(s\) differ from its audit log: sale #3 amount is 5/) });
    expect(readdirSync(folder).sort(), 'nothing left behind, the good backups kept').toEqual(before);
  });
});
