// The Workers build under `wrangler dev` (workerd, local KV and rate limiting): the repo's
// wrangler.jsonc with test values, the Worker talking to a local "ERP" receiver over HTTP.
// What differs from Node is checked here: used nonces in KV, the verification limit by
// CF-Connecting-IP through the rate limiting binding, and that the bundle runs on workerd.
// wrangler is looked for in node_modules, then .tools/wrangler (WRANGLER_JS overrides); the
// suite is skipped, saying so, when there is none.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLaunchState } from '../../src/dispatcher/launch-state';
import { VERIFICATION_LIMITED_LOG_LINE, VERIFICATION_LOG_LINE } from '../../src/dispatcher/verification';
import { webCryptoHmac } from '../../src/shared/signed-state';
import { TILL_MASTER, tillState } from '../support/dispatcher-states';

const root = fileURLToPath(new URL('../..', import.meta.url));
const wranglerJs = [process.env.WRANGLER_JS, join(root, 'node_modules/wrangler/bin/wrangler.js'), join(root, '.tools/wrangler/node_modules/wrangler/bin/wrangler.js')]
  .find((p): p is string => !!p && existsSync(p));
if (!wranglerJs) console.warn('dispatcher-workers: wrangler not installed (npm i -D wrangler, or in .tools/wrangler): Workers tests skipped');

const SECRET = 'workers-secret-0123456789abcdef0123456789';
const ODOO_CALLBACK = 'https://odoo.example.com/clover/oauth/callback';
const CODE = '3f1c9a2e-6b7d-4e0f-9a51-c2d8e7f6a4b3';
const STARTUP_MS = 60_000;

interface Received { url: string; body: string }
interface Worker { url: string; out: () => string; child: ChildProcess; dir: string }

let receiver: { server: Server; url: string; got: Received[] };
let worker: Worker;
/** The same Worker without DISPATCHER_PUBLIC_URL. */
let unlaunched: Worker;

