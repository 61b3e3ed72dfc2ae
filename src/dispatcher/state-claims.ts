// The fields of a signed state beyond what src/shared/signed-state reads: who signed it
// (`customer`) and the merchant it is for (`merchant_id`). Read from the payload text, which
// is untrusted until verifySignedState has checked its MAC; the MAC covers these exact bytes,
// so after that check they are as trustworthy as the fields it returns.
import { base64urlToText } from '../shared/base64url';
import { parseJsonObject, STATE_MAX_LENGTH } from '../shared/signed-state';

export interface StateClaims {
  customer?: string;
  merchant_id?: string;
}

/** The extra claims of `state`, or null when its payload is not a JSON object (verification will say why). */
export function readStateClaims(state: string | null): StateClaims | null {
  if (state === null || state.length > STATE_MAX_LENGTH) return null;
  const dot = state.indexOf('.');
  if (dot <= 0) return null;
  const value = parseJsonObject(base64urlToText(state.slice(0, dot)));
  if (value === null) return null;
  const { customer, merchant_id } = value;
  const claims: StateClaims = {};
  if (typeof customer === 'string') claims.customer = customer;
  if (typeof merchant_id === 'string') claims.merchant_id = merchant_id;
  return claims;
}
