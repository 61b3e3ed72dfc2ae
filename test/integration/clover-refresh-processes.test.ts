// Two processes (like the app and the `counter` CLI) share one secret store and one data
// folder. With an expired access token both need a refresh at the same moment; the lock file
// must let exactly one of them spend the single-use refresh token.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCloverSimulator, type CloverSimulator } from '../../src/clover/simulator/index';

const M = 'SIMMERCHANT01';
const ROOT = resolve(import.meta.dirname, '../..');
const TSX = realpathSync(join(ROOT, 'node_modules/.bin/tsx'));

// The child: a file-backed SecretStore (test only: the app uses the OS keychain), a client
// on the shared data folder, then one API call when the parent says "go".
const CHILD = (clientUrl: string) => `
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createCloverClient } from ${JSON.stringify(clientUrl)};

class FileSecretStore {
  constructor(file) { this.file = file; }
  read() { try { return JSON.parse(readFileSync(this.file, 'utf8')); } catch { return {}; } }
  write(all) { const tmp = this.file + '.' + process.pid + '.tmp'; writeFileSync(tmp, JSON.stringify(all)); renameSync(tmp, this.file); }
  async get(key) { return this.read()[key] ?? null; }
  async set(key, value) { const all = this.read(); all[key] = value; this.write(all); }
  async delete(key) { const all = this.read(); delete all[key]; this.write(all); }
}

const [apiUrl, storeFile, dataDir] = process.argv.slice(2);
const client = createCloverClient({
  environment: 'sandbox', hosts: { api: apiUrl, web: apiUrl }, env: {}, appId: 'SIMAPP0000001', posId: 'SIMRAID000001',
  appVersion: '0.1.0-test', secretStore: new FileSecretStore(storeFile), dataDir,
});
console.log('ready');
createInterface({ input: process.stdin }).once('line', async () => {
  try {
    const merchant = await client.merchant(${JSON.stringify(M)}).platform.getMerchant();
    console.log('ok ' + merchant.id);
  } catch (err) {
    console.log('failed ' + err.name + ': ' + err.message);
  } finally {
    await client.close();
    process.exit(0);
  }
});
`;

let sim: CloverSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startCloverSimulator();
  dir = mkdtempSync(join(tmpdir(), 'clover-2proc-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(script: string, storeFile: string, dataDir: string) {
  const child = spawn(process.execPath, [TSX, script, sim.urls.api, storeFile, dataDir], { cwd: ROOT }) as ChildProcessWithoutNullStreams;
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((ok, fail) => {
    const check = () => (out.includes('ready') ? ok() : undefined);
    child.stdout.on('data', check);
    child.once('exit', (code) => fail(new Error(`child exited early (${code}): ${err.slice(0, 500)}`)));
  });
  const done = new Promise<string>((ok) => child.once('exit', () => ok(out)));
  return { child, ready, done };
}

it('two processes with an expired token refresh exactly once', { timeout: 60_000 }, async () => {
  const storeFile = join(dir, 'secrets.json');
  const dataDir = join(dir, 'data');
  const script = join(dir, 'child.mts');
  writeFileSync(script, CHILD(pathToFileURL(join(ROOT, 'src/clover/index.ts')).href));
  const issued = sim.control.issueTokens(M);
  const expired = { ...issued, access_token_expiration: Math.floor(Date.now() / 1000) - 10 };
  writeFileSync(storeFile, JSON.stringify({ [`clover:oauth:SIMAPP0000001:${M}`]: JSON.stringify(expired) }));
  // Slow refreshes make the two processes overlap for sure.
  sim.control.fault({ path: '/oauth/v2/refresh', kind: 'slow', delayMs: 400, times: 2 });

  const a = run(script, storeFile, dataDir);
  const b = run(script, storeFile, dataDir);
  await Promise.all([a.ready, b.ready]);
  a.child.stdin.write('go\n');
  b.child.stdin.write('go\n');
  const outputs = await Promise.all([a.done, b.done]);

  for (const out of outputs) expect(out).toContain(`ok ${M}`);
  expect(sim.control.counters()).toMatchObject({ refreshes: 1, refreshFailures: 0, unauthorized: 0 });
  expect(sim.control.requests().filter((r) => r.path === '/oauth/v2/refresh')).toHaveLength(1);
  const saved = JSON.parse(JSON.parse(readFileSync(storeFile, 'utf8'))[`clover:oauth:SIMAPP0000001:${M}`]);
  expect(saved.refresh_token).not.toBe(issued.refresh_token);
  expect(saved.access_token_expiration).toBeGreaterThan(Date.now() / 1000);
});
