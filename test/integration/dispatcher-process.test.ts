// `npm run dispatcher` as a real process: `tsx src/dispatcher/node-server.ts` with a bad and
// a good environment, and `npm run dispatcher -- till-key <id>`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startDispatcherServer } from '../../src/dispatcher/node-server';
import { signState } from '../../src/shared/signed-state';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsxCli = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));

function spawnDispatcher(env: Record<string, string>, args: string[] = []) {
  // A clean environment: nothing from the developer's shell leaks into the config.
  const child = spawn(process.execPath, [tsxCli, 'src/dispatcher/node-server.ts', ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('dispatcher process', () => {
  it('fails at start with exit code 1 and every configuration problem listed', async () => {
    const run = spawnDispatcher({ PORT: 'eighty', DISPATCHER_SECRET: 'short', MERCHANT_ROUTING_JSON: '{"M1":"http://erp.example/hook"}' });
    expect(await run.exited).toBe(1);
    expect(run.out()).toBe('');
    expect(run.err()).toContain('dispatcher configuration is invalid:');
    for (const problem of ['PORT must be an integer', 'DISPATCHER_SECRET is too short', 'MERCHANT_ROUTING_JSON["M1"]', 'CLOVER_APP_ID is required']) {
      expect(run.err()).toContain(problem);
    }
  });

  it('prints one "Dispatcher listening on <url>" line, serves, and stops on SIGTERM', async () => {
    const run = spawnDispatcher({ PORT: '0', DISPATCHER_SECRET: 'process-secret-0123456789abcdef012345', CLOVER_APP_ID: 'APP' });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        run.child.stdout.on('data', () => {
          const match = /^Dispatcher listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(run.out());
          if (match) resolve(match[1]!);
        });
        void run.exited.then((code) => reject(new Error(`exited ${code}: ${run.err()}`)));
      });
      expect(run.out()).toBe(`Dispatcher listening on ${url}\n`);
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('prints a till its credential with `till-key <id>`; a state signed with it passes the callback', async () => {
    const master = 'till-master-0123456789abcdef0123456789';
    const run = spawnDispatcher({ TILL_KEY_SECRET: master }, ['till-key', 'front-1']);
    expect(await run.exited).toBe(0);
    const match = /^front-1\.([A-Za-z0-9_-]{43})\n$/.exec(run.out());
    expect(match, run.out() + run.err()).not.toBeNull();
    // What the till does with it: customer names the till, the key signs.
    const state = await signState({ redirect_to: 'http://127.0.0.1:9/clover/callback', customer: 'till:front-1' }, match![1]!);
    const server = await startDispatcherServer({ port: 0, env: { DISPATCHER_SECRET: 'process-secret-0123456789abcdef012345', CLOVER_APP_ID: 'APP', TILL_KEY_SECRET: master, TILL_IDS: 'front-1' } });
    try {
      const res = await fetch(`${server.url}/clover/callback?code=C&merchant_id=M1&state=${state}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
    } finally {
      await server.close();
    }
    const missing = spawnDispatcher({}, ['till-key', 'front-1']);
    expect(await missing.exited).toBe(2);
    expect(missing.err()).toMatch(/TILL_KEY_SECRET must be set/);
  });
});
