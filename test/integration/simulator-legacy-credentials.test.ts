// The simulator enforces Clover's auth matrix for legacy credentials over raw HTTP (clover-api.md
// §3.1, §4 "Auth precedence observed", §5, §8): a merchant API token reaches Platform v3 only; an
// Ecommerce private key reaches GET /v3/merchants/{mId}, PAKMS and charges only; REST Pay takes
// OAuth tokens alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator';

const M = 'SIMMERCHANT01';
const SERIAL = 'C0SIM0000001';
let sim: CloverSimulator;

beforeAll(async () => {
  sim = await startCloverSimulator({ rateLimit: false, profile: 'training', defaultAction: { kind: 'approve' } });
});
afterAll(() => sim.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (base: string, path: string, token: string) => fetch(`${base}${path}`, { headers: bearer(token) });
const ping = (token: string) =>
  fetch(`${sim.urls.api}/connect/v1/device/ping`, { method: 'POST', headers: { ...bearer(token), 'x-clover-device-id': SERIAL, 'x-pos-id': 'SIMRAID000001', 'user-agent': 'test' } });
const charge = (token: string) =>
  fetch(`${sim.urls.ecommerce}/v1/charges`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json', 'idempotency-key': `k-${Math.random()}`, 'x-forwarded-for': '10.0.0.1' },
    body: JSON.stringify({ amount: 100, currency: 'usd', source: 'clv_nosuchtoken' }),
  });

describe('legacy credentials on the simulator', () => {
  it('a merchant API token: Platform v3 yes; REST Pay, PAKMS and charges 401', async () => {
    const token = sim.control.issueLegacyToken('merchant-token', M);
    expect((await get(sim.urls.api, `/v3/merchants/${M}`, token)).status).toBe(200);
    expect((await get(sim.urls.api, `/v3/merchants/${M}/devices`, token)).status).toBe(200);
    expect((await get(sim.urls.api, `/v3/merchants/${M}/payments`, token)).status).toBe(200);
    const pay = await ping(token);
    expect(pay.status).toBe(401);
    expect(await pay.json()).toEqual({ message: expect.stringMatching(/OAuth access tokens only/) });
    expect((await get(sim.urls.ecommerce, '/pakms/apikey', token)).status).toBe(401);
    expect((await charge(token)).status).toBe(401);
  });

  it('an Ecommerce private key: GET merchant, PAKMS and charges yes; other v3 calls and REST Pay 401', async () => {
    const key = sim.control.issueLegacyToken('ecommerce-key', M);
    expect((await get(sim.urls.api, `/v3/merchants/${M}`, key)).status).toBe(200);
    expect((await get(sim.urls.api, `/v3/merchants/${M}/devices`, key)).status).toBe(401);
    expect((await get(sim.urls.api, `/v3/merchants/${M}/payments`, key)).status).toBe(401);
    expect((await ping(key)).status).toBe(401);
    const pakms = await get(sim.urls.ecommerce, '/pakms/apikey', key);
    expect(pakms.status).toBe(200);
    expect(await pakms.json()).toMatchObject({ apiAccessKey: sim.control.apiKey(M) });
    // Past auth: the charge is judged on its body (an unknown token source), not refused with 401.
    expect((await charge(key)).status).toBe(400);
  });

  it('OAuth still reaches everything, a legacy credential only its own merchant, and revoke kills it', async () => {
    const oauth = sim.control.issueTokens(M).access_token;
    expect((await ping(oauth)).status).toBe(200);
    expect((await get(sim.urls.api, `/v3/merchants/${M}/devices`, oauth)).status).toBe(200);
    const token = sim.control.issueLegacyToken('merchant-token', M);
    expect((await get(sim.urls.api, '/v3/merchants/OTHERMERCHANT', token)).status).toBe(401);
    sim.control.revokeTokens(M);
    expect((await get(sim.urls.api, `/v3/merchants/${M}`, token)).status).toBe(401);
  });

  it('mints legacy credentials over the HTTP control API too', async () => {
    const res = await fetch(`${sim.urls.api}/__sim/legacy-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'ecommerce-key' }) });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    expect((await get(sim.urls.ecommerce, '/pakms/apikey', token)).status).toBe(200);
    const bad = await fetch(`${sim.urls.api}/__sim/legacy-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'root' }) });
    expect(bad.status).toBe(400);
  });
});
