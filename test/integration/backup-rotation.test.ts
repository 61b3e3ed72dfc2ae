// Rotation and the doctor's `backups` line (issue 13), on real files: a backup folder holding older
// backups of this ledger, another till's backups and files that are no backups. `counter backup`
// keeps the newest of each recent day and month of its own ledger and touches nothing else.
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { type BackupFile, parseBackupName } from '../../src/till/backup/backup-files';
import { backupsToRemove } from '../../src/till/backup/rotation';
import { CounterCli, requireTestKeyring } from '../support/cli-runner';
import { SERIAL } from '../support/till-harness';

let sim: CloverSimulator;
let cli: CounterCli;

const file = (name: string): BackupFile => ({ ...parseBackupName(name)!, path: name });
const name = (ledgerId: string, stamp: string) => `counter-ledger-${ledgerId}-${stamp}.sqlite`;
const ID = 'ABCDEFGHJKMNPQRS';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
const backupsLine = async (c: CounterCli) => ((await c.run(['doctor'])).json.checks as Check[]).find((x) => x.name === 'backups');

beforeAll(async () => {
  requireTestKeyring();
  sim = await startCloverSimulator({ rateLimit: false, flags: { velocityLimit: false } });
  cli = new CounterCli(sim);
  expect((await cli.run(['terminals', 'sync'])).code).toBe(0);
}, 60_000);
afterAll(async () => sim?.close());

describe('which backups rotation keeps', () => {
  it('the newest of each of the last N days with a backup, and of each of the last M months', () => {
    const files = [
      '2025-01-10_08-00-00', '2025-01-10_18-00-00', '2025-01-31_18-00-00', '2025-02-14_12-00-00', '2025-03-01_09-00-00',
      '2025-03-01_17-00-00', '2025-03-01_17-00-00-2', '2025-03-02_17-00-00', '2025-03-03_17-00-00',
    ].map((stamp) => file(name(ID, stamp)));
    const removed = backupsToRemove(files, { keepDaily: 2, keepMonthly: 3 }).map((f) => f.name.slice(32, -7));
    // Kept: 03-03 and 03-02 (the two newest days; 03-03 also March), 02-14 (February), 01-31 (January).
    expect(removed.sort()).toEqual(['2025-01-10_08-00-00', '2025-01-10_18-00-00', '2025-03-01_09-00-00', '2025-03-01_17-00-00', '2025-03-01_17-00-00-2']);
    expect(backupsToRemove(files, { keepDaily: 14, keepMonthly: 0 }).map((f) => f.name.slice(32, -7)).sort()).toEqual(['2025-01-10_08-00-00', '2025-03-01_09-00-00', '2025-03-01_17-00-00']);
  });
});

describe('counter backup and counter doctor on real files', () => {
  it('backups off: the doctor warns, and `counter backup` without a folder is a usage error', async () => {
    expect(await backupsLine(cli)).toMatchObject({ ok: true, detail: expect.stringMatching(/^WARNING: backups are off/) });
    const none = await cli.run(['backup']);
    expect(none.code).toBe(2);
    expect(none.json.error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('No backup folder is set') });
    const missing = await cli.run(['backup', '--to', join(tmpdir(), 'no-such-share', 'backups')]);
    expect(missing.code).toBe(1);
    expect(missing.json.error).toMatchObject({ code: 'REFUSED', message: expect.stringContaining('does not exist or cannot be reached') });
  });

  it('keeps this ledger\'s newest of each day and month, leaves other tills\' backups and other files alone', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'counter-backups-'));
    expect((await cli.run(['settings', 'set', 'backup.keepDaily', '3'])).code).toBe(0);
    expect((await cli.run(['settings', 'set', 'backup.keepMonthly', '2'])).code).toBe(0);
    expect((await cli.run(['settings', 'set', 'backup.folder', folder])).code).toBe(0);
    sim.control.script(SERIAL, { kind: 'approve' });
    expect((await cli.run(['pay', '9.00'])).code).toBe(0);
    const first = await cli.run(['backup']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const { ledgerId, path } = first.json.backup as { ledgerId: string; path: string };
    const today = path.slice(folder.length + 1);

    // Older backups of this ledger, as earlier days and months would have left them.
    const older = ['2024-01-10_08-00-00', '2024-01-10_18-00-00', '2024-01-20_18-00-00', '2024-02-05_18-00-00', '2024-02-06_18-00-00', '2024-03-01_09-00-00', '2024-03-01_17-00-00'];
    for (const stamp of older) writeFileSync(join(folder, name(ledgerId, stamp)), 'old backup');
    const others = [name('ANOTHERTILLXXXXX', '2020-01-01_08-00-00'), 'notes.txt', 'counter-ledger-export.csv'];
    for (const other of others) writeFileSync(join(folder, other), 'not ours');
    mkdirSync(join(folder, 'archive'));
    // A half-written copy of this ledger from a backup that died two hours ago; another till's, just begun.
    const stale = `${name(ledgerId, '2024-03-01_17-30-00')}.partial`;
    writeFileSync(join(folder, stale), 'half');
    const twoHoursAgo = (Date.now() - 2 * 3_600_000) / 1000;
    utimesSync(join(folder, stale), twoHoursAgo, twoHoursAgo);
    const othersPartial = `${name('ANOTHERTILLXXXXX', '2024-03-01_17-30-00')}.partial`;
    writeFileSync(join(folder, othersPartial), 'half');

    sim.control.script(SERIAL, { kind: 'approve' });
    expect((await cli.run(['pay', '9.50'])).code).toBe(0);
    const second = await cli.run(['backup']);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    const newest = (second.json.backup as { path: string }).path.slice(folder.length + 1);
    // 3 days: today (its newest only), 2024-03-01 (17:00), 2024-02-06. 2 months: this one, 2024-03.
    expect(readdirSync(folder).sort()).toEqual([newest, name(ledgerId, '2024-02-06_18-00-00'), name(ledgerId, '2024-03-01_17-00-00'), ...others, 'archive', othersPartial].sort());
    expect((second.json.backup as { removed: string[] }).removed.sort()).toEqual([today, ...older.filter((s) => !['2024-02-06_18-00-00', '2024-03-01_17-00-00'].includes(s)).map((s) => name(ledgerId, s))].sort());

    expect(await backupsLine(cli)).toMatchObject({ ok: true, detail: expect.stringMatching(new RegExp(`^newest ${newest.replace(/\./g, '\\.')}, \\d+ min old`)) });
  }, 60_000); // five `counter` runs and two backups

  it('the doctor fails the line when the folder cannot be reached', async () => {
    expect((await cli.run(['settings', 'set', 'backup.folder', join(tmpdir(), 'unplugged-disk-xyz')])).code).toBe(0);
    expect(await backupsLine(cli)).toMatchObject({ ok: false, detail: expect.stringContaining('cannot back up to') });
  });
});
