import { describe, expect, it } from 'vitest';
import { containsPan } from '../../src/sync';
import { newOperationKey } from '../../src/till/refunds/idempotency-key';

describe('operation idempotency keys', () => {
  it('are UUIDv4s that the ledger PAN guard never refuses', () => {
    for (let i = 0; i < 20_000; i++) {
      const key = newOperationKey();
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      if (containsPan(key)) throw new Error(`card-like key ${key}`);
    }
  });
});
