// Keyed (card-not-present) payments for one merchant: tokenize, then charge the token.
import type { MoneyResult } from '../results';
import type { ChargeBalance, ChargeReader, FoundCharge } from './charge-read';
import type { CardInput } from './card';
import type { ChargeCalls, ChargeRequest, ChargeValue, EcomRefundValue } from './charges';
import type { PakmsKeys } from './pakms';
import type { CardToken, Tokenize } from './tokenize';

export interface EcommerceClient {
  /** Validates locally (typed CardValidationError, no network), then tokenizes. */
  tokenize(card: CardInput): Promise<CardToken>;
  charge(request: ChargeRequest): Promise<MoneyResult<ChargeValue>>;
  capture(chargeId: string, request: { amount?: number; idempotencyKey: string }): Promise<MoneyResult<ChargeValue>>;
  /** Keyed "void" is a full refund too (D10). */
  refund(chargeId: string, request: { amount?: number; idempotencyKey: string }): Promise<MoneyResult<EcomRefundValue>>;
  /** The charge as Clover holds it now (a read: throws on failure); null when unknown. */
  getCharge(chargeId: string): Promise<ChargeBalance | null>;
  /** Recent charges whose description holds `marker` (a keyed attempt's id); throws when unreadable. */
  findCharges(marker: string): Promise<FoundCharge[]>;
  /**
   * Fetches the PAKMS key afresh with the credential in use for Ecommerce: proves that
   * credential reaches Clover Ecommerce (a rejected one throws CredentialRejectedError), and
   * leaves the key ready for the first keyed sale.
   */
  checkAccess(): Promise<void>;
}

export function createEcommerce(merchantId: string, tokenize: Tokenize, charges: ChargeCalls, reader: ChargeReader, keys: PakmsKeys): EcommerceClient {
  return {
    async checkAccess() {
      await keys.invalidate(merchantId);
      await keys.get(merchantId);
    },
    tokenize: (card) => tokenize(merchantId, card),
    charge: (r) => charges.charge(merchantId, r),
    capture: (id, r) => charges.capture(merchantId, id, r),
    refund: (id, r) => charges.refund(merchantId, id, r),
    getCharge: (id) => reader.getCharge(merchantId, id),
    findCharges: (marker) => reader.findCharges(merchantId, marker),
  };
}

export type { CardBrand, CardInput } from './card';
export type { CardToken } from './tokenize';
export type { ChargeRequest, ChargeValue, EcomRefundValue } from './charges';
export type { ChargeBalance, FoundCharge } from './charge-read';
