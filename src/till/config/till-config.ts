// Resolves how this till runs from, in order: environment variables (store IT, the CLI, tests),
// then the settings the app saved (settings.json in the data folder). Every problem is listed
// at once with a message store IT can act on; nothing starts with a half-valid configuration.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLOVER_ENVIRONMENTS, CLOVER_REGIONS, type CloverEnvironment, type CloverRegion, type Settings } from '../../shared/settings';
import { loadOdooConfig, OdooConfigError, type OdooConfig } from '../../sync';
import { readSettings } from '../settings-file';
import { DEFAULT_KEYCHAIN_SERVICE } from '../secrets/keychain-secret-store';

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'BAD_CONFIG';
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `configuration problems:\n- ${problems.join('\n- ')}`);
  }
}

export type HostOverrides = Partial<Record<'api' | 'web' | 'ecommerce' | 'token', string>>;

export interface TillConfig {
  dataDir: string;
  settings: Settings;
  /** simulator = the built-in simulator (started in-process unless CLOVER_API_URL points at one). */
  cloverEnv: CloverEnvironment;
  region: CloverRegion;
  appId: string;
  posId: string;
  hosts: HostOverrides;
  /** Training: simulator only, watermarked receipts, nothing sent to Odoo. */
  training: boolean;
  odoo: OdooConfig | null;
  /** Headless use only (ODOO_API_KEY); the app keeps the key in the keychain. */
  odooApiKeyFromEnv: string | null;
  keychainService: string;
  cashier: string;
  timeoutSec: number;
  ecomPartialRefunds: boolean;
  /** Settings that were ignored (Clover host overrides in production), for the log. */
  warnings: string[];
}

export const SIMULATOR_APP_ID = 'SIMAPP0000001';
const DEFAULT_POS_ID = 'FusionCloverCounter';

export function defaultDataDir(env: Env = process.env): string {
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'fusion-clover-counter');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'fusion-clover-counter');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'fusion-clover-counter');
}

export function resolveDataDir(flag: string | undefined, env: Env = process.env): string {
  const chosen = flag ?? env.COUNTER_DATA_DIR;
  if (chosen !== undefined && chosen.trim() === '') throw new ConfigError(['the data folder must not be empty (--data-dir / COUNTER_DATA_DIR)']);
  return resolve(chosen ?? defaultDataDir(env));
}

const nonEmpty = (v: string | undefined): string | undefined => (v && v.trim() !== '' ? v.trim() : undefined);
const HOST_SETTING = { api: 'apiUrl', web: 'webUrl', ecommerce: 'ecommerceUrl', token: 'tokenUrl' } as const;
const isPlainHttp = (value: string): boolean => /^http:\/\//i.test(value.trim());

/**
 * What production refuses in saved settings: plain http where the Odoo API key, Clover tokens or
 * card data would travel (settings.update checks this before saving; start-up refuses it too).
 */
export function plainHttpForProduction(settings: Settings): string[] {
  const found: string[] = [];
  for (const key of ['apiUrl', 'webUrl', 'ecommerceUrl', 'tokenUrl', 'dispatcherUrl'] as const) {
    const value = settings.clover[key];
    if (value && isPlainHttp(value)) found.push(`clover.${key}`);
  }
  if (settings.odoo.url && isPlainHttp(settings.odoo.url)) found.push('odoo.url');
  return found;
}

