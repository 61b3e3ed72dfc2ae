// The real keychain: gnome-keyring in a private D-Bus session (scripts/test.mjs sets it up and
// exports COUNTER_TEST_KEYRING=1). In CI the keyring must be there, so nothing skips.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeychainSecretStore, KeychainUnavailableError } from '../../src/till/secrets/keychain-secret-store';

const haveKeyring = process.env.COUNTER_TEST_KEYRING === '1';
const mustHave = process.env.CI === 'true';

describe('keychain secret store', () => {
  it.runIf(haveKeyring || mustHave)('stores, reads, replaces and deletes secrets in Secret Service', async () => {
    const store = new KeychainSecretStore(`counter-test-${randomUUID()}`);
    await store.check();
    expect(await store.get('clover.tokens.M1')).toBeNull();
    await store.set('clover.tokens.M1', '{"access_token":"a1"}');
    await store.set('clover.tokens.M1', '{"access_token":"a2"}');
    expect(await store.get('clover.tokens.M1')).toBe('{"access_token":"a2"}');
    await store.delete('clover.tokens.M1');
    expect(await store.get('clover.tokens.M1')).toBeNull();
  });

  it.runIf(haveKeyring || mustHave)('is visible to other programs through libsecret (a real store, not memory)', async () => {
    const service = `counter-test-${randomUUID()}`;
    const store = new KeychainSecretStore(service);
    await store.set('odoo.apikey', 'k-123');
    const r = spawnSync('secret-tool', ['lookup', 'service', service, 'username', 'odoo.apikey'], { encoding: 'utf8' });
    await store.delete('odoo.apikey');
    expect(r.stdout).toBe('k-123');
  });

  it('refuses clearly, with no fallback, when Secret Service is unreachable', () => {
    // A child process with a dead D-Bus address: the native module must not fall back to the
    // kernel keyring or memory.
    const r = spawnSync('tsx', ['test/support/keychain-probe.ts', 'counter-test-dead'], {
      encoding: 'utf8',
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' },
      timeout: 20_000,
    });
    expect(r.stdout).not.toContain('STORED');
    expect(r.stdout).toContain('KeychainUnavailableError');
    expect(r.stdout).toMatch(/keychain is not available/);
  });

  it('rejects secret names that could collide or smuggle data', async () => {
    const store = new KeychainSecretStore('counter-test');
    await expect(store.get('bad name with spaces')).rejects.toThrow(/invalid secret name/);
    expect(KeychainUnavailableError).toBeDefined();
  });
});
