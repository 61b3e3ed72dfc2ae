// Typed errors of the Clover client. The rule the till relies on: a THROWN error means Clover
// did not process the request (bad input, missing/expired authorization, configuration);
// what the server said about a money call comes back as a result union, never as a throw.
// Messages never contain card numbers, tokens or keys.

export abstract class CloverError extends Error {
  abstract readonly code: string;
}

/** Invalid input, detected before any network call. `field` names the offending input. */
export class CloverInputError extends CloverError {
  override readonly name: string = 'CloverInputError';
  readonly code: string = 'CLOVER_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export type CardField = 'number' | 'expiry' | 'cvv' | 'brand';

/** Keyed card rejected locally (Luhn, length, brand, expiry, CVV). Never echoes the card. */
export class CardValidationError extends CloverInputError {
  override readonly name = 'CardValidationError';
  override readonly code = 'CLOVER_CARD_INVALID';
  constructor(
    override readonly field: CardField,
    message: string,
  ) {
    super(field, message);
  }
}

export class CloverConfigError extends CloverError {
  override readonly name = 'CloverConfigError';
  readonly code = 'CLOVER_CONFIG';
}

/** A feature that Clover (or this build) does not support, e.g. partial Ecommerce refunds (D9). */
export class CloverNotSupportedError extends CloverError {
  override readonly name = 'CloverNotSupportedError';
  readonly code = 'CLOVER_NOT_SUPPORTED';
}

/**
 * The merchant must authorize the app again: no tokens stored, refresh token expired, or the
 * refresh endpoint answered 400/401 (D21: a used or revoked refresh token never recovers).
 */
export class ReauthorizeRequiredError extends CloverError {
  override readonly name = 'ReauthorizeRequiredError';
  readonly code = 'CLOVER_REAUTHORIZE';
  constructor(
    readonly merchantId: string,
    readonly reason: 'no-tokens' | 'refresh-token-expired' | 'refresh-rejected',
    message?: string,
  ) {
    super(message ?? `Clover authorization for merchant ${merchantId} must be renewed (${reason})`);
  }
}

/**
 * Clover answered 401 to a legacy credential (merchant API token or Ecommerce private key).
 * Those never expire and cannot be refreshed (§4), so the merchant must enter a new one.
 */
export class CredentialRejectedError extends CloverError {
  override readonly name = 'CredentialRejectedError';
  readonly code = 'CLOVER_CREDENTIAL_REJECTED';
  constructor(
    readonly merchantId: string,
    readonly credential: 'merchant-token' | 'ecommerce-key',
  ) {
    super(
      credential === 'merchant-token'
        ? `Clover rejected the merchant API token of merchant ${merchantId}: enter a new one from the Clover dashboard (Settings, or \`counter secret set clover-token\`).`
        : `Clover rejected the Ecommerce private key of merchant ${merchantId}: enter a new one from the Clover dashboard (Settings, or \`counter secret set ecommerce-key\`).`,
    );
  }
}

/**
 * A refresh that failed for a transient reason (network, 5xx, lock wait). If `outcomeUnknown`,
 * Clover may have rotated the pair and the new one was lost: the next refresh may then need
 * re-authorization.
 */
export class TokenRefreshError extends CloverError {
  override readonly name = 'TokenRefreshError';
  readonly code = 'CLOVER_TOKEN_REFRESH';
  constructor(
    readonly merchantId: string,
    message: string,
    readonly outcomeUnknown: boolean,
  ) {
    super(message);
  }
}

/** The OAuth redirect was not ours (state mismatch) or carried an error. */
export class OAuthCallbackError extends CloverError {
  override readonly name = 'OAuthCallbackError';
  readonly code = 'CLOVER_OAUTH_CALLBACK';
}

/** The authorization code was refused at `/oauth/v2/token` (expired, reused, wrong verifier). */
export class OAuthExchangeError extends CloverError {
  override readonly name = 'OAuthExchangeError';
  readonly code = 'CLOVER_OAUTH_EXCHANGE';
  constructor(
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

export type RequestFailureKind = 'busy' | 'timeout' | 'unknown' | 'invalid' | 'unauthorized' | 'not-found';

/** A read (Platform v3, PAKMS, tokenization) that failed; reads throw, money calls return results. */
export class CloverRequestError extends CloverError {
  override readonly name = 'CloverRequestError';
  readonly code = 'CLOVER_REQUEST';
  constructor(
    readonly kind: RequestFailureKind,
    message: string,
    readonly httpStatus?: number,
    readonly cloverCode?: string,
  ) {
    super(message);
  }
}
