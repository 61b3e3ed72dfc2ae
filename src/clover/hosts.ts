// Clover base URLs per environment and region (clover-api.md §1). Four roles, because Clover
// splits them: the browser login UI (web) is NOT the API host (D1), and tokenization and
// Ecommerce live on their own hosts. Every role can be overridden (simulator, proxies).
import { CloverConfigError } from './errors';

export type CloverEnvironment = 'sandbox' | 'production';
export type CloverRegion = 'NA' | 'EU' | 'LA';
export type HostRole = 'api' | 'web' | 'ecommerce' | 'token';

/** `null` where Clover offers no such service (Ecommerce and tokenization are US/CA only). */
export interface CloverHosts {
  readonly api: string;
  readonly web: string;
  readonly ecommerce: string | null;
  readonly token: string | null;
}

const SANDBOX: CloverHosts = {
  api: 'https://apisandbox.dev.clover.com',
  web: 'https://sandbox.dev.clover.com',
  ecommerce: 'https://scl-sandbox.dev.clover.com',
  token: 'https://token-sandbox.dev.clover.com',
};

const PRODUCTION: Record<CloverRegion, CloverHosts> = {
  NA: { api: 'https://api.clover.com', web: 'https://www.clover.com', ecommerce: 'https://scl.clover.com', token: 'https://token.clover.com' },
  EU: { api: 'https://api.eu.clover.com', web: 'https://www.eu.clover.com', ecommerce: null, token: null },
  LA: { api: 'https://api.la.clover.com', web: 'https://www.la.clover.com', ecommerce: null, token: null },
};

/** Environment variables that override one role each. */
export const HOST_ENV_VARS: Record<HostRole, string> = {
  api: 'CLOVER_API_URL',
  web: 'CLOVER_WEB_URL',
  ecommerce: 'CLOVER_ECOMM_URL',
  token: 'CLOVER_TOKEN_URL',
};

export interface HostOptions {
  environment: CloverEnvironment;
  /** Ignored for sandbox (one global sandbox). Default NA. */
  region?: CloverRegion;
  /** Explicit overrides win over environment variables, which win over the table. */
  overrides?: Partial<Record<HostRole, string>>;
  env?: Record<string, string | undefined>;
}

export function resolveHosts(options: HostOptions): CloverHosts {
  const region = options.region ?? 'NA';
  if (options.environment !== 'sandbox' && options.environment !== 'production') {
    throw new CloverConfigError(`unknown Clover environment "${String(options.environment)}"`);
  }
  if (!(region in PRODUCTION)) throw new CloverConfigError(`unknown Clover region "${String(region)}"`);
  const base = options.environment === 'sandbox' ? SANDBOX : PRODUCTION[region];
  const env = options.env ?? {};
  const pick = (role: HostRole): string | null => {
    const chosen = options.overrides?.[role] ?? nonEmpty(env[HOST_ENV_VARS[role]]) ?? base[role];
    return chosen === null ? null : normaliseBaseUrl(chosen, role);
  };
  const api = pick('api');
  const web = pick('web');
  if (!api || !web) throw new CloverConfigError('the api and web hosts are required');
  return { api, web, ecommerce: pick('ecommerce'), token: pick('token') };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** Absolute http(s) URL without a trailing slash, so `${base}/v3/...` is always right. */
export function normaliseBaseUrl(value: string, role: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CloverConfigError(`the ${role} host is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CloverConfigError(`the ${role} host must be http(s)`);
  }
  if (url.search || url.hash) throw new CloverConfigError(`the ${role} host must not carry a query or fragment`);
  return url.toString().replace(/\/+$/, '');
}
