// Card surcharge: a rate per card brand in basis points, an optional cap, never on debit
// (card-network rules), switchable off per location. Computed BEFORE charging so the cashier
// and customer see it, and recorded separately from the base amount.
import type { z } from 'zod';
import { type CardBrand, surchargeSettingsSchema } from '../shared/settings';

export { CARD_BRANDS, type CardBrand } from '../shared/settings';
export type CardFunding = 'credit' | 'debit' | 'prepaid' | 'unknown';
export const surchargeConfigSchema = surchargeSettingsSchema;
export type SurchargeConfig = z.infer<typeof surchargeSettingsSchema>;

export interface SurchargeQuote {
  base: number;
  surcharge: number;
  total: number;
  rateBps: number;
  reason: 'applied' | 'disabled' | 'debit' | 'zero-rate';
}

/** Integer maths only: rounds half up to the cent. */
export function quoteSurcharge(base: number, card: { brand?: CardBrand; funding: CardFunding }, config: SurchargeConfig): SurchargeQuote {
  if (!Number.isSafeInteger(base) || base <= 0) throw new RangeError('base must be a positive integer of minor units');
  const none = (reason: SurchargeQuote['reason'], rateBps = 0): SurchargeQuote => ({ base, surcharge: 0, total: base, rateBps, reason });
  if (!config.enabled) return none('disabled');
  // Debit and prepaid cards may not be surcharged; "unknown" is treated as credit only when
  // the cashier says so (the caller passes 'credit').
  if (card.funding === 'debit' || card.funding === 'prepaid') return none('debit');
  const rateBps = (card.brand && config.ratesBps[card.brand]) ?? config.defaultRateBps;
  if (rateBps === 0) return none('zero-rate');
  let surcharge = Math.floor((base * rateBps + 5_000) / 10_000);
  if (config.capMinor !== undefined) surcharge = Math.min(surcharge, config.capMinor);
  return { base, surcharge, total: base + surcharge, rateBps, reason: 'applied' };
}
