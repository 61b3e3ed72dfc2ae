// Public surface of the Clover client. The till builds one client per install:
//
//   const clover = createCloverClient(config);
//   const attempt = clover.oauth.begin({ redirectUri });        // open attempt.url
//   const { merchantId } = await clover.oauth.complete(attempt, redirectedTo);
//   const m = clover.merchant(merchantId);
//   const result = await m.payDisplay(serial).sale({ amount, externalPaymentId, idempotencyKey });
//   switch (result.kind) { case 'approved': … case 'unknown': m.payDisplay(serial).getPaymentByExternalId(…) }
//
// Money calls return a result union and never throw for what Clover or the network did;
// thrown errors (CloverInputError, ReauthorizeRequiredError, …) mean nothing was processed.
import { silentLogger } from '../shared/logger';
import { checkConfig, userAgent, type CloverClientConfig } from './config';
import type { CloverCapabilities } from './credentials/matrix';
import { createCredentialResolver, type CredentialResolver } from './credentials/resolver';
import { createChargeReader } from './ecommerce/charge-read';
import { createChargeCalls } from './ecommerce/charges';
import { createEcommerce, type EcommerceClient } from './ecommerce/index';
import { createPakmsKeys } from './ecommerce/pakms';
import { createTokenizer } from './ecommerce/tokenize';
import { resolveHosts, type CloverHosts } from './hosts';
import { createAuthorizedRequester } from './http/authorized';
import { createRateLimiter } from './http/rate-limiter';
import { createTransport } from './http/transport';
import { createOAuthFlow, type OAuthFlow } from './oauth/flow';
import { createFileRefreshLock } from './oauth/refresh-lock';
import { createTokenEndpoint, type TokenEndpoint } from './oauth/token-endpoint';
import { createTokenProvider, type TokenProvider } from './oauth/token-provider';
import { TokenStore } from './oauth/tokens';
import { createPayDisplay, type PayDisplay } from './pay-display/index';
import { createPlatform, type PlatformCalls } from './platform/client';
import { checkCloverId } from './validate';

export interface MerchantClient {
  readonly merchantId: string;
  /** REST Pay Display for one device (its serial number, not the v3 device id). */
  payDisplay(deviceSerial: string): PayDisplay;
  readonly platform: PlatformCalls;
  readonly ecommerce: EcommerceClient;
}

export interface CloverClient {
  readonly hosts: CloverHosts;
  readonly oauth: OAuthFlow & { exchangeCode: TokenEndpoint['exchangeCode'] };
  readonly tokens: TokenProvider;
  /** Which credential a merchant's calls use (OAuth › merchant API token › Ecommerce key, §4). */
  readonly credentials: CredentialResolver;
  /** What the credential in use can reach; calls beyond it throw CloverNotSupportedError unsent. */
  capabilities(merchantId: string): Promise<CloverCapabilities>;
  merchant(merchantId: string): MerchantClient;
  /** Closes the HTTP connection pool. */
  close(): Promise<void>;
}

