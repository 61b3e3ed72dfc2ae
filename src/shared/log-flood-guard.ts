// Keeps a flood of one message from drowning a log and the process writing it: each message
// text is written at most `perWindow` times per window; the rest are counted, and the next
// line of that message after the window says how many were left out. A burst of webhooks or
// a run of forged OAuth states (each logged) then costs a counter, not a formatted line.
import type { Logger, LogLevel, LogFields } from './logger';

export interface FloodGuardOptions {
  /** Lines of one message text written per window (default 20). */
  perWindow?: number;
  /** Window length in ms (default 1000). */
  windowMs?: number;
  now?: () => number;
}

interface Tally {
  windowStart: number;
  written: number;
  suppressed: number;
}

/** Message texts remembered at most; a text seen once (a verification code line) is cheap to forget. */
const TALLY_LIMIT = 1000;

export function floodGuardedLogger(inner: Logger, options: FloodGuardOptions = {}): Logger {
  const perWindow = options.perWindow ?? 20;
  const windowMs = options.windowMs ?? 1000;
  const now = options.now ?? Date.now;
  const tallies = new Map<string, Tally>();
  return {
    log(level: LogLevel, message: string, fields?: LogFields) {
      const at = now();
      let tally = tallies.get(message);
      if (!tally) {
        if (tallies.size >= TALLY_LIMIT) tallies.clear();
        tally = { windowStart: at, written: 0, suppressed: 0 };
        tallies.set(message, tally);
      } else if (at - tally.windowStart >= windowMs) {
        tally.windowStart = at;
        tally.written = 0;
      }
      if (tally.written >= perWindow) {
        tally.suppressed++;
        return;
      }
      tally.written++;
      if (tally.suppressed > 0) {
        const left = tally.suppressed;
        tally.suppressed = 0;
        inner.log(level, message, { ...fields, suppressedBefore: left });
      } else inner.log(level, message, fields);
    },
  };
}
