// Per-till keys: derived from one master secret and the till's id, different for every till
// and master, the same on Node (node:crypto) and Workers (WebCrypto), and only for tills the
// config allows.
import { describe, expect, it } from 'vitest';
import { nodeHmac } from '../../src/dispatcher/node-hmac';
import { tillKeyCommand } from '../../src/dispatcher/node-till-key';
import { deriveTillKey, TillKeys, tillIdOfCustomer } from '../../src/dispatcher/till-keys';
import { webCryptoHmac } from '../../src/shared/signed-state';

const MASTER = 'till-master-0123456789abcdef0123456789';

describe('till keys', () => {
  it('derive one key per till and master, alike on both platforms', async () => {
    const front = await deriveTillKey(MASTER, 'front-1', webCryptoHmac);
    expect(front).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await deriveTillKey(MASTER, 'front-1', nodeHmac)).toBe(front);
    expect(await deriveTillKey(MASTER, 'front-2', webCryptoHmac)).not.toBe(front);
    expect(await deriveTillKey(`x${MASTER}`, 'front-1', webCryptoHmac)).not.toBe(front);
    await expect(deriveTillKey(MASTER, 'till:front-1', webCryptoHmac)).rejects.toThrow(/not a till id/);
  });

  it('are handed out only for allowed tills (removing an id revokes it)', async () => {
    const keys = new TillKeys(MASTER, new Set(['front-1']), webCryptoHmac);
    expect(await keys.keyFor('front-1')).toBe(await deriveTillKey(MASTER, 'front-1', webCryptoHmac));
    expect(keys.keyFor('front-2')).toBeNull();
    expect(new TillKeys(null, new Set(['front-1']), webCryptoHmac).keyFor('front-1')).toBeNull();
  });

  it('are named in a state as customer "till:<id>"', () => {
    expect(tillIdOfCustomer('till:front-1')).toBe('front-1');
    expect(tillIdOfCustomer('MERCH1')).toBeNull();
    expect(tillIdOfCustomer(undefined)).toBeNull();
  });

  it('are printed by `till-key <id>` as "<id>.<key>" from TILL_KEY_SECRET', async () => {
    expect(await tillKeyCommand(['front-1'], { TILL_KEY_SECRET: MASTER })).toEqual({ ok: true, line: `front-1.${await deriveTillKey(MASTER, 'front-1', webCryptoHmac)}` });
    expect(await tillKeyCommand(['front-1'], {})).toMatchObject({ ok: false, error: expect.stringMatching(/TILL_KEY_SECRET must be set/) });
    expect(await tillKeyCommand([], { TILL_KEY_SECRET: MASTER })).toEqual({ ok: false, error: 'usage: till-key <till id>' });
    expect(await tillKeyCommand(['a b'], { TILL_KEY_SECRET: MASTER })).toMatchObject({ ok: false });
  });
});
