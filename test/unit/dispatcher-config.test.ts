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
      tillKeySecret: null,
      verificationForwardUrl: null, // the verification challenge goes to no ERP unless asked
      verificationLimitPerMinute: 5,
      trustForwardedFor: false,
    });
    expect(config.routes.size).toBe(0);
    expect(config.tillIds.size).toBe(0);
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
    expect(problems({ ...base, DISPATCHER_PUBLIC_URL: 'https://d.example', MERCHANT_ODOO_BASE_JSON: { M1: 'https://odoo.example.com' } })).toEqual([
      'MERCHANT_ODOO_BASE_JSON["M1"]: redirect_to host not allowed (add its host to ALLOWED_REDIRECT_HOSTS)',
    ]);
  });

  it('wants a public https URL for the launch path, never plain http', () => {
    const launch = { ...base, ALLOWED_REDIRECT_HOSTS: 'odoo.example.com', MERCHANT_ODOO_BASE_JSON: { M1: 'https://odoo.example.com' } };
    expect(problems(launch)).toEqual(["MERCHANT_ODOO_BASE_JSON is set but DISPATCHER_PUBLIC_URL is not: the launch path needs this dispatcher's public https URL"]);
    for (const url of ['http://dispatch.example.com', 'http://127.0.0.1:8787', 'dispatch.example.com']) {
      expect(problems({ ...launch, DISPATCHER_PUBLIC_URL: url }), url).toEqual(['DISPATCHER_PUBLIC_URL must be an https URL']);
    }
    expect(problems({ ...launch, DISPATCHER_PUBLIC_URL: 'https://dispatch.example.com' })).toEqual([]);
  });

  it('reads per-till keys: a master secret of its own and the tills allowed', () => {
    const config = parseConfig({ ...base, TILL_KEY_SECRET: `till-${SECRET}`, TILL_IDS: 'front-1, back_2 front-1' });
    expect(config.tillKeySecret).toBe(`till-${SECRET}`);
    expect([...config.tillIds]).toEqual(['front-1', 'back_2']);
    expect(problems({ ...base, TILL_IDS: 'front-1' })).toEqual(['TILL_IDS is set but TILL_KEY_SECRET is not (till keys are derived from it)']);
    expect(problems({ ...base, TILL_KEY_SECRET: SECRET })).toEqual(['TILL_KEY_SECRET must differ from DISPATCHER_SECRET (tills must not be able to sign launch states)']);
    expect(problems({ ...base, TILL_KEY_SECRET: 'short' })).toEqual(['TILL_KEY_SECRET is too short (5 chars; at least 32)']);
    expect(problems({ ...base, TILL_KEY_SECRET: `till-${SECRET}`, TILL_IDS: 'ok till:x' })).toEqual(['TILL_IDS: invalid till id(s) ["till:x"] (letters, digits, _ and -, at most 64)']);
  });

  it('forwards the verification challenge only to one configured route, and limits it per source', () => {
    const routes = { MERCHANT_ROUTING_JSON: { M1: 'https://erp.example/hook', M2: 'https://other.example/hook' } };
    expect(parseConfig({ ...base, ...routes, VERIFICATION_FORWARD_URL: 'https://erp.example/hook', VERIFICATION_LIMIT_PER_MINUTE: '2' }))
      .toMatchObject({ verificationForwardUrl: 'https://erp.example/hook', verificationLimitPerMinute: 2 });
    expect(problems({ ...base, ...routes, VERIFICATION_FORWARD_URL: 'https://elsewhere.example/hook' })).toEqual(['VERIFICATION_FORWARD_URL must be one of the URLs in MERCHANT_ROUTING_JSON']);
    expect(problems({ ...base, VERIFICATION_LIMIT_PER_MINUTE: '0', TRUST_X_FORWARDED_FOR: 'perhaps' })).toEqual([
      'VERIFICATION_LIMIT_PER_MINUTE must be an integer from 1 to 1000', 'TRUST_X_FORWARDED_FOR must be true or false',
    ]);
  });

  it('ships a wrangler.jsonc whose vars pass, given the secret', () => {
    const wrangler = parseJsonc(readFileSync(new URL('../../wrangler.jsonc', import.meta.url), 'utf8')) as {
      main: string; vars: DispatcherEnv; kv_namespaces: { binding: string }[]; ratelimits: { name: string }[];
    };
    expect(wrangler.main).toBe('src/dispatcher/worker.ts');
    // The Worker keeps used nonces in KV and refuses to serve without it.
    expect(wrangler.kv_namespaces.map((k) => k.binding)).toEqual(['DISPATCHER_NONCES']);
    expect(wrangler.ratelimits.map((r) => r.name)).toEqual(['VERIFICATION_RATE_LIMITER']);
    expect(readFileSync(new URL(`../../${wrangler.main}`, import.meta.url), 'utf8')).toContain('export default');
    expect(problems({ ...wrangler.vars, DISPATCHER_SECRET: SECRET })).toEqual([]);
    expect(JSON.stringify(wrangler.vars)).not.toMatch(/DISPATCHER_SECRET|TILL_KEY_SECRET/);
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
