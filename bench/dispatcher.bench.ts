// Dispatcher throughput on loopback in one Node process, compared with the original
// Cloudflare Worker's published figures. This process runs the dispatcher and nothing else
// while a figure is taken; the receiving "ERP" runs in a child process; the load comes from
// wrk, a separate C process (`apt-get install wrk`), or, without it, from an undici client in
// that child, which then competes harder for this machine's cores (the figures say which).
// "per core-s" divides the requests by the CPU seconds this whole process used (its main
// thread, V8's GC and compiler helpers, the thread pool): the one-core figure.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { startDispatcherServer } from '../src/dispatcher/node-server';
import { lineLogger } from '../src/shared/logger';
import { runWrk, wrkAvailable, type WrkRequest } from './support/wrk';

const ROLE_ENV = 'DISPATCHER_BENCH_ROLE';
const SECRET = 'bench-secret-0123456789abcdef0123456789';
const DURATION_MS = 2000;
const ROUNDS = 3;
const WARMUP_MS = 1000;
const CONCURRENCY = 32;
const ORIGINAL = { webhooks: 347, forged: 650, healthz: 500, merchants1001Ms: 47 };
const ids = (prefix: string): string[] => Array.from({ length: 1001 }, (_, i) => `${prefix}${String(i).padStart(12, '0')}`);

interface Run { perSec: number; p50: number; p99: number; ok: number; failed: number; forwards?: number; perCpuSec?: number }
interface Timed { status: number; ms: number; forwards?: number }
interface Singles { bigDeclared: Timed; bigChunked: Timed; sharedRoute: Timed; ownRoutes: Timed }
type Figure = 'webhooks' | 'forged' | 'health' | 'bare';
/** bench -> load side */
type Ask = { kind: 'received' } | { kind: 'load'; figure: Figure } | { kind: 'singles' } | { kind: 'stop' };