export function createCloverClient(config: CloverClientConfig): CloverClient {
  checkConfig(config);
  const logger = config.logger ?? silentLogger;
  const now = config.now ?? Date.now;
  const deadlineMs = config.requestDeadlineMs ?? 30_000;
  const readRetries = config.readRetries ?? 2;
  const readRetryDelayMs = config.readRetryDelayMs ?? 250;
  const hosts = resolveHosts({
    environment: config.environment,
    ...(config.region ? { region: config.region } : {}),
    ...(config.hosts ? { overrides: config.hosts } : {}),
    env: config.env ?? process.env,
  });
  const transport = createTransport({ hosts, userAgent: userAgent(config.appVersion), logger, ...(config.dispatcher ? { dispatcher: config.dispatcher } : {}) });
  const endpoint = createTokenEndpoint({ transport, clientId: config.appId, deadlineMs, ...(config.backoff ? { backoff: config.backoff } : {}) });
  const tokens = createTokenProvider({
    store: new TokenStore(config.secretStore, config.appId),
    endpoint,
    lock: createFileRefreshLock({ dir: config.dataDir, logger }),
    logger,
    now,
  });
  const credentials = createCredentialResolver({ tokens, store: config.secretStore });
  const requester = createAuthorizedRequester({
    transport,
    tokens,
    credentials,
    limiter: createRateLimiter(config.rateLimit ?? {}),
    ...(config.backoff ? { backoff: config.backoff } : {}),
  });
  const keys = createPakmsKeys({ requester, store: config.secretStore, appId: config.appId, logger, deadlineMs });
  const tokenize = createTokenizer({ requester, keys, logger, deadlineMs, now });
  const charges = createChargeCalls({
    requester,
    deadlineMs,
    partialRefunds: config.ecomPartialRefunds ?? false,
    ...(config.forwardedFor ? { forwardedFor: config.forwardedFor } : {}),
  });
  const chargeReader = createChargeReader({ requester, deadlineMs, readRetries, readRetryDelayMs });
  const flow = createOAuthFlow({ webBase: hosts.web, clientId: config.appId, endpoint, tokens });

  return {
    hosts,
    oauth: { ...flow, exchangeCode: endpoint.exchangeCode },
    tokens,
    credentials,
    async capabilities(merchantId) {
      return credentials.capabilities(checkCloverId(merchantId, 'merchantId'));
    },
    merchant(merchantId) {
      const mId = checkCloverId(merchantId, 'merchantId');
      const payOptions = {
        requester,
        merchantId: mId,
        posId: config.posId,
        interactiveTimeoutSec: config.payDisplay?.timeoutSec ?? 120,
        quickTimeoutSec: config.payDisplay?.quickTimeoutSec ?? 15,
        deadlineMarginMs: config.payDisplay?.deadlineMarginMs ?? 10_000,
        readRetries,
        readRetryDelayMs,
      };
      return {
        merchantId: mId,
        payDisplay: (deviceSerial) => createPayDisplay(payOptions, deviceSerial),
        platform: createPlatform({ requester, merchantId: mId, logger, deadlineMs, readRetries, readRetryDelayMs }),
        ecommerce: createEcommerce(mId, tokenize, charges, chargeReader, keys),
      };
    },
    close: () => transport.close(),
  };
}

export type { CloverClientConfig } from './config';
export type { CloverEnvironment, CloverRegion, CloverHosts, HostRole } from './hosts';
export { resolveHosts, HOST_ENV_VARS } from './hosts';
export * from './errors';
export type { Failure, FailureKind, MoneyResult, DeviceResult, LookupResult, MoneyContext, ResultMeta, UnknownCause } from './results';
export { isFailure } from './results';
export type * from './pay-display/index';
export type { PlatformCalls, CloverMerchant, CloverMerchantProfile, CloverDevice } from './platform/client';
export type * from './ecommerce/index';
export type { OAuthFlow, AuthorizationAttempt } from './oauth/flow';
export type { TokenProvider } from './oauth/token-provider';
export type { TokenPair } from './oauth/tokens';
export type { CloverCapabilities, CloverSurface, CredentialKind, LegacyCredentialKind } from './credentials/matrix';
export { notSupportedMessage } from './credentials/matrix';
export type { CredentialResolver, ResolvedCredential } from './credentials/resolver';
export { ECOMMERCE_KEY_SECRET_PREFIX, legacySecretKey, MERCHANT_TOKEN_SECRET_PREFIX } from './credentials/resolver';
export { createPkcePair, challengeFor } from './oauth/pkce';
export { buildAuthorizeUrl, parseAuthorizeCallback } from './oauth/authorize';
export { validateCard } from './ecommerce/card';
export { VOID_REASONS, type VoidReason } from './validate';
export { interpretPayment } from './pay-display/classify-payment';
