// Dispatcher configuration from environment variables (Node `process.env` or a Workers `env`).
// Every problem is collected and reported at once, so a bad deployment fails at start with
// one clear message instead of at the first merchant's request.
import { authorizeBase, CLOVER_ENVIRONMENTS, CLOVER_REGIONS, type CloverEnvironment, type CloverRegion } from './clover-hosts';
import { checkRedirect, isLoopbackHost, parseAllowedHosts, type RedirectPolicy } from './redirect-policy';

export interface DispatcherConfig {
  /**
   * The dispatcher's own state keys, current first; signing uses only the first. They sign
   * launch states only and never leave the dispatcher (tills have keys of their own below).
   */
  secrets: readonly string[];
  /** Master key that till keys are derived from (till-keys.ts); null = no till may sign states. */
  tillKeySecret: string | null;
  /** Tills whose derived key is accepted; removing an id revokes that till. */
  tillIds: ReadonlySet<string>;
  redirectPolicy: RedirectPolicy;
  /** merchant id -> webhook URLs of that merchant's ERP(s). */
  routes: ReadonlyMap<string, readonly string[]>;
  /** route URL -> its origin, what logs show of a route (a path may carry an ERP token). */
  routeOrigins: ReadonlyMap<string, string>;
  /** merchant id -> base URL of that merchant's Odoo, for the Alternate Launch Path. */
  odooBases: ReadonlyMap<string, string>;
  /** Appended to an Odoo base URL to make the launch state's `redirect_to`. */
  merchantCallbackPath: string;
  cloverAppId: string;
  authorizeBase: string;
  /** Public https origin of the dispatcher (launch's `redirect_uri`); null = launch refuses. */
  publicUrl: string | null;
  /** The one route that also gets Clover's verification challenge; null = none (the default). */
  verificationForwardUrl: string | null;
  /** Verification challenges accepted per source and minute (more are answered 429). */
  verificationLimitPerMinute: number;
  /** Node only: the source of a request is the last X-Forwarded-For entry (set by our proxy). */
  trustForwardedFor: boolean;
  maxBodyBytes: number;
  forwardTimeoutMs: number;
  /** Forwards in flight per webhook (Workers allows 6 open connections per request). */
  forwardConcurrency: number;
}

