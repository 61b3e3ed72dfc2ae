// Idempotency-Key records (D5, D6): a key is bound to one request fingerprint; while its operation
// runs the record points at it, afterwards it holds the exact status + body to replay, for 24 h.
import type { DeviceOperation } from './device-operation';
import type { SimResponse } from './http-io';

export type IdempotencyEntry =
  | { state: 'pending'; fingerprint: string; createdAt: number; op: DeviceOperation }
  | { state: 'done'; fingerprint: string; createdAt: number; response: SimResponse };

export const IDEMPOTENCY_RETENTION_MS = 24 * 3600_000;

export class IdempotencyStore {
  private readonly entries = new Map<string, IdempotencyEntry>();

  constructor(private readonly now: () => number) {}

  get(scope: string, key: string): IdempotencyEntry | undefined {
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (entry && entry.state === 'done' && this.now() - entry.createdAt > IDEMPOTENCY_RETENTION_MS) {
      this.entries.delete(id);
      return undefined;
    }
    return entry;
  }

  /** Binds the key to a running operation; its final response is kept once it settles. */
  bindPending(scope: string, key: string, fingerprint: string, op: DeviceOperation): void {
    const id = `${scope}\u0000${key}`;
    const createdAt = this.now();
    this.entries.set(id, { state: 'pending', fingerprint, createdAt, op });
    op.onSettled((response, keep) => {
      if (this.entries.get(id)?.state !== 'pending') return;
      if (keep) this.entries.set(id, { state: 'done', fingerprint, createdAt, response });
      else this.entries.delete(id);
    });
  }

  storeDone(scope: string, key: string, fingerprint: string, response: SimResponse): void {
    this.entries.set(`${scope}\u0000${key}`, { state: 'done', fingerprint, createdAt: this.now(), response });
  }

  clear(): void {
    this.entries.clear();
  }
}
