// When the till backs itself up (issue 13): a real till on the simulator with its own clock, a real
// backup folder. Every few hours of trading only when something was sold since the newest backup,
// after each end of day, at the first check of a new day; nothing when no folder is set, one
// warning when the folder is gone.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';
import { MemorySecretStore } from '../../src/shared/secret-store';
import type { Logger } from '../../src/shared/logger';
import { backupAfterEndOfDay, backupIfDue, startBackupLoop } from '../../src/till/backup/backup-schedule';
import { createTill, type Till } from '../../src/till/create-till';
import { startTerminalSale } from '../../src/till/sales/terminal-sale';
import { syncTerminals } from '../../src/till/terminals';
import { simulatorEnv } from '../support/till-harness';

let sim: CloverSimulator;
let till: Till;
let folder: string;
let clock = 0;
const warnings: string[] = [];
const logger: Logger = { log: (level, message) => void (level === 'warn' && warnings.push(message)) };

/** The till's clock: today at `hour` local time, `days` later. */
function at(hour: number, days = 0): void {
  const d = new Date();
  clock = new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, hour, 0, 0).getTime();
}

const sell = async () => expect(await startTerminalSale(till, { amount: 1200, funding: 'credit' })).toMatchObject({ state: 'approved' });
const setFolder = (value: string | undefined) => till.updateSettings((s) => void (s.backup.folder = value));
const files = () => readdirSync(folder).sort();

beforeAll(async () => {
  sim = await startCloverSimulator({ rateLimit: false, defaultAction: { kind: 'approve' }, flags: { velocityLimit: false } });
  const dataDir = mkdtempSync(join(tmpdir(), 'till-'));
  till = await createTill({ dataDir, env: simulatorEnv(sim), secrets: new MemorySecretStore(), logger, now: () => clock });
  await syncTerminals(till);
  folder = mkdtempSync(join(tmpdir(), 'counter-backups-'));
});
afterAll(async () => {
  await till?.close();
  await sim?.close();
});

describe('automatic backups', () => {
  it('skip silently with no folder set, and warn once when the folder is gone', async () => {
    at(8);
    await sell();
    expect(await backupIfDue(till)).toBeNull();
    expect(warnings).toEqual([]);
    const gone = join(folder, 'unplugged');
    setFolder(gone);
    expect(await backupIfDue(till)).toBeNull();
    expect(await backupIfDue(till)).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(/^backups cannot be written to .*unplugged: it does not exist/)]);
    setFolder(folder);
  });

  it('while trading: at once when there is none, then every few hours and only after a sale', async () => {
    at(8);
    const first = await backupIfDue(till);
    expect(first?.path).toMatch(/_08-00-00\.sqlite$/);
    at(9);
    expect(await backupIfDue(till), 'nothing sold since').toBeNull();
    await sell();
    expect(await backupIfDue(till), 'sold, but the newest backup is an hour old').toBeNull();
    at(12);
    expect((await backupIfDue(till))?.path, 'four hours after the newest').toMatch(/_12-00-00\.sqlite$/);
    at(17);
    expect(await backupIfDue(till), 'five hours, nothing sold').toBeNull();
    expect(files(), 'the newest of the day is kept').toEqual([expect.stringMatching(/_12-00-00\.sqlite$/)]);
  });

  it('after the end of day, when anything was sold since the newest backup', async () => {
    at(17);
    expect(await backupAfterEndOfDay(till), 'nothing sold since noon').toBeNull();
    await sell();
    at(18);
    expect((await backupAfterEndOfDay(till))?.path).toMatch(/_18-00-00\.sqlite$/);
  });

  it('at the first check of a new day, for a day that ended without an end-of-day report', async () => {
    at(19);
    await sell();
    at(21);
    expect(await backupIfDue(till)).toBeNull();
    at(0, 1); // midnight passed: yesterday's last sales are copied at once
    expect((await backupIfDue(till))?.path).toMatch(/_00-00-00\.sqlite$/);
    expect(files()).toHaveLength(2); // yesterday's newest and today's
  });

  it('the timer the app starts backs up by itself', async () => {
    at(6, 1);
    await sell();
    at(11, 1);
    const loop = startBackupLoop(till, 20);
    try {
      const end = Date.now() + 10_000;
      while (!files().some((f) => f.endsWith('_11-00-00.sqlite')) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    } finally {
      loop.stop();
    }
    expect(files()).toEqual([expect.stringMatching(/_18-00-00\.sqlite$/), expect.stringMatching(/_11-00-00\.sqlite$/)]);
    rmSync(folder, { recursive: true, force: true });
  });
});
