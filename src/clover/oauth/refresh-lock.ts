// Cross-process mutual exclusion for token refresh. A Clover refresh token works exactly once,
// so the app and the `counter` CLI must never refresh the same merchant at the same time.
// proper-lockfile uses an atomic mkdir plus a heartbeat, so a crashed holder goes stale.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Logger } from '../../shared/logger';
import { sleep } from '../http/backoff';
import { TokenRefreshError } from '../errors';

export interface RefreshLock {
  withLock<T>(merchantId: string, fn: () => Promise<T>): Promise<T>;
}

export interface FileRefreshLockOptions {
  /** The app's data folder (shared by every process of this install). */
  dir: string;
  logger: Logger;
  /** A holder that stops heart-beating for this long is presumed dead. */
  staleMs?: number;
  /** Give up waiting for another process after this long. */
  maxWaitMs?: number;
}

export function createFileRefreshLock(options: FileRefreshLockOptions): RefreshLock {
  const staleMs = options.staleMs ?? 10_000;
  const maxWaitMs = options.maxWaitMs ?? 30_000;

  return {
    async withLock(merchantId, fn) {
      await mkdir(options.dir, { recursive: true });
      const target = join(options.dir, `clover-refresh-${merchantId.replace(/[^A-Za-z0-9_-]/g, '_')}`);
      const deadline = Date.now() + maxWaitMs;
      let release: (() => Promise<void>) | undefined;
      while (!release) {
        try {
          release = await lockfile.lock(target, {
            realpath: false,
            stale: staleMs,
            retries: 0,
            onCompromised: (err) => options.logger.log('warn', 'clover refresh lock compromised', { merchantId, error: err.name }),
          });
        } catch (err) {
          if ((err as { code?: string }).code !== 'ELOCKED') throw err;
          if (Date.now() >= deadline) {
            throw new TokenRefreshError(merchantId, 'another process holds the token refresh lock for too long', false);
          }
          await sleep(40 + Math.floor(Math.random() * 80));
        }
      }
      try {
        return await fn();
      } finally {
        await release().catch((err: unknown) =>
          options.logger.log('warn', 'clover refresh lock release failed', { merchantId, error: (err as Error).name }),
        );
      }
    },
  };
}
