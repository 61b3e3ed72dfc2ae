// Card tokenization: the ONLY place a keyed PAN is sent, and only to `{token}/v1/tokens`.
// The card is validated locally first (no network call for a bad card), the request body is
// never logged, and errors carry Clover's redacted message, never the card.
import type { Logger } from '../../shared/logger';
import { classifyFailure } from '../classify';
import { CloverRequestError } from '../errors';
import type { AuthorizedRequester } from '../http/authorized';
import { errorInfo, isRecord } from '../http/response';
import type { HttpOutcome } from '../http/transport';
import { validateCard, type CardBrand, type CardInput, type ValidatedCard } from './card';
import type { PakmsKeys } from './pakms';

/** Everything about the card that may leave the tokenizer: a single-use token, brand, last 4. */
export interface CardToken {
  token: string;
  brand: CardBrand;
  last4: string;
}

export interface TokenizerOptions {
  requester: AuthorizedRequester;
  keys: PakmsKeys;
  logger: Logger;
  deadlineMs: number;
  now: () => number;
}

export function createTokenizer(options: TokenizerOptions) {
  const send = (merchantId: string, card: ValidatedCard, apikey: string): Promise<HttpOutcome> =>
    options.requester.sendLimited(merchantId, {
      role: 'token',
      method: 'POST',
      path: '/v1/tokens',
      // Lower-case `apikey`: `apiAccessKey` as a header name gets 401 (§8).
      headers: { apikey },
      body: { card: { number: card.digits, exp_month: card.expMonth, exp_year: card.expYear, cvv: card.cvv, brand: card.brand } },
      deadlineMs: options.deadlineMs,
    });

  return async function tokenize(merchantId: string, input: CardInput): Promise<CardToken> {
    const card = validateCard(input, new Date(options.now()));
    let out = await send(merchantId, card, await options.keys.get(merchantId));
    if (out.kind === 'response' && out.status === 401) {
      // A stored key may have been rotated on Clover's side: fetch it once more.
      await options.keys.invalidate(merchantId);
      out = await send(merchantId, card, await options.keys.get(merchantId));
    }
    const failure = classifyFailure(out);
    if (failure) {
      const kind = failure.kind === 'cancelled' ? 'invalid' : failure.kind;
      const info = out.kind === 'response' ? errorInfo(out.json) : {};
      const why = scrub(info.message ?? failure.message ?? failure.kind, card);
      options.logger.log('warn', 'clover tokenize failed', { merchantId, kind, status: failure.httpStatus, code: info.code, brand: card.brand, last4: card.last4 });
      throw new CloverRequestError(kind, `card tokenization failed: ${why}`, failure.httpStatus, info.code);
    }
    const id = out.kind === 'response' && isRecord(out.json) ? out.json.id : undefined;
    if (typeof id !== 'string' || id === '') throw new CloverRequestError('unknown', 'card tokenization returned no token');
    options.logger.log('info', 'clover card tokenized', { merchantId, brand: card.brand, last4: card.last4 });
    return { token: id, brand: card.brand, last4: card.last4 };
  };
}

/** Belt and braces on top of redaction: whatever Clover echoes, our card's digits go. */
function scrub(text: string, card: ValidatedCard): string {
  return text.split(card.digits).join(`[card …${card.last4}]`);
}

export type Tokenize = ReturnType<typeof createTokenizer>;