export type DispatcherEnv = Record<string, unknown>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`dispatcher configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  }
}

export const MIN_SECRET_LENGTH = 32;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_FORWARD_TIMEOUT_MS = 10_000;
export const DEFAULT_FORWARD_CONCURRENCY = 6;
export const DEFAULT_MERCHANT_CALLBACK_PATH = '/clover/oauth/callback';
export const DEFAULT_VERIFICATION_LIMIT_PER_MINUTE = 5;
/** Clover ids are 13 upper-case alphanumerics; accept a little more, never anything log-unsafe. */
export const MERCHANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A till's name in TILL_IDS and in its states (`customer: "till:<id>"`). */
export const TILL_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseConfig(env: DispatcherEnv): DispatcherConfig {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string') return v.trim();
    problems.push(`${name} must be a string`);
    return undefined;
  };

  const secrets: string[] = [];
  const current = str('DISPATCHER_SECRET');
  const previous = str('DISPATCHER_SECRET_PREVIOUS');
  if (!current) problems.push('DISPATCHER_SECRET is required (at least 32 random characters)');
  for (const [name, s] of [['DISPATCHER_SECRET', current], ['DISPATCHER_SECRET_PREVIOUS', previous]] as const) {
    if (s === undefined) continue;
    if (s.length < MIN_SECRET_LENGTH) problems.push(`${name} is too short (${s.length} chars; at least ${MIN_SECRET_LENGTH})`);
    else secrets.push(s);
  }
  if (current && previous && current === previous) problems.push('DISPATCHER_SECRET_PREVIOUS equals DISPATCHER_SECRET');

  // Per-till keys (till-keys.ts): one master secret here, one derived key on each till, chosen
  // over a token exchange because tills keep signing locally, with nothing stored per till here
  // (README "A key per till"). DISPATCHER_SECRET then signs launch states only.
  const tillKeySecret = str('TILL_KEY_SECRET') ?? null;
  const tillIdList = (str('TILL_IDS') ?? '').split(/[\s,]+/).filter(Boolean);
  if (tillKeySecret !== null && tillKeySecret.length < MIN_SECRET_LENGTH) problems.push(`TILL_KEY_SECRET is too short (${tillKeySecret.length} chars; at least ${MIN_SECRET_LENGTH})`);
  if (tillKeySecret !== null && (tillKeySecret === current || tillKeySecret === previous)) problems.push('TILL_KEY_SECRET must differ from DISPATCHER_SECRET (tills must not be able to sign launch states)');
  if (tillIdList.length > 0 && tillKeySecret === null) problems.push('TILL_IDS is set but TILL_KEY_SECRET is not (till keys are derived from it)');
  const badTills = tillIdList.filter((id) => !TILL_ID.test(id)).map((id) => id.slice(0, 40));
  if (badTills.length > 0) problems.push(`TILL_IDS: invalid till id(s) ${JSON.stringify(badTills)} (letters, digits, _ and -, at most 64)`);

  let hosts: RedirectPolicy['hosts'] = [];
  try {
    hosts = parseAllowedHosts(str('ALLOWED_REDIRECT_HOSTS') ?? '');
  } catch (e) {
    problems.push(`ALLOWED_REDIRECT_HOSTS: ${(e as Error).message}`);
  }
  const allowLoopback = bool(str('ALLOW_LOOPBACK_REDIRECTS'), true, 'ALLOW_LOOPBACK_REDIRECTS', problems);
  const redirectPolicy: RedirectPolicy = { hosts, allowLoopback };

  const routes = new Map<string, string[]>();
  for (const [merchant, value] of jsonMap(env, 'MERCHANT_ROUTING_JSON', problems)) {
    const urls = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
    if (!urls || urls.length === 0 || !urls.every((u) => typeof u === 'string' && isForwardUrl(u))) {
      problems.push(`MERCHANT_ROUTING_JSON["${merchant}"] must be an https URL (or http on loopback), or a list of them`);
    } else routes.set(merchant, [...new Set(urls as string[])]);
  }
  const routeOrigins = new Map<string, string>();
  for (const urls of routes.values()) for (const url of urls) routeOrigins.set(url, new URL(url).origin);

  const merchantCallbackPath = str('MERCHANT_CALLBACK_PATH') ?? DEFAULT_MERCHANT_CALLBACK_PATH;
  if (!merchantCallbackPath.startsWith('/')) problems.push('MERCHANT_CALLBACK_PATH must start with /');
  const odooBases = new Map<string, string>();
  for (const [merchant, value] of jsonMap(env, 'MERCHANT_ODOO_BASE_JSON', problems)) {
    const check = typeof value === 'string' ? checkRedirect(value, redirectPolicy) : null;
    // The launch path signs `base + callback path`; the callback would refuse a host that is
    // not allow-listed, so refuse it here where the operator can see why.
    if (!check?.ok) problems.push(`MERCHANT_ODOO_BASE_JSON["${merchant}"]: ${check?.reason ?? 'must be a URL string'} (add its host to ALLOWED_REDIRECT_HOSTS)`);
    else odooBases.set(merchant, String(value).replace(/\/+$/, ''));
  }

  const cloverAppId = str('CLOVER_APP_ID') ?? '';
  if (!cloverAppId) problems.push('CLOVER_APP_ID is required (the Clover app id, for the launch path)');
  const environment = oneOf(str('CLOVER_ENVIRONMENT') ?? 'sandbox', CLOVER_ENVIRONMENTS, 'CLOVER_ENVIRONMENT', problems);
  const region = oneOf((str('CLOVER_REGION') ?? 'na').toLowerCase(), CLOVER_REGIONS, 'CLOVER_REGION', problems);
  const authorizeOverride = str('CLOVER_AUTHORIZE_BASE');
  if (authorizeOverride !== undefined && !isForwardUrl(authorizeOverride)) problems.push('CLOVER_AUTHORIZE_BASE must be an https URL (or http on loopback)');

  // Launch's redirect_uri is built from this, never from the request's Host header.
  const publicUrl = str('DISPATCHER_PUBLIC_URL') ?? null;
  if (publicUrl !== null && !(URL.canParse(publicUrl) && new URL(publicUrl).protocol === 'https:')) problems.push('DISPATCHER_PUBLIC_URL must be an https URL');
  if (publicUrl === null && odooBases.size > 0) problems.push('MERCHANT_ODOO_BASE_JSON is set but DISPATCHER_PUBLIC_URL is not: the launch path needs this dispatcher\'s public https URL');

  const verificationForwardUrl = str('VERIFICATION_FORWARD_URL') ?? null;
  if (verificationForwardUrl !== null && !routeOrigins.has(verificationForwardUrl)) {
    problems.push('VERIFICATION_FORWARD_URL must be one of the URLs in MERCHANT_ROUTING_JSON');
  }
  const verificationLimitPerMinute = int(str('VERIFICATION_LIMIT_PER_MINUTE'), DEFAULT_VERIFICATION_LIMIT_PER_MINUTE, 1, 1000, 'VERIFICATION_LIMIT_PER_MINUTE', problems);
  const trustForwardedFor = bool(str('TRUST_X_FORWARDED_FOR'), false, 'TRUST_X_FORWARDED_FOR', problems);
  const maxBodyBytes = int(str('WEBHOOK_MAX_BYTES'), DEFAULT_MAX_BODY_BYTES, 1, 64 * 1024 * 1024, 'WEBHOOK_MAX_BYTES', problems);
  const forwardTimeoutMs = int(str('FORWARD_TIMEOUT_MS'), DEFAULT_FORWARD_TIMEOUT_MS, 100, 120_000, 'FORWARD_TIMEOUT_MS', problems);
  const forwardConcurrency = int(str('FORWARD_CONCURRENCY'), DEFAULT_FORWARD_CONCURRENCY, 1, 256, 'FORWARD_CONCURRENCY', problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    secrets,
    tillKeySecret,
    tillIds: new Set(tillIdList.filter((id) => TILL_ID.test(id))),
    redirectPolicy,
    routes,
    routeOrigins,
    odooBases,
    merchantCallbackPath,
    cloverAppId,
    authorizeBase: (authorizeOverride ?? authorizeBase(environment as CloverEnvironment, region as CloverRegion)).replace(/\/+$/, ''),
    publicUrl: publicUrl?.replace(/\/+$/, '') ?? null,
    verificationForwardUrl,
    verificationLimitPerMinute,
    trustForwardedFor,
    maxBodyBytes,
    forwardTimeoutMs,
    forwardConcurrency,
  };
}

/** https anywhere, http only to loopback; no other schemes. */
function isForwardUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** A JSON object of merchant id -> value, given as a JSON string (Node) or an object (wrangler `vars`). */
function jsonMap(env: DispatcherEnv, name: string, problems: string[]): [string, unknown][] {
  let value = env[name];
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      problems.push(`${name} is not valid JSON`);
      return [];
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${name} must be a JSON object of merchant id -> value`);
    return [];
  }
  const entries = Object.entries(value);
  const bad = entries.filter(([id]) => !MERCHANT_ID.test(id)).map(([id]) => id.slice(0, 40));
  if (bad.length > 0) problems.push(`${name}: invalid merchant id(s) ${JSON.stringify(bad)}`);
  return entries.filter(([id]) => MERCHANT_ID.test(id));
}

function bool(text: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
  if (text === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  problems.push(`${name} must be true or false`);
  return fallback;
}

function int(text: string | undefined, fallback: number, min: number, max: number, name: string, problems: string[]): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return n;
}

function oneOf<T extends string>(text: string, allowed: readonly T[], name: string, problems: string[]): T | undefined {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got "${text.slice(0, 40)}")`);
  return undefined;
}
