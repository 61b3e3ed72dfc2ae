import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError, settingsPath, updateSettings } from '../../src/till/settings-file';

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
