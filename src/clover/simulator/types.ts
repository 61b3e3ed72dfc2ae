// Public types of the Clover simulator. Other folders code against these names: extend, never rename.

export interface SimDevice {
  id: string;
  serial: string;
  name: string;
  model: string;
}

export interface SimMerchant {
  id: string;
  name: string;
  devices: SimDevice[];
  /** GET /v3/merchants/{mId}/properties `defaultCurrency` (default USD). */
  currency?: string;
  /** GET /v3/merchants/{mId}/address: `country` (ISO 3166 alpha-2) and the postal lines. */
  address?: { address1?: string; address2?: string; city?: string; state?: string; zip?: string; country?: string; phoneNumber?: string };
  /** properties `locale` / `timezone`. */
  locale?: string;
  timezone?: string;
}

export type SimProfile = 'sandbox-faithful' | 'training' | 'production-like';

export type CustomerAction =
  /** `holdAfterAuth`: the card is authorized (money moved) but the device then waits, e.g. for a
   * signature, until control.act() or a reset (which voids it, D14). */
  | { kind: 'approve'; delayMs?: number; cardType?: string; last4?: string; entryType?: string; holdAfterAuth?: boolean }
  | { kind: 'decline'; delayMs?: number }
  | { kind: 'cancel'; delayMs?: number } // customer cancels on the device -> 209
  | { kind: 'partial'; delayMs?: number; approvedAmount?: number } // default 50 % of requested
  | { kind: 'hold' }; // never answers on its own: 504 after X-Clover-Timeout (or until control.act())

export type HostRole = 'api' | 'web' | 'ecommerce' | 'token';

export interface SimulatorFlags {
  /** D9: allow `amount`/`reason` on Ecommerce `/v1/refunds`. */
  ecomPartialRefunds?: boolean;
  /** D15: a void after the 25-minute window becomes a full refund instead of a 400. */
  emulateVoidToRefund?: boolean;
  /** D19: a missing User-Agent on REST Pay calls is a 400 instead of a counted warning. */
  strictUserAgent?: boolean;
  /** D22: approved Ecommerce charges per card per day before the velocity decline. Default 8 in
   * 'sandbox-faithful', off in the other profiles. */
  velocityLimit?: number | false;
  /** D12: what a lookup by externalPaymentId answers while that payment still waits for the
   * customer: 503 (default, "in progress") or 404 (real Clover may not know it yet). */
  inFlightLookup?: 503 | 404;
}

export interface SimulatorOptions {
  host?: string; // default 127.0.0.1
  /** Port of the api listener; web, ecommerce and token take the next three. 0/absent = random for all. */
  port?: number;
  profile?: SimProfile; // default 'sandbox-faithful'
  appId?: string; // default 'SIMAPP0000001' (13 chars)
  /** Remote App ID that X-POS-Id must equal in profile 'production-like' (D18). Default 'SIMRAID000001'. */
  raid?: string;
  merchants?: SimMerchant[];
  accessTokenLifetimeSec?: number; // default 1800
  refreshTokenLifetimeSec?: number; // default 366 days
  defaultAction?: CustomerAction;
  rateLimit?: { perSecond: number; concurrent: number } | false; // default 16 / 5 per token (D16)
  flags?: SimulatorFlags;
  now?: () => number; // epoch ms clock, injectable for void-window / expiry tests
}

/** Four listeners on four ports, like Clover's four hosts (§1). */
export interface SimulatorUrls {
  api: string;
  web: string;
  ecommerce: string;
  token: string;
}

export type FaultKind =
  | 'status500'
  | 'status503'
  | 'status429'
  | 'drop-after-complete' // performs the operation, then destroys the socket without a response
  | 'drop-before' // destroys the socket before anything happens
  | 'slow' // performs the operation, answers after delayMs
  | 'status500-after-complete'; // performs the operation, then answers 500 (outcome indeterminate)

export interface FaultRule {
  method?: string;
  path: string | RegExp; // matched against the pathname; a string must match exactly
  host?: HostRole; // default: any host
  kind: FaultKind;
  delayMs?: number; // for 'slow', default 1000
  times?: number; // default 1
}

/** Credentials from the Clover dashboard instead of OAuth (§4 "Auth precedence observed"). */
export type LegacyCredentialKind = 'merchant-token' | 'ecommerce-key';

export interface IssuedTokens {
  access_token: string;
  access_token_expiration: number; // epoch seconds
  refresh_token: string;
  refresh_token_expiration: number; // epoch seconds
}

