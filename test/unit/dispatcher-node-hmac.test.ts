// The Node dispatcher's node:crypto MAC must be interchangeable with the WebCrypto default:
// a state signed on one platform verifies on the other, and a forged one fails on both.
import { describe, expect, it } from 'vitest';
import { nodeHmac } from '../../src/dispatcher/node-hmac';
import { signState, verifySignedState, webCryptoHmac } from '../../src/shared/signed-state';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

describe('nodeHmac', () => {
  it('gives the same 32 bytes as WebCrypto, for ASCII and non-ASCII secrets and texts', async () => {
    // Keys shorter than, exactly and longer than SHA-256's 64-byte block (a long key is hashed first).
    const cases = [['s3cret', 'payload'], ['clé-secrète-é', 'données ✓ 😀'], ['k'.repeat(64), ''], ['x'.repeat(200), 'y'.repeat(5000)], ['é'.repeat(40), 'z']] as const;
    for (const [secret, text] of cases) {
      const node = nodeHmac(secret, text) as Uint8Array;
      expect(node).toHaveLength(32);
      expect(Buffer.from(node).toString('hex')).toBe(Buffer.from(await webCryptoHmac(secret, text)).toString('hex'));
    }
  });

  it('verifies a WebCrypto-signed state and vice versa; a forged one fails either way', async () => {
    const secret = 'dispatcher-secret-0123456789abcdef';
    const byWorkers = await signState({ redirect_to: 'https://odoo.example.com/cb' }, secret, NOW);
    const byNode = await signState({ redirect_to: 'https://odoo.example.com/cb' }, secret, NOW, nodeHmac);
    expect(await verifySignedState(byWorkers, [secret], { now: NOW, hmac: nodeHmac })).toMatchObject({ ok: true });
    expect(await verifySignedState(byNode, [secret], { now: NOW })).toMatchObject({ ok: true });
    const forged = `${byNode.split('.')[0]}.${'A'.repeat(43)}`;
    for (const hmac of [nodeHmac, webCryptoHmac]) {
      expect(await verifySignedState(forged, [secret], { now: NOW, hmac })).toMatchObject({ ok: false, reason: 'forged' });
    }
  });

  it('still refuses an empty secret before any MAC is made', async () => {
    await expect(verifySignedState('a.b', [''], { hmac: nodeHmac })).resolves.toMatchObject({ ok: false });
    await expect(signState({ redirect_to: 'https://odoo.example.com/cb' }, '', NOW, nodeHmac)).rejects.toThrow(/empty secret/);
  });
});
