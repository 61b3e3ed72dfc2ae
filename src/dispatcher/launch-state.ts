// The state the launch path mints: clover-api.md §11's format and fields, plus `merchant_id`,
// the merchant it is minted for, which the callback holds Clover's `merchant_id` to.
// (`customer` keeps the merchant id too, as before, for ERPs that read it as their label.)
// Signed with the dispatcher's own key, which no till holds.
import { bytesToBase64url, textToBase64url } from '../shared/base64url';
import { newNonce, type HmacSha256 } from '../shared/signed-state';

export async function signLaunchState(redirectTo: string, merchantId: string, secret: string, now: number, hmac: HmacSha256): Promise<string> {
  const payload = { redirect_to: redirectTo, nonce: newNonce(), iat: Math.floor(now / 1000), customer: merchantId, merchant_id: merchantId };
  const encoded = textToBase64url(JSON.stringify(payload));
  return `${encoded}.${bytesToBase64url(await hmac(secret, encoded))}`;
}
