// settings.json in the data folder: the same file electron-store keeps for the app, read and
// written here for the `counter` command. Writes are atomic (temp file + rename) so a crash
// never leaves half a file; a corrupt or invalid file is an error, never silently reset.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Settings, settingsSchema } from '../shared/settings';

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly code = 'BAD_SETTINGS';
}

export const SETTINGS_FILE = 'settings.json';

export function settingsPath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE);
}

export function readSettings(dataDir: string): Settings {
  const file = settingsPath(dataDir);
  if (!existsSync(file)) return settingsSchema.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SettingsError(`${file} is not valid JSON (${(e as Error).message}); fix or remove it`);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SettingsError(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function writeSettings(dataDir: string, settings: Settings): void {
  const valid = settingsSchema.parse(settings);
  mkdirSync(dataDir, { recursive: true });
  const file = settingsPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(valid, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

export function updateSettings(dataDir: string, change: (s: Settings) => Settings | void): Settings {
  const current = readSettings(dataDir);
  const draft = structuredClone(current);
  const next = change(draft) ?? draft;
  writeSettings(dataDir, next);
  return readSettings(dataDir);
}
