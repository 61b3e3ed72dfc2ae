import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { authorizeBase } from '../../src/dispatcher/clover-hosts';
import { ConfigError, parseConfig, type DispatcherEnv } from '../../src/dispatcher/config';

const SECRET = 'a-secret-of-at-least-thirty-two-chars';
const base: DispatcherEnv = { DISPATCHER_SECRET: SECRET, CLOVER_APP_ID: 'APPID' };

function problems(env: DispatcherEnv): string[] {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

/** Strips // and /* comments outside strings, then parses (enough JSONC for wrangler.jsonc). */
function parseJsonc(text: string): unknown {
  return JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_, str: string | undefined) => str ?? ''));
}

describe('dispatcher config', () => {
  it('has safe defaults around the two required values', () => {
    const config = parseConfig(base);
    expect(config).toMatchObject({
      secrets: [SECRET],
      authorizeBase: 'https://sandbox.dev.clover.com',
      redirectPolicy: { hosts: [], allowLoopback: true },
      maxBodyBytes: 1024 * 1024,
      forwardConcurrency: 6,
      merchantCallbackPath: '/clover/oauth/callback',
      publicUrl: null,
    });
    expect(config.routes.size).toBe(0);
  });

  it('reads routes, Odoo bases and the rotation secret from JSON strings or objects', () => {
    const config = parseConfig({
      ...base,
      DISPATCHER_SECRET_PREVIOUS: `old-${SECRET}`,
      ALLOWED_REDIRECT_HOSTS: 'odoo.example.com',
      MERCHANT_ROUTING_JSON: JSON.stringify({ M1: 'https://odoo.example.com/hook', M2: ['https://a.example/h', 'http://127.0.0.1:8069/h', 'https://a.example/h'] }),
      MERCHANT_ODOO_BASE_JSON: { M1: 'https://odoo.example.com/' },
      DISPATCHER_PUBLIC_URL: 'https://dispatch.example.com/',
    });
    expect(config.secrets).toEqual([SECRET, `old-${SECRET}`]);
    expect(config.routes.get('M2')).toEqual(['https://a.example/h', 'http://127.0.0.1:8069/h']);
    expect(config.odooBases.get('M1')).toBe('https://odoo.example.com');
    expect(config.publicUrl).toBe('https://dispatch.example.com');
  });

  it('knows the Clover authorize host per environment and region (clover-api.md §1)', () => {
    expect(authorizeBase('sandbox', 'eu')).toBe('https://sandbox.dev.clover.com');
    expect(parseConfig({ ...base, CLOVER_ENVIRONMENT: 'production' }).authorizeBase).toBe('https://www.clover.com');
    expect(parseConfig({ ...base, CLOVER_ENVIRONMENT: 'production', CLOVER_REGION: 'EU' }).authorizeBase).toBe('https://www.eu.clover.com');
    expect(parseConfig({ ...base, CLOVER_ENVIRONMENT: 'production', CLOVER_REGION: 'la' }).authorizeBase).toBe('https://www.la.clover.com');
    expect(parseConfig({ ...base, CLOVER_AUTHORIZE_BASE: 'http://127.0.0.1:9999/' }).authorizeBase).toBe('http://127.0.0.1:9999');
  });

  it('reports every problem at once', () => {
    const found = problems({
      DISPATCHER_SECRET: 'short',
      ALLOWED_REDIRECT_HOSTS: 'https://odoo.example.com',
      MERCHANT_ROUTING_JSON: '{"M1": "http://odoo.example.com/hook", "bad id!": "https://x.example/h"}',
      MERCHANT_ODOO_BASE_JSON: '{not json',
      CLOVER_ENVIRONMENT: 'staging',
      WEBHOOK_MAX_BYTES: '-1',
      ALLOW_LOOPBACK_REDIRECTS: 'maybe',
    });
    expect(found.join('\n')).toMatch(/DISPATCHER_SECRET is too short/);
    for (const fragment of ['ALLOWED_REDIRECT_HOSTS', 'MERCHANT_ROUTING_JSON["M1"]', 'invalid merchant id', 'MERCHANT_ODOO_BASE_JSON is not valid JSON',
      'CLOVER_APP_ID is required', 'CLOVER_ENVIRONMENT must be one of sandbox, production', 'WEBHOOK_MAX_BYTES', 'ALLOW_LOOPBACK_REDIRECTS']) {
      expect(found.some((p) => p.includes(fragment)), fragment).toBe(true);
    }
    expect(problems({ CLOVER_APP_ID: 'A' })).toEqual(['DISPATCHER_SECRET is required (at least 32 random characters)']);
    expect(problems({ ...base, DISPATCHER_SECRET_PREVIOUS: SECRET })).toEqual(['DISPATCHER_SECRET_PREVIOUS equals DISPATCHER_SECRET']);
    expect(() => parseConfig({})).toThrow(/dispatcher configuration is invalid:\n {2}- DISPATCHER_SECRET is required/);
  });

  it('refuses an Odoo base URL whose host the callback would refuse', () => {
    expect(problems({ ...base, MERCHANT_ODOO_BASE_JSON: { M1: 'https://odoo.example.com' } })).toEqual([
      'MERCHANT_ODOO_BASE_JSON["M1"]: redirect_to host not allowed (add its host to ALLOWED_REDIRECT_HOSTS)',
    ]);
  });

  it('ships a wrangler.jsonc whose vars pass, given the secret', () => {
    const wrangler = parseJsonc(readFileSync(new URL('../../wrangler.jsonc', import.meta.url), 'utf8')) as { main: string; vars: DispatcherEnv };
    expect(wrangler.main).toBe('src/dispatcher/worker.ts');
    expect(readFileSync(new URL(`../../${wrangler.main}`, import.meta.url), 'utf8')).toContain('export default');
    expect(problems({ ...wrangler.vars, DISPATCHER_SECRET: SECRET })).toEqual([]);
    expect(JSON.stringify(wrangler.vars)).not.toMatch(/DISPATCHER_SECRET/);
  });

  it('bundles the Workers entry without Node: no node:* import, none of the Node adapter (node-*.ts)', async () => {
    // platform 'neutral' resolves no Node built-in: importing one fails the build.
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../src/dispatcher/worker.ts', import.meta.url))],
      bundle: true,
      write: false,
      platform: 'neutral',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.endsWith('src/dispatcher/handler.ts'))).toBe(true);
    expect(inputs.filter((f) => /src\/dispatcher\/node-|^node:/.test(f))).toEqual([]);
  });
});
