// The app's log: one redacted line per entry in <data folder>/logs/counter.log.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lineLogger, type Logger } from '../shared/logger';

export function fileLogger(dataDir: string): Logger {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'counter.log');
  return lineLogger((line) => appendFileSync(file, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 }), 'info');
}
