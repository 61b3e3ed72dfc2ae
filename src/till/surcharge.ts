// Card surcharge: a rate per card brand in basis points, an optional cap, never on debit
// (card-network rules), switchable off per location. Computed BEFORE charging so the cashier
// and customer see it, and recorded separately from the base amount.
import { z } from 'zod';

export const CARD_BRANDS = ['VISA', 'MC', 'AMEX', 'DISCOVER', 'DINERS', 'JCB', 'OTHER'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];
export type CardFunding = 'credit' | 'debit' | 'prepaid' | 'unknown';

export const surchargeConfigSchema = z.object({
  enabled: z.boolean().default(false),
  /** Basis points per brand (300 = 3.00 %). Brands not listed use defaultRateBps. */
  ratesBps: z.partialRecord(z.enum(CARD_BRANDS), z.number().int().min(0).max(400)).default({}),
  defaultRateBps: z.number().int().min(0).max(400).default(0),
  /** Largest surcharge on one payment, in minor units; absent = no cap. */
  capMinor: z.number().int().positive().optional(),
});
export type SurchargeConfig = z.infer<typeof surchargeConfigSchema>;

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