export interface SimRefundView {
  id: string;
  amount: number;
  createdTime: number;
  status: 'SUCCESS' | 'FAIL';
  /** 'void-emulation' = a late void turned into a refund (D15). */
  via: 'rest-pay' | 'ecommerce' | 'void-emulation';
}

export interface SimPaymentView {
  id: string;
  kind: 'payment' | 'charge' | 'credit';
  merchantId: string;
  deviceSerial?: string;
  amount: number; // approved amount, tip excluded
  requestedAmount: number;
  tipAmount: number;
  taxAmount: number;
  externalPaymentId?: string;
  externalReferenceId?: string;
  result: string; // SUCCESS, FAIL, AUTH (uncaptured pre-auth), VOIDED
  createdTime: number;
  captured: boolean;
  voidReason?: string;
  cardType: string;
  last4: string;
  refunds: SimRefundView[];
  refundedAmount: number;
}

export interface SimRequestLogEntry {
  seq: number;
  time: number; // epoch ms (simulator clock)
  method: string;
  host: HostRole;
  path: string; // pathname only: queries can carry codes
  headers: {
    deviceId?: string;
    posId?: string;
    idempotencyKey?: string;
    cloverTimeout?: string;
    userAgent?: string;
    bearer: boolean; // an Authorization: Bearer header was present (the token is never stored)
    apikey: boolean; // an apikey header was present (the key is never stored)
  };
  /** HTTP status sent, 'dropped' when a fault destroyed the socket, 'aborted' when the client
   * went away first, null while still running. */
  status: number | 'dropped' | 'aborted' | null;
  fault?: string;
}

export interface SimCounters {
  requests: number;
  tokenExchanges: number;
  refreshes: number;
  refreshFailures: number;
  rateLimited: number; // 429s sent by the rate limiter
  faultsInjected: number;
  unauthorized: number; // 401s sent for a bad or expired bearer
  missingUserAgent: number; // D19 warnings
  paymentsCreated: number;
  chargesCreated: number;
}

export type DeviceScreen =
  | { kind: 'welcome' }
  | { kind: 'thank-you' }
  | { kind: 'display'; text: string }
  | { kind: 'operation'; name: string }
  | { kind: 'result'; name: string; status: number; result?: string };

export interface SimDeviceState {
  serial: string;
  merchantId: string;
  connected: boolean;
  busy: boolean;
  operation?: { name: string; phase: 'waiting' | 'authorized'; externalPaymentId?: string; waiters: number };
  screen: DeviceScreen;
  scripted: CustomerAction[];
  receipts: Array<{ kind: 'payment' | 'refund' | 'credit'; id: string; method: string }>;
}

export interface SimulatorControl {
  /** Queue the customer action for the NEXT payment/credit/refund on that device. */
  script(serial: string, action: CustomerAction): void;
  /** Act NOW on the operation currently held on that device; throws when none is. */
  act(serial: string, action: CustomerAction): void;
  /** Cloud Pay Display app running or not (D17). Stopping it aborts a running operation. */
  setConnected(serial: string, connected: boolean): void;
  fault(rule: FaultRule): void;
  clearFaults(): void;
  issueTokens(merchantId?: string): IssuedTokens;
  /** Mints a merchant API token or an Ecommerce private key; the server then allows it only
   * where Clover does (REST Pay: never; Platform: merchant token, or GET merchant only for the
   * Ecommerce key; PAKMS and charges: Ecommerce key only). */
  issueLegacyToken(kind: LegacyCredentialKind, merchantId?: string): string;
  /** Kills OAuth tokens and legacy credentials of the merchant. */
  revokeTokens(merchantId?: string): void;
  /** The merchant's PAKMS key, as GET /pakms/apikey would return it. */
  apiKey(merchantId?: string): string;
  payments(): SimPaymentView[];
  requests(): SimRequestLogEntry[];
  counters(): SimCounters;
  device(serial: string): SimDeviceState;
  /** Moves the simulator clock forward (adds to `now`), e.g. past the void window. */
  advanceClock(ms: number): void;
  /** Forget transactions, scripts, faults, logs and counters. OAuth tokens and API keys survive
   * (use revokeTokens for those), so a connected app keeps working. */
  reset(): void;
}

export interface CloverSimulator {
  urls: SimulatorUrls;
  control: SimulatorControl; // in-process control, same powers as the HTTP control API
  close(): Promise<void>;
}
