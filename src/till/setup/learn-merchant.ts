// Setup learned from the system that knows (issue 12): the till's currency is the one Clover's
// merchant takes, and the receipt's store name, address and phone come from Clover too unless
// a person entered them. Read at connect and by `counter doctor`, never guessed.
import type { CloverMerchantProfile } from '../../clover';
import type { Till } from '../create-till';

export interface Learned {
  profile: CloverMerchantProfile;
  /** The till's currency before, when this changed it. */
  currencyWas: string | null;
}

/**
 * Reads the merchant's profile and records what the till takes from it. The currency changes
 * only while the till has no money records in another currency waiting for Odoo (those would
 * otherwise be booked in the wrong currency); then it is reported, not changed.
 */
export async function learnFromClover(till: Till): Promise<Learned> {
  const profile = await till.merchant().platform.getMerchantProfile();
  const current = till.settings().currency;
  const canChange = current === profile.currency || !hasUndeliveredMoney(till);
  till.updateSettings((s) => {
    if (canChange) s.currency = profile.currency;
    s.clover.merchantName = profile.name.slice(0, 200);
    s.store.name ??= profile.name.slice(0, 100);
    if (s.store.address.length === 0) s.store.address = profile.address;
    if (!s.store.phone && profile.phone) s.store.phone = profile.phone.slice(0, 40);
  });
  return { profile, currencyWas: canChange && current !== profile.currency ? current : null };
}

function hasUndeliveredMoney(till: Till): boolean {
  const m = till.ledger.outbox.metrics();
  return m.depth + m.inFlight + m.parked > 0 || till.ledger.sales.unresolved().length > 0;
}
