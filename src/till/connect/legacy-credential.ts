// Connecting without a registered Clover app: the merchant pastes a REST API token or an
// Ecommerce private key from the Clover dashboard (clover-api.md §4 "Auth precedence
// observed"). The secret goes to the keychain; only the merchant id (and name) reach settings.
import { CredentialRejectedError, type LegacyCredentialKind } from '../../clover';
import { CounterError } from '../../shared/contract/result';
import type { Till } from '../create-till';

const MERCHANT_ID = /^[A-Z0-9]{13}$/;

export async function saveLegacyCredential(
  till: Till,
  input: { kind: LegacyCredentialKind; merchantId: string; value: string },
): Promise<{ merchantId: string; merchantName: string | null }> {
  if (till.simulator) throw new CounterError('REFUSED', 'This till runs on the built-in simulator and is connected to it already.');
  const merchantId = input.merchantId.trim().toUpperCase();
  if (!MERCHANT_ID.test(merchantId)) throw new CounterError('BAD_INPUT', 'A Clover merchant id is 13 letters and digits (Clover dashboard → Account & Setup).');
  // OAuth takes precedence (§4): a token or key saved beside it would never be used.
  if ((await till.clover.credentials.kind(merchantId)) === 'oauth') {
    throw new CounterError('REFUSED', 'This till reaches that merchant with OAuth, which Clover prefers; disconnect Clover first to use an API token or Ecommerce key instead.');
  }
  // GET /v3/merchants/{mId} is the connection test every credential may make (§4). A credential
  // Clover refuses is not kept (what was stored before comes back); an unreachable Clover leaves
  // it saved, to be tried when Clover answers.
  const merchantName = await till.clover.credentials.tryLegacy(input.kind, merchantId, input.value, async () => {
    try {
      const merchant = till.clover.merchant(merchantId);
      // The merchant read goes through a stored dashboard token first; an Ecommerce key is proved
      // on its own surface (and the PAKMS key its first keyed sale needs is fetched meanwhile).
      if (input.kind === 'ecommerce-key') await merchant.ecommerce.checkAccess();
      return (await merchant.platform.getMerchant()).name;
    } catch (error) {
      if (error instanceof CredentialRejectedError && error.credential === input.kind) throw error;
      till.logger.log('warn', 'clover credential saved but not verified', { merchantId, error: (error as Error).name });
      return null;
    }
  });
  // Only now does the till take the merchant: a refused credential must not leave settings
  // pointing at a merchant with nothing to reach it ("connected", yet unusable).
  till.updateSettings((s) => {
    if (s.clover.merchantId !== merchantId) delete s.clover.merchantName;
    s.clover.merchantId = merchantId;
    if (merchantName !== null) s.clover.merchantName = merchantName;
  });
  return { merchantId, merchantName };
}
