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
  await till.clover.credentials.saveLegacy(input.kind, merchantId, input.value);
  // The till takes the merchant only once the credential is not refused: a rejected one must not
  // leave settings pointing at a merchant with nothing to reach it ("connected", yet unusable).
  const useMerchant = (name: string | null) =>
    till.updateSettings((s) => {
      if (s.clover.merchantId !== merchantId) delete s.clover.merchantName;
      s.clover.merchantId = merchantId;
      if (name !== null) s.clover.merchantName = name;
    });
  // GET /v3/merchants/{mId} is the connection test every credential may make (§4). A rejected
  // credential is removed again at once; an unreachable Clover leaves it saved for later.
  try {
    const merchant = await till.clover.merchant(merchantId).platform.getMerchant();
    useMerchant(merchant.name);
    return { merchantId, merchantName: merchant.name };
  } catch (error) {
    if (error instanceof CredentialRejectedError && error.credential === input.kind) {
      await till.clover.credentials.forgetLegacy(merchantId, input.kind);
      throw error;
    }
    useMerchant(null);
    till.logger.log('warn', 'clover credential saved but not verified', { merchantId, error: (error as Error).name });
    return { merchantId, merchantName: null };
  }
}
