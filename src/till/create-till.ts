// The composition root of the till: one ledger, one secret store, one Clover client, the ERP
// port, all built from the resolved configuration. The app, the web bridge and the `counter`
// command all start here, so they behave the same.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCloverClient, type CloverClient, type MerchantClient } from '../clover';
import { startCloverSimulator, type CloverSimulator } from '../clover/simulator';
import { CounterError } from '../shared/contract/result';
import { type Logger, silentLogger } from '../shared/logger';
import { MemorySecretStore, type SecretStore } from '../shared/secret-store';
import { APP_VERSION } from '../shared/version';
import { createErpPort, createOdooClient, DEFAULT_API_KEY_NAME, openLedger, type ErpPort, type Ledger } from '../sync';
import { resolveTillConfig, type Env, type TillConfig } from './config/till-config';
import { connectToSimulator } from './connect/simulator-connect';
import { learnFromClover } from './setup/learn-merchant';
import { EnvOverlaySecretStore } from './secrets/env-overlay-secret-store';
import { KeychainSecretStore } from './secrets/keychain-secret-store';
import { readSettings, updateSettings } from './settings-file';
import { TillEvents } from './till-events';
import type { Settings } from '../shared/settings';

export const LEDGER_FILE = 'ledger.sqlite';

export interface Till {
  readonly config: TillConfig;
  readonly ledger: Ledger;
  readonly secrets: SecretStore;
  readonly clover: CloverClient;
  /** The in-process simulator (training, or CLOVER_ENV=simulator without CLOVER_API_URL). */
  readonly simulator: CloverSimulator | null;
  readonly erp: ErpPort | null;
  readonly events: TillEvents;
  readonly logger: Logger;
  readonly now: () => number;
  settings(): Settings;
  updateSettings(change: (s: Settings) => Settings | void): Settings;
  /** The connected merchant id, or null. */
  merchantId(): string | null;
  /** The connected merchant's client; NOT_CONNECTED when Clover is not connected. */
  merchant(): MerchantClient;
  close(): Promise<void>;
}

export interface CreateTillOptions {
  dataDir: string;
  env?: Env;
  logger?: Logger;
  /** Tests may inject a store; the app always uses the OS keychain. */
  secrets?: SecretStore;
  now?: () => number;
  /** Connect to the simulator automatically when not connected yet (default true). */
  autoConnectSimulator?: boolean;
}

export async function createTill(options: CreateTillOptions): Promise<Till> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const config = resolveTillConfig({ dataDir: options.dataDir, env });

  // Training uses throwaway simulator tokens: no keychain needed. Everything else: the keychain.
  const baseSecrets = options.secrets ?? (config.training ? new MemorySecretStore() : new KeychainSecretStore(config.keychainService));
  const overlay: Record<string, string> = {};
  if (config.odooApiKeyFromEnv) overlay[config.odoo?.apiKeyName ?? DEFAULT_API_KEY_NAME] = config.odooApiKeyFromEnv;
  const secrets = Object.keys(overlay).length ? new EnvOverlaySecretStore(baseSecrets, overlay) : baseSecrets;

  const ledger = openLedger(join(config.dataDir, LEDGER_FILE), { clock: { now } });
  // Start-up checks the audit log only after its last verified point (doctor, `counter audit`
  // and the end-of-day check walk it all and move that point); a break is for store IT.
  const recent = ledger.audit.verifyRecent();
  if (!recent.ok) logger.log('error', 'the audit log does not hold together since its last verified point: run `counter audit`', { entry: recent.brokenAt, problem: recent.problem });
  let simulator: CloverSimulator | null = null;
  let clover: CloverClient | null = null;
  try {
    const hosts = { ...config.hosts };
    if (config.cloverEnv === 'simulator' && !hosts.api) {
      simulator = await startCloverSimulator({ profile: config.training ? 'training' : 'sandbox-faithful', appId: config.appId });
      Object.assign(hosts, simulator.urls);
    }
    clover = createCloverClient({
      environment: config.cloverEnv === 'production' ? 'production' : 'sandbox',
      region: config.region,
      hosts,
      env: {},
      appId: config.appId,
      posId: config.cloverEnv === 'simulator' && simulator ? 'SIMRAID000001' : config.posId,
      appVersion: APP_VERSION,
      secretStore: secrets,
      dataDir: config.dataDir,
      logger,
      payDisplay: { timeoutSec: config.timeoutSec },
      ecomPartialRefunds: config.ecomPartialRefunds,
      now,
    });
  } catch (e) {
    ledger.close();
    await simulator?.close();
    throw e;
  }

  let erp: ErpPort | null = null;
  if (config.odoo) {
    const client = createOdooClient({
      url: config.odoo.url,
      database: config.odoo.database,
      secrets,
      apiKeyName: config.odoo.apiKeyName,
      timeoutMs: config.odoo.timeoutMs,
      userAgent: `FusionCloverCounter/${APP_VERSION}`,
    });
    erp = createErpPort({ client, config: config.odoo });
  }

  // An in-process simulator is new each run: its merchant is connected afresh, in memory.
  let sessionMerchant: string | null = null;
  const settings = () => readSettings(config.dataDir);
  const till: Till = {
    config,
    ledger,
    secrets,
    clover,
    simulator,
    erp,
    events: new TillEvents(),
    logger,
    now,
    settings,
    updateSettings: (change) => updateSettings(config.dataDir, change),
    merchantId: () => sessionMerchant ?? (simulator ? null : settings().clover.merchantId ?? null),
    merchant() {
      const id = till.merchantId();
      if (!id) throw new CounterError('NOT_CONNECTED', 'Clover is not connected: connect this till to Clover in Settings (or `counter connect`).');
      return clover!.merchant(id);
    },
    async close() {
      await clover!.close();
      ledger.close();
      await simulator?.close();
    },
  };

  if (config.cloverEnv === 'simulator' && options.autoConnectSimulator !== false) {
    const haveMerchant = till.merchantId();
    // A merchant API token or Ecommerce key entered by hand counts: OAuth would take precedence over it.
    const haveCredential = haveMerchant ? (await clover.credentials.kind(haveMerchant)) !== 'none' : false;
    if (!haveCredential) {
      const merchantId = await connectToSimulator(clover);
      if (simulator) sessionMerchant = merchantId;
      else {
        till.updateSettings((s) => void (s.clover.merchantId = merchantId));
        await learnFromClover(till).catch((e) => logger.log('warn', 'could not read the merchant profile', { error: String(e) }));
      }
    }
  }
  return till;
}
