// The simulator's shared state and resolved options, handed to every route file.
import { DeviceRegistry } from './device-sessions';
import { FaultList } from './faults';
import { IdempotencyStore } from './idempotency';
import { PaymentLedger } from './payment-ledger';
import { RateLimiter, type RateLimit } from './rate-limiter';
import { RequestLog } from './request-log';
import { TokenStore } from './token-store';
import type { CustomerAction, SimCounters, SimMerchant, SimProfile, SimulatorOptions } from './types';

export interface ResolvedOptions {
  host: string;
  port: number;
  profile: SimProfile;
  appId: string;
  raid: string;
  merchants: SimMerchant[];
  defaultAction: CustomerAction;
  rateLimit: RateLimit | false;
  ecomPartialRefunds: boolean;
  emulateVoidToRefund: boolean;
  strictUserAgent: boolean;
  velocityLimit: number | false;
  /** D22: past exp_year accepted at tokenize (sandbox quirk). */
  acceptPastExpiry: boolean;
  /** D12: lookup of a payment still in flight: 503 or 404. */
  inFlightLookup: 503 | 404;
}

export const DEFAULT_MERCHANT: SimMerchant = {
  id: 'SIMMERCHANT01',
  name: 'Fusion Test Store',
  devices: [
    { id: '3f1c2b3a-5d4e-4a6b-9c8d-000000000001', serial: 'C0SIM0000001', name: 'Counter 1', model: 'Clover_C405' },
    { id: '3f1c2b3a-5d4e-4a6b-9c8d-000000000002', serial: 'C0SIM0000002', name: 'Counter 2', model: 'Clover_C405' },
  ],
};

export function resolveOptions(o: SimulatorOptions): ResolvedOptions {
  const profile = o.profile ?? 'sandbox-faithful';
  const merchants = o.merchants && o.merchants.length > 0 ? o.merchants : [DEFAULT_MERCHANT];
  return {
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    profile,
    appId: o.appId ?? 'SIMAPP0000001',
    raid: o.raid ?? 'SIMRAID000001',
    merchants: structuredClone(merchants),
    defaultAction: o.defaultAction ?? (profile === 'training' ? { kind: 'approve', delayMs: 1500 } : { kind: 'hold' }),
    rateLimit: o.rateLimit === undefined ? { perSecond: 16, concurrent: 5 } : o.rateLimit,
    ecomPartialRefunds: o.flags?.ecomPartialRefunds ?? false,
    emulateVoidToRefund: o.flags?.emulateVoidToRefund ?? false,
    strictUserAgent: o.flags?.strictUserAgent ?? false,
    velocityLimit: o.flags?.velocityLimit ?? (profile === 'sandbox-faithful' ? 8 : false),
    acceptPastExpiry: profile === 'sandbox-faithful',
    inFlightLookup: o.flags?.inFlightLookup === 404 ? 404 : 503,
  };
}

export function zeroCounters(): SimCounters {
  return {
    requests: 0,
    tokenExchanges: 0,
    refreshes: 0,
    refreshFailures: 0,
    rateLimited: 0,
    faultsInjected: 0,
    unauthorized: 0,
    missingUserAgent: 0,
    paymentsCreated: 0,
    chargesCreated: 0,
  };
}

/** A tokenized card as the Ecommerce token service keeps it: never the PAN. */
export interface CardToken {
  merchantId: string;
  brand: string;
  last4: string;
  expMonth: string;
  expYear: string;
  outcome: 'approve' | 'decline' | 'partial';
  fingerprint: string; // keyed hash of the PAN, for the velocity rule only
  used: boolean;
}

export class SimContext {
  readonly tokens: TokenStore;
  readonly devices: DeviceRegistry;
  readonly ledger = new PaymentLedger();
  readonly idempotency: IdempotencyStore;
  readonly ecomIdempotency: IdempotencyStore;
  readonly cardTokens = new Map<string, CardToken>();
  /** Approved Ecommerce charges per card fingerprint and UTC day (D22). */
  readonly velocity = new Map<string, number>();
  readonly faults = new FaultList();
  readonly limiter: RateLimiter;
  readonly log = new RequestLog();
  counters: SimCounters = zeroCounters();
  private clockOffset = 0;

  constructor(
    readonly opts: ResolvedOptions,
    private readonly baseNow: () => number,
    lifetimes: { accessSec: number; refreshSec: number },
  ) {
    const now = (): number => this.now();
    this.tokens = new TokenStore({ appId: opts.appId, now, accessLifetimeSec: lifetimes.accessSec, refreshLifetimeSec: lifetimes.refreshSec });
    this.devices = new DeviceRegistry(opts.merchants);
    this.idempotency = new IdempotencyStore(now);
    this.ecomIdempotency = new IdempotencyStore(now);
    this.limiter = new RateLimiter(opts.rateLimit);
  }

  now(): number {
    return this.baseNow() + this.clockOffset;
  }

  advanceClock(ms: number): void {
    this.clockOffset += ms;
  }

  merchant(id: string | undefined): SimMerchant | undefined {
    return this.opts.merchants.find((m) => m.id === id);
  }

  /** The named merchant, or the first one; throws for an unknown id (control calls). */
  requireMerchant(id?: string): SimMerchant {
    const m = id === undefined ? this.opts.merchants[0] : this.merchant(id);
    if (!m) throw new Error(`unknown merchant ${id ?? ''}`);
    return m;
  }

  /** Forget transactions and scripted state; OAuth tokens and API keys survive. */
  reset(): void {
    this.devices.resetAll();
    this.ledger.clear();
    this.idempotency.clear();
    this.ecomIdempotency.clear();
    this.cardTokens.clear();
    this.velocity.clear();
    this.faults.clear();
    this.limiter.clear();
    this.log.clear();
    this.counters = zeroCounters();
    this.clockOffset = 0;
  }
}
