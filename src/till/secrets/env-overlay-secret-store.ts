// Headless use (`ODOO_API_KEY=... counter sync`): the key from the environment is served for
// reads of its name and never written anywhere; everything else goes to the real store.
import type { SecretStore } from '../../shared/secret-store';

export class EnvOverlaySecretStore implements SecretStore {
  constructor(
    private readonly inner: SecretStore,
    private readonly overlay: Record<string, string>,
  ) {}

  async get(key: string): Promise<string | null> {
    return this.overlay[key] ?? this.inner.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    await this.inner.set(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.inner.delete(key);
  }
}
