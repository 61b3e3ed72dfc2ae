// Child-process probe for the keychain tests: tries one write and prints what happened.
import { KeychainSecretStore } from '../../src/till/secrets/keychain-secret-store';

try {
  await new KeychainSecretStore(process.argv[2] ?? 'counter-test-probe').set('probe', 'v');
  console.log('STORED');
} catch (e) {
  const err = e as Error;
  console.log(`${err.name}: ${err.message}`);
}