/** Strips // and /* comments outside strings (enough JSONC for wrangler.jsonc). */
function parseJsonc(text: string): Record<string, unknown> {
  return JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_, str: string | undefined) => str ?? ''));
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `wrangler dev` on the repo's wrangler.jsonc, its vars replaced by `vars`, in a folder of its own. */
async function startWorker(vars: Record<string, unknown>): Promise<Worker> {
  const dir = mkdtempSync(join(tmpdir(), 'dispatcher-workers-'));
  const config = parseJsonc(readFileSync(join(root, 'wrangler.jsonc'), 'utf8'));
  config.main = join(root, String(config.main));
  config.vars = vars;
  config.kv_namespaces = (config.kv_namespaces as { binding: string }[]).map((k) => ({ ...k, id: 'local-test' }));
  writeFileSync(join(dir, 'wrangler.jsonc'), JSON.stringify(config));
  writeFileSync(join(dir, 'secrets.env'), `DISPATCHER_SECRET=${SECRET}\nTILL_KEY_SECRET=${TILL_MASTER}\n`);
  const [port, inspector] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [wranglerJs!, 'dev', '--local', '--config', join(dir, 'wrangler.jsonc'), '--env-file', join(dir, 'secrets.env'),
    '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', join(dir, 'state'), '--show-interactive-dev-session=false'], {
    cwd: dir,
    // No Request.cf download, no metrics: nothing leaves this machine.
    env: { PATH: process.env.PATH ?? '', HOME: dir, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(dir, 'logs'), NO_COLOR: '1', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev not ready in ${STARTUP_MS} ms:\n${out}`)), STARTUP_MS);
    const check = (): void => {
      if (out.includes(`Ready on ${url}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wrangler dev exited ${code}:\n${out}`));
    });
  });
  return { url, out: () => out, child, dir };
}

async function stopWorker(w: Worker | undefined): Promise<void> {
  if (!w) return;
  if (w.child.exitCode === null) {
    const exited = new Promise((resolve) => w.child.once('exit', resolve));
    w.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (w.child.exitCode === null) w.child.kill('SIGKILL');
  }
  rmSync(w.dir, { recursive: true, force: true });
}

/** Waits until the Worker's console has printed `text` (its log reaches wrangler's stdout a moment later). */
async function logged(w: Worker, text: string): Promise<void> {
  for (let i = 0; i < 50 && !w.out().includes(text); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(w.out()).toContain(text);
}

describe.skipIf(!wranglerJs)('dispatcher on Workers (wrangler dev)', () => {
  beforeAll(async () => {
    const got: Received[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ url: req.url!, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
    const vars = {
      CLOVER_APP_ID: 'APP123',
      DISPATCHER_PUBLIC_URL: 'https://dispatcher.example.com',
      TILL_IDS: 'front-1',
      ALLOWED_REDIRECT_HOSTS: 'odoo.example.com',
      MERCHANT_ROUTING_JSON: { MERCH1: `${receiver.url}/hook/1`, MERCH2: `${receiver.url}/hook/2` },
      MERCHANT_ODOO_BASE_JSON: { MERCH1: 'https://odoo.example.com' },
      VERIFICATION_FORWARD_URL: `${receiver.url}/hook/1`,
    };
    [worker, unlaunched] = await Promise.all([
      startWorker(vars),
      startWorker({ ...vars, DISPATCHER_PUBLIC_URL: '', MERCHANT_ODOO_BASE_JSON: {} }),
    ]);
  }, 2 * STARTUP_MS);

  afterAll(async () => {
    await Promise.all([stopWorker(worker), stopWorker(unlaunched)]);
    receiver?.server.closeAllConnections();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  const postWebhook = (body: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${worker.url}/clover/webhook`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const callback = (state: string, merchant = 'MERCH1'): Promise<Response> =>
    fetch(`${worker.url}/clover/callback?merchant_id=${merchant}&client_id=APP123&code=AUTHCODE123&state=${encodeURIComponent(state)}`, { redirect: 'manual' });

  it('accepts the verification challenge unsigned, logs it, sends it to the one configured route, and limits it per CF-Connecting-IP', async () => {
    receiver.got.length = 0;
    const body = `{"verificationCode":"${CODE}"}`;
    const answers = [];
    // wrangler.jsonc's binding allows 5 a minute per source.
    for (let i = 0; i < 6; i++) {
      const res = await postWebhook(body, { 'cf-connecting-ip': '198.51.100.1' });
      answers.push(`${res.status} ${await res.text()}`);
    }
    expect(answers).toEqual([...Array(5).fill('200 accepted\n'), '429 refused\n']);
    const other = await postWebhook(body, { 'cf-connecting-ip': '198.51.100.2' });
    expect(other.status).toBe(200);
    expect(receiver.got.map((r) => r.url)).toEqual(Array(6).fill('/hook/1')); // never /hook/2
    await logged(worker, `${VERIFICATION_LOG_LINE} {"verificationCode":"${CODE}","source":"198.51.100.2"}`);
    await logged(worker, `${VERIFICATION_LIMITED_LOG_LINE} {"source":"198.51.100.1"}`);
  });

  it('forwards events and answers only accepted or refused', async () => {
    receiver.got.length = 0;
    const firehose = '{"appId":"APP123","merchants":{"MERCH2":[{"objectId":"P:MERCH2/PAY2","type":"CREATE","ts":2}],"NOBODY":[]}}';
    const res = await postWebhook(firehose, { 'x-clover-auth-code': 'A1' });
    expect([res.status, await res.text()]).toEqual([200, 'accepted\n']);
    expect(receiver.got).toEqual([{ url: '/hook/2', body: firehose }]);
    const bad = await postWebhook('{"merchants":');
    expect([bad.status, await bad.text()]).toEqual([400, 'refused\n']);
  });

  it('remembers used nonces in KV: a till state works once', async () => {
    const state = await tillState('http://127.0.0.1:9/clover/callback');
    const first = await callback(state);
    expect(first.status).toBe(302);
    expect(new URL(first.headers.get('location')!).searchParams.get('code')).toBe('AUTHCODE123');
    const replay = await callback(state);
    expect([replay.status, await replay.text()]).toEqual([403, 'forbidden: state already used\n']);
  });

  it('holds merchant_id to the merchant a launch state names', async () => {
    const state = await signLaunchState(ODOO_CALLBACK, 'MERCH1', SECRET, Date.now(), webCryptoHmac);
    const other = await callback(state, 'MERCH2');
    expect([other.status, await other.text()]).toEqual([403, 'forbidden: merchant_id does not match the state\n']);
    const right = await callback(state);
    expect(right.status).toBe(302);
    expect(right.headers.get('location')!.startsWith(`${ODOO_CALLBACK}?merchant_id=MERCH1`)).toBe(true);
  });

  it('builds the launch redirect_uri from DISPATCHER_PUBLIC_URL, never the Host header, and refuses without it', async () => {
    const launch = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const req = httpRequest(`${worker.url}/clover/launch?merchant_id=MERCH1`, { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode!, location: res.headers.location });
      });
      req.on('error', reject);
      req.end();
    });
    expect(launch.status).toBe(302);
    expect(new URL(launch.location!).searchParams.get('redirect_uri')).toBe('https://dispatcher.example.com/clover/callback');
    const refused = await fetch(`${unlaunched.url}/clover/launch?merchant_id=MERCH1`, { redirect: 'manual' });
    expect([refused.status, await refused.text()]).toEqual([503, "launch path not configured: DISPATCHER_PUBLIC_URL (this dispatcher's public https URL) is not set\n"]);
  });
});
