// The sync worker drains the outbox into Odoo. Independent documents go in parallel up to
// `concurrency`; items of one document go strictly in order (the claim query decides that).
// Failures are classified by decide.ts: retry with backoff, park for a person, or pause the
// whole queue (401: until a new key is stored; 403/404/405/415: until resume()).
//
// Throughput: results are recorded, and new items claimed, in one commit per batch window
// (`batchMs`), and a few items are claimed ahead (`prefetch`) so a freed slot starts the next
// item at once instead of waiting for that commit. Crash safety is unaffected: an item whose
// result was not yet committed is simply searched for in Odoo again (search-first delivery).
import type { SyncStatus } from '../../shared/domain';
import { type Logger, silentLogger } from '../../shared/logger';
import { LedgerUnavailableError } from '../errors';
import type { DeliveryOutcome } from '../odoo/deliver';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { decideFailure } from './decide';
import type { Claim, ItemResult, OutboxStore, PauseKind } from './store';
import type { OutboxWork } from './work';

/** The part of the ledger the worker needs. */
export interface SyncLedgerPort {
  outbox: Pick<OutboxStore, 'finishAndClaim' | 'renewLeases' | 'paused' | 'pause' | 'resume' | 'activeCount' | 'nextDueAt' | 'metrics'> & {
    work(item: Claim['item']): OutboxWork;
  };
  onOutboxChange(listener: () => void): () => void;
}

/** The part of the ERP port the worker needs. */
export interface ErpDelivery {
  deliver(work: OutboxWork): Promise<DeliveryOutcome>;
  credentialsChanged(): Promise<boolean>;
}

export interface SyncWorkerOptions {
  ledger: SyncLedgerPort;
  erp: ErpDelivery;
  /** Independent documents delivered at once. */
  concurrency?: number;
  /** Items claimed ahead of free slots (default concurrency / 2). */
  prefetch?: number;
  /** How long finished items wait to share one commit while others are in flight (ms). */
  batchMs?: number;
  /** A claim's lease; renewed every third of it while the item is held. */
  leaseMs?: number;
  /** Longest sleep when nothing is due (new work wakes the worker at once). */
  pollMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** 500s (other than concurrency conflicts) an item may get before it is parked. */
  maxServerErrors?: number;
  logger?: Logger;
  /** Who holds the claims (diagnostics). */
  owner?: string;
}

export type SyncEvent =
  | { type: 'delivered'; itemId: number; odooIds: number[]; reused: boolean }
  | { type: 'retry'; itemId: number; error: string; delayMs: number }
  | { type: 'parked'; itemId: number; reason: string }
  | { type: 'cancelled_locally'; itemId: number }
  | { type: 'paused'; reason: string }
  | { type: 'resumed' };

const ACTOR = 'sync-worker';

function eventOf(r: ItemResult): SyncEvent | null {
  switch (r.outcome) {
    case 'delivered':
      return { type: 'delivered', itemId: r.id, odooIds: r.odooIds, reused: r.reused };
    case 'retry':
      return { type: 'retry', itemId: r.id, error: r.error, delayMs: r.delayMs };
    case 'park':
      return { type: 'parked', itemId: r.id, reason: r.reason };
    case 'cancelled_locally':
      return { type: 'cancelled_locally', itemId: r.id };
    case 'release':
      return null;
  }
}

