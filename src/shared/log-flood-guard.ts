// Keeps a flood of one message from drowning a log and the process writing it: each message
// text is written at most `perWindow` times per window; the rest are counted. The next line of
// that message says how many were left out (`suppressedBefore`); if that message stops, the
// count is written as a line of its own (`suppressed`) with the next line of any message, or by
// flush() (the Node server calls it every second; a Worker has no timer between requests). A
// burst of webhooks or a run of forged OAuth states then costs a counter, not a formatted line.
import type { Logger, LogLevel, LogFields } from './logger';

export interface FloodGuardOptions {
  /** Lines of one message text written per window (default 20). */
  perWindow?: number;
  /** Window length in ms (default 1000). */
  windowMs?: number;
  now?: () => number;
}

export interface FloodGuardedLogger extends Logger {
  /** Writes the counts still held back, now. */
  flush(): void;
}

interface Tally {
  windowStart: number;
  written: number;
  suppressed: number;
  level: LogLevel;
}

/** Message texts remembered at most; a text seen once (a verification code line) is cheap to forget. */
const TALLY_LIMIT = 1000;

export function floodGuardedLogger(inner: Logger, options: FloodGuardOptions = {}): FloodGuardedLogger {
  const perWindow = options.perWindow ?? 20;
  const windowMs = options.windowMs ?? 1000;
  const now = options.now ?? Date.now;
  const tallies = new Map<string, Tally>();
  /** Messages with lines held back: few at a time, so checking them on every line is cheap. */
  const holding = new Set<string>();

  const writeHeldBack = (message: string, tally: Tally) => {
    inner.log(tally.level, message, { suppressed: tally.suppressed });
    tally.suppressed = 0;
    holding.delete(message);
  };
  const flushEnded = (at: number, except: string) => {
    for (const message of holding) {
      const tally = tallies.get(message)!;
      if (message !== except && at - tally.windowStart >= windowMs) writeHeldBack(message, tally);
    }
  };

  return {
    log(level: LogLevel, message: string, fields?: LogFields) {
      const at = now();
      if (holding.size > 0) flushEnded(at, message);
      let tally = tallies.get(message);
      if (!tally) {
        if (tallies.size >= TALLY_LIMIT) {
          for (const held of holding) writeHeldBack(held, tallies.get(held)!);
          tallies.clear();
        }
        tally = { windowStart: at, written: 0, suppressed: 0, level };
        tallies.set(message, tally);
      } else if (at - tally.windowStart >= windowMs) {
        tally.windowStart = at;
        tally.written = 0;
      }
      if (tally.written >= perWindow) {
        tally.suppressed++;
        tally.level = level;
        holding.add(message);
        return;
      }
      tally.written++;
      if (tally.suppressed > 0) {
        const left = tally.suppressed;
        tally.suppressed = 0;
        holding.delete(message);
        inner.log(level, message, { ...fields, suppressedBefore: left });
      } else inner.log(level, message, fields);
    },
    flush() {
      for (const message of holding) writeHeldBack(message, tallies.get(message)!);
    },
  };
}
