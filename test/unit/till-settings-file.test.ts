import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings, SETTINGS_LOCK_STALE_MS, SettingsError, settingsPath, updateSettings } from '../../src/till/settings-file';

const fresh = () => mkdtempSync(join(tmpdir(), 'settings-'));

describe('settings file', () => {
  it('gives defaults when there is no file, and round-trips changes', () => {
    const dir = fresh();
    expect(readSettings(dir).odoo.journal).toBe('Clover');
    updateSettings(dir, (s) => {
      s.terminals.push({ serial: 'C0SIM0000001', name: 'Front' });
      s.defaultTerminal = 'C0SIM0000001';
    });
    expect(readSettings(dir).terminals).toEqual([{ serial: 'C0SIM0000001', name: 'Front' }]);
  });

  it('refuses a corrupt or invalid file instead of resetting it', () => {
    const dir = fresh();
    writeFileSync(settingsPath(dir), '{not json');
    expect(() => readSettings(dir)).toThrow(SettingsError);
    writeFileSync(settingsPath(dir), JSON.stringify({ surcharge: { enabled: true, defaultRateBps: 9000 } }));
    expect(() => readSettings(dir)).toThrow(/surcharge.defaultRateBps/);
    expect(readFileSync(settingsPath(dir), 'utf8')).toContain('9000'); // untouched
  });

  it('refuses to write invalid settings', () => {
    const dir = fresh();
    expect(() => updateSettings(dir, (s) => void (s.currency = 'dollars'))).toThrow();
    expect(readSettings(dir).currency).toBe('USD');
  });
});

describe('settings file shared by processes', () => {
  // Two processes (think: the app and the `counter` command) each raise their own setting
  // many times at once on one data folder: without the lock, one's write drops the other's.
  it('loses no change when two processes update it at the same time', async () => {
    const dir = fresh();
    const COUNT = 150;
    const run = (field: string) =>
      new Promise<void>((done, fail) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/settings-increment-child.ts', dir, field, String(COUNT), '2'], { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', fail);
        child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${field} child exited ${code}: ${stderr}`))));
      });
    await Promise.all([run('timeoutSec'), run('defaultRateBps')]);
    const settings = readSettings(dir);
    expect(settings.clover.timeoutSec).toBe(120 + COUNT);
    expect(settings.surcharge.defaultRateBps).toBe(COUNT);
  }, 20_000);

  it('takes over a lock left by a killed process, even before settings.json exists', () => {
    const dir = fresh();
    const lock = `${settingsPath(dir)}.lock`;
    mkdirSync(lock); // what a holder killed mid-change leaves behind
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    updateSettings(dir, (s) => void (s.currency = 'CAD'));
    expect(readSettings(dir).currency).toBe('CAD');
    expect(existsSync(lock)).toBe(false); // released
  });

  it('refuses with a clear error when another process holds the lock too long, changing nothing', async () => {
    const dir = fresh();
    // A live holder in a process of its own, on the same staleness: its heartbeat keeps the lock
    // fresh (one held by this thread would not beat while updateSettings blocks it, and go stale).
    const lock = `require('proper-lockfile').lockSync(${JSON.stringify(settingsPath(dir))}, { realpath: false, stale: ${SETTINGS_LOCK_STALE_MS} })`;
    const holder = spawn(process.execPath, ['-e', `${lock}; console.log('held'); setTimeout(() => {}, 60_000);`], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((held, fail) => {
        holder.stdout.once('data', () => held());
        holder.once('exit', (code) => fail(new Error(`lock holder exited ${code}`)));
      });
      const started = Date.now();
      const refused = (() => {
        try {
          updateSettings(dir, (s) => void (s.currency = 'CAD'));
        } catch (e) {
          return e;
        }
      })();
      expect(refused).toBeInstanceOf(SettingsError);
      expect((refused as Error).message).toMatch(/settings\.json is being changed by another process/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(5_000 - 50);
      expect(readSettings(dir).currency).toBe('USD');
    } finally {
      if (holder.exitCode === null) {
        const exited = once(holder, 'exit');
        holder.kill();
        await exited;
      }
    }
    updateSettings(dir, (s) => void (s.currency = 'CAD')); // released with its holder, or stale
    expect(readSettings(dir).currency).toBe('CAD');
  }, 20_000);
});
