// settings.json in the data folder: the same file electron-store keeps for the app, read and
// written here for the `counter` command. Writes are atomic (temp file + rename) so a crash
// never leaves half a file; a corrupt or invalid file is an error, never silently reset.
// Changes take a cross-process lock, so the app and the command never lose each other's.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Settings, settingsSchema } from '../shared/settings';
import { withFileLockSync } from './file-lock-sync';

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly code = 'BAD_SETTINGS';
}

export const SETTINGS_FILE = 'settings.json';

export function settingsPath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE);
}

// The till asks for its settings several times per sale; parsing and checking the file each time
// cost about a millisecond. The parsed file is kept while the file stays the same one: a write
// (temp file + rename, here or in another process) gives it a new inode, size or time.
const parsedByFile = new Map<string, { stamp: string; settings: Settings }>();

export function readSettings(dataDir: string): Settings {
  const file = settingsPath(dataDir);
  const stat = statSync(file, { throwIfNoEntry: false, bigint: true });
  if (!stat) return settingsSchema.parse({});
  const stamp = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const cached = parsedByFile.get(file);
  if (cached?.stamp === stamp) return structuredClone(cached.settings);
  const settings = parseSettingsFile(file);
  parsedByFile.set(file, { stamp, settings });
  return structuredClone(settings);
}

function parseSettingsFile(file: string): Settings {
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

const LOCK_WAIT_MS = 5_000;
// A change holds the lock for milliseconds; a lock this old was left by a killed process and is
// taken over within one wait. Every holder must agree on it: staleness is judged by the waiter.
export const SETTINGS_LOCK_STALE_MS = 4_000;

/** Read, change and write settings.json as one step no other process can interleave with. */
export function updateSettings(dataDir: string, change: (s: Settings) => Settings | void): Settings {
  mkdirSync(dataDir, { recursive: true });
  const file = settingsPath(dataDir);
  const busy = () => new SettingsError(`${file} is being changed by another process (lock ${file}.lock held over ${LOCK_WAIT_MS / 1000} s); try again`);
  return withFileLockSync(
    file,
    () => {
      const current = readSettings(dataDir);
      const draft = structuredClone(current);
      const next = change(draft) ?? draft;
      writeSettings(dataDir, next);
      return readSettings(dataDir);
    },
    { staleMs: SETTINGS_LOCK_STALE_MS, maxWaitMs: LOCK_WAIT_MS, busyError: busy },
  );
}