const ONE_WEBHOOK = JSON.stringify(firehose(['M000000000000']));
const WEBHOOK_HEADERS = { 'content-type': 'application/json', 'x-clover-auth-code': 'bench' };
/** Well formed and fresh, only the MAC is wrong: every rejection costs a full HMAC. */
function forgedState(): string {
  const payload = { redirect_to: 'https://odoo.example.com/cb', nonce: '0'.repeat(32), iat: Math.floor(Date.now() / 1000) };
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${'A'.repeat(43)}`;
}
const FORGED_PATH = (): string => `/clover/callback?code=c&merchant_id=M&state=${forgedState()}`;

export default async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, [ROLE_ENV]: 'load' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // The load side answers each question in order; its death fails whatever is waiting.
  const replies: Array<{ resolve: (value: unknown) => void; reject: (error: Error) => void }> = [];
  child.on('message', (m) => replies.shift()?.resolve(m));
  child.on('exit', (code) => replies.splice(0).forEach((r) => r.reject(new Error(`bench load process exited (${code})`))));
  const ask = <T>(question?: Ask): Promise<T> =>
    new Promise((resolve, reject) => {
      replies.push({ resolve: resolve as (value: unknown) => void, reject });
      if (question) child.send(question);
    });
  const { receiverUrl } = await ask<{ receiverUrl: string }>();
  const routes = {
    ...Object.fromEntries(ids('M').map((id) => [id, `${receiverUrl}/hook/${id}`])), // one ERP each
    ...Object.fromEntries(ids('S').map((id) => [id, `${receiverUrl}/hook/shared`])), // one shared ERP
  };
  const dispatcher = await startDispatcherServer({
    port: 0,
    env: { DISPATCHER_SECRET: SECRET, CLOVER_APP_ID: 'BENCHAPP', MERCHANT_ROUTING_JSON: JSON.stringify(routes) },
    deps: { logger: lineLogger(() => {}) }, // lines are formatted and redacted as in production, then dropped
  });
  // Reference: a bare node:http server on the same thread, the ceiling for any Node server here.
  const bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 }).end('{"ok":true}'));
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  try {
    child.send({ dispatcherUrl: dispatcher.url, bareUrl });
    const useWrk = wrkAvailable();
    const requests: Record<Figure, () => WrkRequest> = {
      webhooks: () => ({ url: `${dispatcher.url}/clover/webhook`, method: 'POST', body: ONE_WEBHOOK, headers: WEBHOOK_HEADERS }),
      forged: () => ({ url: `${dispatcher.url}${FORGED_PATH()}` }),
      health: () => ({ url: `${dispatcher.url}/healthz` }),
      bare: () => ({ url: `${bareUrl}/healthz` }),
    };
    /** One figure, with the CPU this process (the dispatcher alone) spent on it. */
    const measure = async (figure: Figure): Promise<Run> => {
      if (useWrk) await runWrk(requests[figure](), CONCURRENCY, WARMUP_MS / 1000);
      const received0 = await ask<number>({ kind: 'received' });
      const cpu0 = process.cpuUsage();
      let run: Run;
      if (useWrk) {
        const w = await runWrk(requests[figure](), CONCURRENCY, DURATION_MS / 1000);
        // The forged figure counts refusals: every answer must be a 403 (non-2xx), none a 2xx.
        const expectedBad = figure === 'forged' ? w.requests : 0;
        const failed = Math.abs(w.non2xx - expectedBad) + w.socketErrors;
        run = { perSec: w.perSec, p50: w.p50, p99: w.p99, ok: w.requests - failed, failed };
      } else {
        run = await ask<Run>({ kind: 'load', figure });
      }
      const cpu = process.cpuUsage(cpu0);
      return { ...run, forwards: (await ask<number>({ kind: 'received' })) - received0, perCpuSec: run.ok / ((cpu.user + cpu.system) / 1e6) };
    };
    // Rounds alternate the figures, so each sees the machine in the same states; a figure is
    // its median round (a neighbour's burst on this shared machine moves one round, not all).
    const figures: Figure[] = ['webhooks', 'forged', 'health', 'bare'];
    const rounds: Record<Figure, Run[]> = { webhooks: [], forged: [], health: [], bare: [] };
    // One discarded round first: the JIT and the heap settle (the first round ran ~30% slower).
    for (let round = -1; round < ROUNDS; round++) {
      for (const figure of figures) {
        const run = await measure(figure);
        if (round >= 0) rounds[figure].push(run);
      }
    }
    const results = Object.fromEntries(figures.map((f) => [f, medianRun(rounds[f])])) as Record<Figure, Run>;
    print(results, await ask<Singles>({ kind: 'singles' }), useWrk);
    await ask({ kind: 'stop' });
  } finally {
    child.kill();
    await dispatcher.close();
    bare.closeAllConnections();
    bare.close();
  }
}

/** The median round by throughput, with the median per-core figure and every round's errors. */
function medianRun(runs: Run[]): Run {
  const byRate = [...runs].sort((a, b) => a.perSec - b.perSec);
  const perCore = runs.map((r) => r.perCpuSec!).sort((a, b) => a - b);
  const mid = Math.floor(runs.length / 2);
  return { ...byRate[mid]!, perCpuSec: perCore[mid]!, failed: runs.reduce((n, r) => n + r.failed, 0), forwards: runs.reduce((n, r) => n + (r.forwards ?? 0), 0), ok: runs.reduce((n, r) => n + r.ok, 0) };
}

function print(r: Record<Figure, Run>, s: Singles, useWrk: boolean): void {
  const load = useWrk ? 'load from wrk (own process, 1 thread)' : 'load from an undici client in the receiver process (install wrk: a lighter load generator leaves the dispatcher more of this machine)';
  console.log(`dispatcher alone in this process; receiver in a child process; ${load}; ${CONCURRENCY} connections; each figure the median of ${ROUNDS} rounds of ${DURATION_MS} ms after one warm-up round; Node ${process.version}`);
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on it lowers every figure)`);
  console.log('per core-s: requests per CPU-second of the dispatcher process (all its threads), i.e. on one core');
  console.log('figure                     ours/s  original/s   ratio   p50 ms  p99 ms  errors   per core-s  x orig');
  const row = (name: string, run: Run, original: number): void => console.log([name.padEnd(24), run.perSec.toFixed(0).padStart(8),
    String(original).padStart(11), `${(run.perSec / original).toFixed(1)}x`.padStart(7), run.p50.toFixed(2).padStart(8), run.p99.toFixed(2).padStart(7),
    String(run.failed).padStart(7), run.perCpuSec!.toFixed(0).padStart(12), `${(run.perCpuSec! / original).toFixed(1)}x`.padStart(7)].join(' '));
  row('webhooks forwarded', r.webhooks, ORIGINAL.webhooks);
  row('forged states rejected', r.forged, ORIGINAL.forged);
  row('/healthz', r.health, ORIGINAL.healthz);
  console.log(`  receiver got ${r.webhooks.forwards} forwards for ${r.webhooks.ok} accepted webhooks (all rounds; the load generator stops counting with up to ${CONCURRENCY} in flight)`);
  console.log(`  reference, a bare node:http server on the same thread: ${r.bare.perSec.toFixed(0)}/s, ${r.bare.perCpuSec!.toFixed(0)} per core-s (this machine's ceiling for /healthz)`);
  console.log(`9.4 MB body refused: with Content-Length ${s.bigDeclared.status} in ${s.bigDeclared.ms.toFixed(1)} ms; chunked ${s.bigChunked.status} in ${s.bigChunked.ms.toFixed(1)} ms`);
  const ratio = (ms: number): string => `${(ORIGINAL.merchants1001Ms / ms).toFixed(1)}x`;
  console.log(`1,001 merchants, one shared ERP route: ${s.sharedRoute.status}, ${s.sharedRoute.forwards} forward, median of 41 (after 30 warm-up) ${s.sharedRoute.ms.toFixed(1)} ms (original ${ORIGINAL.merchants1001Ms} ms, ratio ${ratio(s.sharedRoute.ms)})`);
  console.log(`1,001 merchants, one ERP route each:  ${s.ownRoutes.status}, ${s.ownRoutes.forwards} forwards, median ${s.ownRoutes.ms.toFixed(1)} ms (ratio ${ratio(s.ownRoutes.ms)})`);
}