export function createSyncWorker(options: SyncWorkerOptions) {
  const { ledger, erp } = options;
  const store = ledger.outbox;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const prefetch = Math.max(0, options.prefetch ?? Math.ceil(concurrency / 2));
  const batchMs = options.batchMs ?? 20;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 5_000;
  const logger = options.logger ?? silentLogger;
  const owner = options.owner ?? `pid:${process.pid}`;
  const decideContext = { backoff: options.backoff ?? DEFAULT_BACKOFF, random: options.random ?? Math.random, maxServerErrors: options.maxServerErrors ?? 3 };

  const ready: Claim[] = []; // claimed, not started
  const inflight = new Map<string, Promise<void>>();
  let results: ItemResult[] = [];
  const listeners = new Set<(e: SyncEvent) => void>();
  let idleWaiters: Array<() => void> = [];
  let running = false;
  let blocked = false; // paused or held: start nothing new
  let holdUntil = 0;
  let consecutive400 = 0;
  let loopDone: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;
  let renewTimer: NodeJS.Timeout | null = null;

  const emit = (e: SyncEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch (err) {
        logger.log('warn', 'sync event listener failed', { error: String(err) });
      }
    }
  };

  // --- waking the loop: at most one wake is scheduled; one that fires while the loop runs is kept.
  let wakeUp: (() => void) | null = null;
  let wakeScheduled = false;
  let pendingWake = false;
  function wake(delayMs = 0): void {
    if (wakeScheduled) return;
    wakeScheduled = true;
    const fire = () => {
      wakeScheduled = false;
      if (wakeUp) wakeUp();
      else pendingWake = true;
    };
    if (delayMs > 0) setTimeout(fire, delayMs);
    else setImmediate(fire);
  }
  function sleep(ms: number): Promise<void> {
    if (pendingWake) {
      pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  }

  function pause(reason: string, kind: PauseKind, actor = ACTOR): void {
    blocked = true;
    store.pause(reason, actor, kind);
    logger.log('warn', 'sync paused', { reason, kind });
    emit({ type: 'paused', reason });
  }

  function onFailure(claim: Claim, err: unknown): ItemResult {
    if (err instanceof Error && 'debug' in err && typeof err.debug === 'string') {
      logger.log('error', 'odoo traceback', { itemId: claim.item.id, debug: err.debug.slice(0, 4000) }); // local log only
    }
    const is400 = (err as { status?: unknown }).status === 400;
    consecutive400 = is400 ? consecutive400 + 1 : 0;
    const d = decideFailure(claim, err, { ...decideContext, now: Date.now(), consecutive400 });
    if (d.holdUntil) {
      holdUntil = Math.max(holdUntil, d.holdUntil);
      blocked = true;
    }
    if (d.pause) pause(d.pause.reason, d.pause.kind);
    return d.result;
  }

  function launch(claim: Claim): void {
    const run = async () => {
      let result: ItemResult;
      try {
        const outcome = await erp.deliver(store.work(claim.item));
        consecutive400 = 0;
        result =
          outcome.outcome === 'delivered'
            ? { id: claim.item.id, token: claim.token, outcome: 'delivered', odooIds: outcome.odooIds, reused: outcome.reused }
            : { id: claim.item.id, token: claim.token, outcome: 'cancelled_locally' };
      } catch (err) {
        try {
          result = onFailure(claim, err);
        } catch (inner) {
          // Even deciding failed (the ledger went away while pausing): give the item back.
          result = { id: claim.item.id, token: claim.token, outcome: 'release', error: String(inner), errorClass: 'retryable' };
        }
      } finally {
        inflight.delete(claim.token);
      }
      results.push(result);
      pump();
      wake(inflight.size > 0 ? batchMs : 0);
    };
    inflight.set(claim.token, run());
  }

  /** Starts claimed items while slots are free. */
  function pump(): void {
    while (!blocked && running && inflight.size < concurrency && ready.length > 0) launch(ready.shift()!);
  }

  /** Gives claimed-but-unstarted items back (paused, stopping). */
  function releaseReady(why: string): void {
    for (const c of ready.splice(0)) results.push({ id: c.item.id, token: c.token, outcome: 'release', error: why, errorClass: 'stop', unsent: true });
  }

  /** Records finished items and claims up to `want` new ones, in one commit. */
  function cycle(want: number): Claim[] {
    const batch = results;
    results = [];
    if (batch.length === 0 && want <= 0) return [];
    try {
      const claims = store.finishAndClaim(batch, want, owner, leaseMs);
      for (const r of batch) {
        const e = eventOf(r);
        if (e) emit(e);
        if (r.outcome === 'park') logger.log('warn', 'sync item parked', { itemId: r.id, reason: r.reason });
        if (r.outcome === 'retry') logger.log('info', 'sync item will retry', { itemId: r.id, error: r.error, delayMs: r.delayMs });
      }
      return claims;
    } catch (err) {
      results = [...batch, ...results]; // kept: recorded on the next cycle
      if (!(err instanceof LedgerUnavailableError)) throw err;
      logger.log('error', 'ledger unavailable to the sync worker', { reason: err.reason });
      return [];
    }
  }

  async function checkAuthResume(): Promise<boolean> {
    try {
      if (await erp.credentialsChanged()) {
        if (store.resume(ACTOR, 'a new API key was stored')) emit({ type: 'resumed' });
        return true;
      }
    } catch (err) {
      logger.log('warn', 'could not read the Odoo API key', { error: String(err) });
    }
    return false;
  }

  async function loop(): Promise<void> {
    while (running) {
      let paused = store.paused();
      if (paused?.kind === 'auth' && (await checkAuthResume())) paused = null;
      const now = Date.now();
      const held = holdUntil > now;
      blocked = !!paused || held;
      if (paused) releaseReady(`queue paused: ${paused.reason}`);
      const want = blocked ? 0 : concurrency + prefetch - inflight.size - ready.length;
      const claims = cycle(want);
      ready.push(...claims);
      pump();
      if (claims.length > 0 && claims.length === want) continue; // there may be more
      if (inflight.size === 0 && ready.length === 0 && results.length === 0 && idleWaiters.length > 0 && !held && (paused || store.activeCount() === 0)) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
      let timeout = pollMs;
      if (held) timeout = Math.min(pollMs, holdUntil - now + 1);
      else if (!paused) {
        const due = store.nextDueAt();
        if (due !== null && due > now) timeout = Math.min(pollMs, due - now + 1);
      }
      await sleep(timeout);
    }
  }

  function start(): void {
    if (running) return;
    running = true;
    pendingWake = true;
    unsubscribe = ledger.onOutboxChange(() => wake());
    renewTimer = setInterval(() => {
      try {
        store.renewLeases([...inflight.keys(), ...ready.map((c) => c.token)], leaseMs);
      } catch (err) {
        logger.log('warn', 'could not renew outbox leases', { error: String(err) });
      }
    }, Math.max(50, Math.floor(leaseMs / 3)));
    renewTimer.unref();
    loopDone = loop().catch((err: unknown) => {
      running = false;
      logger.log('error', 'sync worker stopped on an error', { error: String(err) });
    });
  }

  return {
    start,

    /** Stops claiming, lets in-flight items finish, gives unstarted ones back, records it all. */
    async stop(): Promise<void> {
      if (!running) return;
      running = false;
      wake();
      await loopDone;
      await Promise.allSettled([...inflight.values()]);
      releaseReady('worker stopped');
      cycle(0);
      if (renewTimer) clearInterval(renewTimer);
      unsubscribe?.();
      for (const w of idleWaiters) w();
      idleWaiters = [];
    },

    /** Resolves when nothing is in flight and nothing can be sent (all done, parked, or paused). */
    runUntilIdle(): Promise<void> {
      start();
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        wake();
      });
    },

    pause: (reason: string, actor = 'manual') => pause(reason, 'manual', actor),

    /** A person resumes after fixing what stopped the queue. */
    resume(actor = 'manual', note?: string): void {
      if (store.resume(actor, note)) emit({ type: 'resumed' });
      wake();
    },

    status(): SyncStatus & { running: boolean } {
      return { ...store.metrics(), running };
    },

    onEvent(listener: (e: SyncEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type SyncWorker = ReturnType<typeof createSyncWorker>;
