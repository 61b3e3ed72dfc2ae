import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src/shared/settings';
import { hashPin, verifyPin } from '../../src/till/refunds/manager-pin';

describe('manager PIN', () => {
  it('hashes to "saltHex:scryptHex" that the settings accept, with a fresh salt each time', async () => {
    const a = await hashPin('1234');
    const b = await hashPin('1234');
    expect(a).toMatch(/^[0-9a-f]{32}:[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(settingsSchema.parse({ managerPinHash: a }).managerPinHash).toBe(a);
  });

  it('is scrypt N=16384 r=8 p=1, 32 bytes, over the salt', async () => {
    const stored = await hashPin('987654');
    const [salt, hash] = stored.split(':') as [string, string];
    expect(scryptSync('987654', Buffer.from(salt, 'hex'), 32, { N: 16384, r: 8, p: 1 }).toString('hex')).toBe(hash);
  });

  it('verifies the right PIN only', async () => {
    const stored = await hashPin('2468');
    expect(await verifyPin('2468', stored)).toBe(true);
    expect(await verifyPin('2469', stored)).toBe(false);
    expect(await verifyPin('24680', stored)).toBe(false);
  });

  it('never throws on bad input: a malformed PIN or stored hash is simply not a match', async () => {
    const stored = await hashPin('2468');
    expect(await verifyPin('', stored)).toBe(false);
    expect(await verifyPin('abcd', stored)).toBe(false);
    expect(await verifyPin('2468', 'not-a-hash')).toBe(false);
    expect(await verifyPin('2468', `${stored.slice(0, 40)}`)).toBe(false);
    expect(await verifyPin(undefined as unknown as string, stored)).toBe(false);
  });

  it('refuses to hash a PIN that is not 4 to 8 digits', async () => {
    await expect(hashPin('123')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(hashPin('123456789')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(hashPin('12a4')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