// ---- child process: the receiving ERP, the single timed requests and the fallback load ----

async function loadSide(): Promise<void> {
  const reply = (value: unknown): void => void process.send!(value);
  process.on('disconnect', () => process.exit(0)); // the bench is gone
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.end('ok');
    });
  });
  receiver.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  reply({ receiverUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}` });
  const { dispatcherUrl, bareUrl } = await new Promise<{ dispatcherUrl: string; bareUrl: string }>((resolve) => process.once('message', resolve as (m: unknown) => void));
  const pool = new Pool(dispatcherUrl, { connections: CONCURRENCY });
  const barePool = new Pool(bareUrl, { connections: CONCURRENCY });

  const send = async (method: 'GET' | 'POST', path: string, body?: string | Buffer | AsyncIterable<Buffer>): Promise<number> => {
    const res = await pool.request({ method, path, body: body as string, headers: body ? WEBHOOK_HEADERS : {} });
    await res.body.dump();
    return res.statusCode;
  };
  const loads: Record<Figure, () => Promise<boolean>> = {
    webhooks: async () => (await send('POST', '/clover/webhook', ONE_WEBHOOK)) === 200,
    forged: async () => (await send('GET', FORGED_PATH())) === 403,
    health: async () => (await send('GET', '/healthz')) === 200,
    bare: async () => {
      const res = await barePool.request({ method: 'GET', path: '/healthz' });
      await res.body.dump();
      return res.statusCode === 200;
    },
  };
  /** The median of `times` sends, after `warmup` untimed ones (so the JIT has seen the path). */
  const timed = async (path: string, body: string | Buffer | (() => AsyncIterable<Buffer>), times: number, warmup = 0): Promise<Timed> => {
    for (let i = 0; i < warmup; i++) await send('POST', path, typeof body === 'function' ? body() : body).catch(() => -1);
    const runs: Timed[] = [];
    for (let i = 0; i < times; i++) {
      const before = received;
      const t = performance.now();
      const status = await send('POST', path, typeof body === 'function' ? body() : body).catch(() => -1);
      runs.push({ status, ms: performance.now() - t, forwards: received - before });
    }
    runs.sort((a, b) => a.ms - b.ms);
    return runs[Math.floor(runs.length / 2)]!;
  };

  process.on('message', (ask: Ask) => {
    void (async () => {
      switch (ask.kind) {
        case 'received':
          return reply(received);
        case 'load':
          await loop(loads[ask.figure], WARMUP_MS);
          return reply(await loop(loads[ask.figure], DURATION_MS));
        case 'singles': {
          const big = Buffer.alloc(9_400_000, 0x20);
          const singles: Singles = {
            bigDeclared: await timed('/clover/webhook', big, 3),
            bigChunked: await timed('/clover/webhook', async function* () { for (let i = 0; i < big.length; i += 65536) yield big.subarray(i, i + 65536); }, 3),
            sharedRoute: await timed('/clover/webhook', JSON.stringify(firehose(ids('S'))), 41, 30),
            ownRoutes: await timed('/clover/webhook', JSON.stringify(firehose(ids('M'))), 7, 3),
          };
          return reply(singles);
        }
        case 'stop':
          await Promise.all([pool.close(), barePool.close()]);
          receiver.closeAllConnections();
          receiver.close();
          return reply('stopped');
      }
    })();
  });
}

function firehose(merchants: string[]): unknown {
  return { appId: 'BENCHAPP', merchants: Object.fromEntries(merchants.map((id) => [id, [{ objectId: `P:${id}/PAYMENT00001`, type: 'CREATE', ts: 1_764_000_000_000 }]])) };
}

async function loop(fn: () => Promise<boolean>, durationMs: number): Promise<Run> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const good = await fn().catch(() => false);
      latencies.push(performance.now() - t);
      if (good) ok++;
      else failed++;
    }
  }));
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { perSec: ok / ((performance.now() - started) / 1000), p50: pct(0.5), p99: pct(0.99), ok, failed };
}

if (process.env[ROLE_ENV] === 'load') void loadSide();
