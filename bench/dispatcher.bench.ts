// Dispatcher throughput on loopback in one Node process, compared with the original
// Cloudflare Worker's published figures. The dispatcher has the main thread (one core) to
// itself; the load generator and the receiving "ERP" share one worker thread, so their cost
// is not charged to the dispatcher. Traffic goes to 127.0.0.1 only; each figure runs for a
// bounded time with bounded concurrency over keep-alive connections.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import { startDispatcherServer } from '../src/dispatcher/node-server';
import { lineLogger } from '../src/shared/logger';

const ROLE = 'dispatcher-bench-load';
const SECRET = 'bench-secret-0123456789abcdef0123456789';
const DURATION_MS = 2500;
const WARMUP_MS = 300;
const CONCURRENCY = 32;
const ORIGINAL = { webhooks: 347, forged: 650, healthz: 500, merchants1001Ms: 47 };
const ids = (prefix: string): string[] => Array.from({ length: 1001 }, (_, i) => `${prefix}${String(i).padStart(12, '0')}`);

interface Run { perSec: number; p50: number; p99: number; ok: number; failed: number; forwards?: number; perCpuSec?: number }
interface Timed { status: number; ms: number; forwards?: number }
interface Results { webhooks: Run; forged: Run; health: Run; bare: Run; bigDeclared: Timed; bigChunked: Timed; sharedRoute: Timed; ownRoutes: Timed }

export default async function main(): Promise<void> {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { role: ROLE } });
  const next = <T>(): Promise<T> => new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  const { receiverUrl } = await next<{ receiverUrl: string }>();
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
  try {
    worker.postMessage({ dispatcherUrl: dispatcher.url, bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}` });
    print(await next<Results>());
  } finally {
    await worker.terminate();
    await dispatcher.close();
    bare.closeAllConnections();
    bare.close();
  }
}

function print(r: Results): void {
  console.log(`dispatcher on one thread; client + receiver in a worker thread; concurrency ${CONCURRENCY}, ${DURATION_MS} ms per figure; Node ${process.version}`);
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on it lowers every figure)`);
  console.log('per core-s: requests per CPU-second spent outside the load thread (dispatcher thread, crypto pool, GC)');
  console.log('figure                     ours/s  original/s   ratio   p50 ms  p99 ms  errors   per core-s  x orig');
  const row = (name: string, run: Run, original: number): void => console.log([name.padEnd(24), run.perSec.toFixed(0).padStart(8),
    String(original).padStart(11), `${(run.perSec / original).toFixed(1)}x`.padStart(7), run.p50.toFixed(2).padStart(8), run.p99.toFixed(2).padStart(7),
    String(run.failed).padStart(7), run.perCpuSec!.toFixed(0).padStart(12), `${(run.perCpuSec! / original).toFixed(1)}x`.padStart(7)].join(' '));
  row('webhooks forwarded', r.webhooks, ORIGINAL.webhooks);
  row('forged states rejected', r.forged, ORIGINAL.forged);
  row('/healthz', r.health, ORIGINAL.healthz);
  console.log(`  receiver got ${r.webhooks.forwards} forwards for ${r.webhooks.ok} accepted webhooks`);
  console.log(`  reference, a bare node:http server on the same thread: ${r.bare.perSec.toFixed(0)}/s (this machine's ceiling for /healthz)`);
  console.log(`9.4 MB body refused: with Content-Length ${r.bigDeclared.status} in ${r.bigDeclared.ms.toFixed(1)} ms; chunked ${r.bigChunked.status} in ${r.bigChunked.ms.toFixed(1)} ms`);
  const ratio = (ms: number): string => `${(ORIGINAL.merchants1001Ms / ms).toFixed(1)}x`;
  console.log(`1,001 merchants, one shared ERP route: ${r.sharedRoute.status}, ${r.sharedRoute.forwards} forward, median ${r.sharedRoute.ms.toFixed(1)} ms (original ${ORIGINAL.merchants1001Ms} ms, ratio ${ratio(r.sharedRoute.ms)})`);
  console.log(`1,001 merchants, one ERP route each:  ${r.ownRoutes.status}, ${r.ownRoutes.forwards} forwards, median ${r.ownRoutes.ms.toFixed(1)} ms (ratio ${ratio(r.ownRoutes.ms)})`);
}

// ---- worker thread: receiver + load generator ----

async function loadWorker(): Promise<void> {
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
  parentPort!.postMessage({ receiverUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}` });
  const { dispatcherUrl, bareUrl } = await new Promise<{ dispatcherUrl: string; bareUrl: string }>((resolve) => parentPort!.once('message', resolve));
  const pool = new Pool(dispatcherUrl, { connections: CONCURRENCY });
  const barePool = new Pool(bareUrl, { connections: CONCURRENCY });

  const send = async (method: 'GET' | 'POST', path: string, body?: string | Buffer | AsyncIterable<Buffer>): Promise<number> => {
    const res = await pool.request({ method, path, body: body as string, headers: body ? { 'content-type': 'application/json', 'x-clover-auth-code': 'bench' } : {} });
    await res.body.dump();
    return res.statusCode;
  };
  const counted = async (fn: () => Promise<boolean>): Promise<Run> => {
    await loop(fn, WARMUP_MS);
    const before = received;
    const [process0, own0] = [process.cpuUsage(), process.threadCpuUsage()];
    const run = await loop(fn, DURATION_MS);
    // CPU the dispatcher used: the whole process minus this (load + receiver) thread. That
    // charges the dispatcher with the crypto thread pool and GC helpers too; it is the load-
    // independent "requests per core-second" figure on a machine shared with other work.
    const [process1, own1] = [process.cpuUsage(process0), process.threadCpuUsage(own0)];
    const cpuSec = (process1.user + process1.system - own1.user - own1.system) / 1e6;
    return { ...run, forwards: received - before, perCpuSec: run.ok / cpuSec };
  };
  const timed = async (path: string, body: string | Buffer | (() => AsyncIterable<Buffer>), times: number): Promise<Timed> => {
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

  const one = JSON.stringify(firehose(['M000000000000']));
  // Well formed and fresh, only the MAC is wrong: every rejection costs a full HMAC.
  const forgedPayload = { redirect_to: 'https://odoo.example.com/cb', nonce: '0'.repeat(32), iat: Math.floor(Date.now() / 1000) };
  const forgedState = `${Buffer.from(JSON.stringify(forgedPayload)).toString('base64url')}.${'A'.repeat(43)}`;
  const big = Buffer.alloc(9_400_000, 0x20);
  const results: Results = {
    webhooks: await counted(async () => (await send('POST', '/clover/webhook', one)) === 200),
    forged: await counted(async () => (await send('GET', `/clover/callback?code=c&merchant_id=M&state=${forgedState}`)) === 403),
    health: await counted(async () => (await send('GET', '/healthz')) === 200),
    bare: await counted(async () => {
      const res = await barePool.request({ method: 'GET', path: '/healthz' });
      await res.body.dump();
      return res.statusCode === 200;
    }),
    bigDeclared: await timed('/clover/webhook', big, 3),
    bigChunked: await timed('/clover/webhook', async function* () { for (let i = 0; i < big.length; i += 65536) yield big.subarray(i, i + 65536); }, 3),
    sharedRoute: await timed('/clover/webhook', JSON.stringify(firehose(ids('S'))), 7),
    ownRoutes: await timed('/clover/webhook', JSON.stringify(firehose(ids('M'))), 7),
  };
  await Promise.all([pool.close(), barePool.close()]);
  receiver.closeAllConnections();
  receiver.close();
  parentPort!.postMessage(results);
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

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) void loadWorker();
