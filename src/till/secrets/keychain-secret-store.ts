// The OS keychain as the one SecretStore for OAuth tokens and API keys (macOS Keychain,
// Windows Credential Manager, Secret Service on Linux). On Linux the entries are pinned to
// Secret Service: the kernel keyring fallback forgets everything at reboot, and a plain-text
// file would put tokens on disk. Without a working keychain we refuse; there is no fallback.
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import type { SecretStore } from '../../shared/secret-store';

export const DEFAULT_KEYCHAIN_SERVICE = 'fusion-clover-counter';

export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  readonly code = 'KEYCHAIN_UNAVAILABLE';
  constructor(detail: string) {
    super(
      'The OS keychain is not available' +
        (process.platform === 'linux' ? ' (Secret Service: start and unlock gnome-keyring or KWallet)' : '') +
        `: ${detail}. Credentials are never stored anywhere else.`,
    );
  }
}

const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export class KeychainSecretStore implements SecretStore {
  constructor(private readonly service = process.env.COUNTER_KEYCHAIN_SERVICE || DEFAULT_KEYCHAIN_SERVICE) {}

  private entry(key: string): AsyncEntry {
    if (!/^[\w.:@-]{1,200}$/.test(key)) throw new Error(`invalid secret name: ${JSON.stringify(key)}`);
    return new AsyncEntry(this.service, key, ENTRY_OPTIONS);
  }

  async get(key: string): Promise<string | null> {
    return this.guard(() => this.entry(key).getPassword());
  }

  async set(key: string, value: string): Promise<void> {
    await this.guard(() => this.entry(key).setPassword(value));
  }

  async delete(key: string): Promise<void> {
    await this.guard(() => this.entry(key).deleteCredential());
  }

  /** Round-trips a probe entry: the doctor's "keychain" check. */
  async check(): Promise<void> {
    const probe = `probe.${process.pid}`;
    await this.set(probe, 'ok');
    const read = await this.get(probe);
    await this.delete(probe);
    if (read !== 'ok') throw new KeychainUnavailableError('a test entry could not be read back');
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      // The native message names the store problem (no D-Bus, locked collection); it never
      // contains the secret itself.
      const message = error instanceof Error ? error.message : String(error);
      throw new KeychainUnavailableError(message.split('\n')[0] ?? 'unknown error');
    }
  }
}
