// Non-secret settings, shared by the app (electron-store) and the `counter` command, which
// read and write the same `settings.json` in the data folder. Secrets never go here: tokens
// and API keys live in the OS keychain.
import { z } from 'zod';

export const CLOVER_ENVIRONMENTS = ['simulator', 'sandbox', 'production'] as const;
export type CloverEnvironment = (typeof CLOVER_ENVIRONMENTS)[number];
export const CLOVER_REGIONS = ['NA', 'EU', 'LA'] as const;
export type CloverRegion = (typeof CLOVER_REGIONS)[number];

const url = z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

export const terminalSchema = z.object({
  serial: z.string().min(1).max(64),
  deviceId: z.string().max(64).optional(),
  name: z.string().min(1).max(60),
  model: z.string().max(60).optional(),
});
export type TerminalSetting = z.infer<typeof terminalSchema>;

export const CARD_BRANDS = ['VISA', 'MC', 'AMEX', 'DISCOVER', 'DINERS', 'JCB', 'OTHER'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** Card surcharge: basis points per brand (300 = 3.00 %), a default rate, an optional cap. */
export const surchargeSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  ratesBps: z.partialRecord(z.enum(CARD_BRANDS), z.number().int().min(0).max(400)).default({}),
  defaultRateBps: z.number().int().min(0).max(400).default(0),
  /** Largest surcharge on one payment, in minor units; absent = no cap. */
  capMinor: z.number().int().positive().optional(),
});

export const settingsSchema = z.object({
  version: z.literal(1).default(1),
  clover: z
    .object({
      environment: z.enum(CLOVER_ENVIRONMENTS).optional(),
      region: z.enum(CLOVER_REGIONS).default('NA'),
      appId: z.string().max(64).optional(),
      posId: z.string().max(64).optional(), // Remote App ID, sent as X-POS-Id
      merchantId: z.string().max(32).optional(),
      merchantName: z.string().max(200).optional(),
      apiUrl: url.optional(),
      webUrl: url.optional(),
      ecommerceUrl: url.optional(),
      tokenUrl: url.optional(),
      dispatcherUrl: url.optional(), // connect through the OAuth dispatcher instead of loopback
      keyedEntry: z.enum(['terminal', 'app']).default('terminal'), // keying on the terminal is preferred
      timeoutSec: z.number().int().min(10).max(300).default(120),
    })
    .default({ region: 'NA', keyedEntry: 'terminal', timeoutSec: 120 }),
  terminals: z.array(terminalSchema).max(50).default([]),
  defaultTerminal: z.string().max(64).optional(),
  odoo: z
    .object({
      url: url.optional(),
      db: z.string().max(100).optional(),
      journal: z.string().min(1).max(100).default('Clover'),
      walkInPartner: z.string().min(1).max(100).default('WALKIN'),
      /**
       * The one Clover environment and merchant whose money this Odoo books (issue 12). Set at
       * setup: by itself for a production merchant, by a manager for anything else. Records taken
       * elsewhere (simulator, sandbox, another merchant) are held, never sent.
       */
      boundTo: z.object({ environment: z.enum(CLOVER_ENVIRONMENTS), merchantId: z.string().regex(/^[A-Za-z0-9]{1,32}$/) }).strict().optional(),
      /** Delivered queue items are removed after this many days (the money records never are). */
      keepDeliveredDays: z.number().int().min(7).max(3650).default(90),
    })
    .default({ journal: 'Clover', walkInPartner: 'WALKIN', keepDeliveredDays: 90 }),
  surcharge: surchargeSettingsSchema.default({ enabled: false, ratesBps: {}, defaultRateBps: 0 }),
  currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
  store: z
    .object({ name: z.string().max(100).optional(), address: z.array(z.string().max(100)).max(4).default([]), phone: z.string().max(40).optional() })
    .default({ address: [] }),
  printer: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('none') }),
      z.object({ type: z.literal('network'), url: z.string().regex(/^tcp:\/\/[^/\s]+$/, 'use tcp://host:9100') }),
      z.object({ type: z.literal('system'), name: z.string().min(1).max(200) }),
    ])
    .default({ type: 'none' }),
  training: z.boolean().default(false),
  /**
   * Backups of the ledger (issue 13): to `folder` (another disk, a share; absent = backups off),
   * every `everyHours` of trading and after each end of day; the newest of each of the last
   * `keepDaily` days and `keepMonthly` months are kept.
   */
  backup: z
    .object({
      folder: z.string().min(1).max(500).optional(),
      keepDaily: z.number().int().min(1).max(366).default(14),
      keepMonthly: z.number().int().min(0).max(120).default(12),
      everyHours: z.number().int().min(1).max(24).default(4),
    })
    .default({ keepDaily: 14, keepMonthly: 12, everyHours: 4 }),
  language: z.enum(['en', 'fr-CA']).default('en'),
  /** scrypt hash of the manager PIN ("salt:hash", hex); required for non-referenced credits. */
  managerPinHash: z.string().regex(/^[0-9a-f]{32}:[0-9a-f]{64}$/).optional(),
});

export type Settings = z.infer<typeof settingsSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