export function resolveTillConfig(options: { dataDir: string; env?: Env }): TillConfig {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const settings = readSettings(options.dataDir); // throws SettingsError on a bad file

  const training = env.COUNTER_TRAINING ? ['1', 'true', 'yes'].includes(env.COUNTER_TRAINING.toLowerCase()) : settings.training;
  const rawEnv = nonEmpty(env.CLOVER_ENV);
  if (rawEnv && !(CLOVER_ENVIRONMENTS as readonly string[]).includes(rawEnv)) problems.push(`CLOVER_ENV must be one of ${CLOVER_ENVIRONMENTS.join(', ')}, got "${rawEnv}"`);
  const appIdSetting = nonEmpty(env.CLOVER_APP_ID) ?? settings.clover.appId;
  // A first run with no Clover app configured starts on the built-in simulator.
  let cloverEnv: CloverEnvironment = (rawEnv as CloverEnvironment | undefined) ?? settings.clover.environment ?? (appIdSetting ? 'sandbox' : 'simulator');
  if (training) {
    if (rawEnv && rawEnv !== 'simulator') problems.push('training mode runs on the simulator only: unset CLOVER_ENV or set it to simulator');
    cloverEnv = 'simulator';
  }
  const rawRegion = nonEmpty(env.CLOVER_REGION) ?? settings.clover.region;
  if (!(CLOVER_REGIONS as readonly string[]).includes(rawRegion)) problems.push(`CLOVER_REGION must be one of ${CLOVER_REGIONS.join(', ')}`);
  const appId = appIdSetting ?? (cloverEnv === 'simulator' ? SIMULATOR_APP_ID : '');
  if (!appId) problems.push(`CLOVER_APP_ID is required for CLOVER_ENV=${cloverEnv} (the App ID of your Clover developer app)`);
  else if (!/^[A-Z0-9]{1,32}$/i.test(appId)) problems.push('CLOVER_APP_ID must be letters and digits');
  const posId = nonEmpty(env.CLOVER_POS_ID) ?? settings.clover.posId ?? DEFAULT_POS_ID;
  if (!/^[\x21-\x7e]{1,64}$/.test(posId)) problems.push('CLOVER_POS_ID must be 1-64 visible ASCII characters');
  if (cloverEnv === 'production' && posId === DEFAULT_POS_ID) problems.push('CLOVER_POS_ID must be your Remote App ID (RAID) in production');

  const hosts: HostOverrides = {};
  const warnings: string[] = [];
  const hostVars = { api: 'CLOVER_API_URL', web: 'CLOVER_WEB_URL', ecommerce: 'CLOVER_ECOMM_URL', token: 'CLOVER_TOKEN_URL' } as const;
  const hostSettings = { api: settings.clover.apiUrl, web: settings.clover.webUrl, ecommerce: settings.clover.ecommerceUrl, token: settings.clover.tokenUrl };
  for (const role of ['api', 'web', 'ecommerce', 'token'] as const) {
    const fromEnv = nonEmpty(env[hostVars[role]]);
    const value = fromEnv ?? hostSettings[role];
    if (!value) continue;
    const source = fromEnv ? hostVars[role] : `settings clover.${HOST_SETTING[role]}`;
    let url: URL;
    try {
      url = new URL(value);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
    } catch {
      problems.push(`${hostVars[role]} is not an http(s) URL: "${value}"`);
      continue;
    }
    // Production talks to Clover's own hosts only: tokens and keyed card data go there.
    if (cloverEnv === 'production') {
      if (url.protocol === 'http:') problems.push(`${source} is plain http ("${value}"): production sends tokens and card data to Clover over https only; remove it`);
      else warnings.push(`${source} is ignored in production: the till uses Clover's own hosts for region ${settings.clover.region}`);
      continue;
    }
    hosts[role] = value;
  }
  if (cloverEnv === 'production') {
    const dispatcher = settings.clover.dispatcherUrl;
    if (dispatcher && isPlainHttp(dispatcher)) problems.push(`settings clover.dispatcherUrl is plain http ("${dispatcher}"): production connects through an https dispatcher only`);
  }
  if (training && hosts.api) problems.push('training mode uses the built-in simulator: unset CLOVER_API_URL');

  let odoo: OdooConfig | null = null;
  const odooEnv: Record<string, string | undefined> = {
    ...env,
    ODOO_API_KEY: undefined, // handled below: headless use only, never persisted
    ODOO_URL: nonEmpty(env.ODOO_URL) ?? settings.odoo.url,
    ODOO_DB: nonEmpty(env.ODOO_DB) ?? settings.odoo.db,
    ODOO_JOURNAL: nonEmpty(env.ODOO_JOURNAL) ?? settings.odoo.journal,
    ODOO_WALKIN_PARTNER: nonEmpty(env.ODOO_WALKIN_PARTNER) ?? (settings.odoo.walkInPartner.includes(':') ? settings.odoo.walkInPartner : `ref:${settings.odoo.walkInPartner}`),
  };
  if (odooEnv.ODOO_URL && cloverEnv === 'production' && isPlainHttp(odooEnv.ODOO_URL)) {
    // The API key travels with every Odoo request.
    problems.push(`${nonEmpty(env.ODOO_URL) ? 'ODOO_URL' : 'settings odoo.url'} is plain http ("${odooEnv.ODOO_URL}"): in production the Odoo API key goes over https only`);
  } else if (odooEnv.ODOO_URL) {
    try {
      odoo = loadOdooConfig(odooEnv);
    } catch (e) {
      if (e instanceof OdooConfigError) problems.push(...e.problems);
      else throw e;
    }
  }
  const odooApiKeyFromEnv = nonEmpty(env.ODOO_API_KEY) ?? null;
  if (odooApiKeyFromEnv && !odoo) problems.push('ODOO_API_KEY is set but ODOO_URL is not');

  const keychainService = nonEmpty(env.COUNTER_KEYCHAIN_SERVICE) ?? DEFAULT_KEYCHAIN_SERVICE;
  if (!/^[\w.:@-]{1,100}$/.test(keychainService)) problems.push('COUNTER_KEYCHAIN_SERVICE must be letters, digits and . : @ - _');
  const cashier = nonEmpty(env.COUNTER_CASHIER) ?? nonEmpty(env.USER) ?? 'cashier';

  if (problems.length) throw new ConfigError(problems);
  return {
    dataDir: options.dataDir,
    settings,
    cloverEnv,
    region: rawRegion as CloverRegion,
    appId,
    posId,
    hosts,
    training,
    odoo,
    odooApiKeyFromEnv,
    keychainService,
    cashier: cashier.slice(0, 100),
    timeoutSec: settings.clover.timeoutSec,
    ecomPartialRefunds: env.CLOVER_ECOM_PARTIAL_REFUNDS === '1',
    warnings,
  };
}

/**
 * The app, the web bridge and the `counter` command on a first run with no Clover app configured
 * start in training mode on the built-in simulator, so a newcomer sees the whole flow at once (no
 * keychain or Clover account needed) and simulated money never reaches Odoo.
 */
export function withFirstRunTraining(env: Env, dataDir: string): Env {
  if (env.CLOVER_APP_ID || env.CLOVER_ENV || env.COUNTER_TRAINING || readSettings(dataDir).clover.appId) return env;
  return { ...env, COUNTER_TRAINING: '1' };
}
