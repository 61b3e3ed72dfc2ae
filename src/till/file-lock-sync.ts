// A cross-process lock taken and released synchronously, for short read-modify-writes of a
// file that several processes share (settings.json: the app and the `counter` command).
// proper-lockfile makes the lock an atomic mkdir; a holder killed mid-change leaves a lock
// that goes stale and is taken over. Its sync API cannot retry, so waiting is done here.
import lockfile from 'proper-lockfile';

export interface FileLockSyncOptions {
  /** A lock older than this is presumed left by a dead process (proper-lockfile's floor is 2 s). */
  staleMs?: number;
  /** Give up waiting for another holder after this long. */
  maxWaitMs?: number;
  /** The error thrown when the wait runs out. */
  busyError: () => Error;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` without spinning (nothing ever notifies `pause`). */
function sleepSync(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

/** Runs `fn` holding the lock on `file` (which need not exist); its folder must exist. */
export function withFileLockSync<T>(file: string, fn: () => T, options: FileLockSyncOptions): T {
  const deadline = Date.now() + (options.maxWaitMs ?? 5_000);
  let release: (() => void) | undefined;
  while (!release) {
    try {
      // realpath: false, so the file itself may not exist yet. The heartbeat proper-lockfile
      // arms never fires: the lock is released before this thread yields to the event loop.
      release = lockfile.lockSync(file, { realpath: false, stale: options.staleMs ?? 2_000 });
    } catch (err) {
      if ((err as { code?: string }).code !== 'ELOCKED') throw err;
      if (Date.now() >= deadline) throw options.busyError();
      sleepSync(10 + Math.floor(Math.random() * 20)); // jittered, so two waiters do not collide in step
    }
  }
  try {
    return fn();
  } finally {
    release();
  }
}
