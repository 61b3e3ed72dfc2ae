// Production talks to Clover's own hosts over https only (issue 12): Clover host overrides are
// ignored (with a warning for the log), and plain http anywhere a token, card data or the Odoo
// API key would travel is a configuration problem. Sandbox and the simulator keep loopback http.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveTillConfig, type Env } from '../../src/till/config/till-config';
import { updateSettings } from '../../src/till/settings-file';
import type { Settings } from '../../src/shared/settings';

const PRODUCTION: Env = { CLOVER_ENV: 'production', CLOVER_APP_ID: 'PRODAPP000001', CLOVER_POS_ID: 'MYRAID' };

function folder(change?: (s: Settings) => void): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'till-config-'));
  if (change) updateSettings(dataDir, change);
  return dataDir;
}

function problems(dataDir: string, env: Env): string[] {
  try {
    resolveTillConfig({ dataDir, env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('till config in production', () => {
  it('refuses plain http Clover hosts, from the environment or from settings', () => {
    expect(problems(folder(), { ...PRODUCTION, CLOVER_API_URL: 'http://127.0.0.1:9001' })).toEqual([expect.stringMatching(/^CLOVER_API_URL is plain http .*https only/)]);
    const saved = folder((s) => void (s.clover.tokenUrl = 'http://token.example.test'));
    expect(problems(saved, PRODUCTION)).toEqual([expect.stringMatching(/^settings clover\.tokenUrl is plain http/)]);
  });

  it('ignores https Clover host overrides, saying so, and keeps Clover\'s own hosts', () => {
    const saved = folder((s) => void (s.clover.webUrl = 'https://web.proxy.example.test'));
    const config = resolveTillConfig({ dataDir: saved, env: { ...PRODUCTION, CLOVER_API_URL: 'https://api.proxy.example.test' } });
    expect(config.hosts).toEqual({});
    expect(config.warnings).toEqual([expect.stringMatching(/^CLOVER_API_URL is ignored in production/), expect.stringMatching(/^settings clover\.webUrl is ignored in production/)]);
  });

  it('refuses a plain http Odoo address (the API key goes with every request) and an http dispatcher', () => {
    expect(problems(folder(), { ...PRODUCTION, ODOO_URL: 'http://odoo.example.test', ODOO_DB: 'store' })).toEqual([expect.stringMatching(/^ODOO_URL is plain http .*API key/)]);
    const saved = folder((s) => {
      s.odoo.url = 'http://odoo.example.test';
      s.clover.dispatcherUrl = 'http://dispatch.example.test';
    });
    expect(problems(saved, PRODUCTION)).toEqual([expect.stringMatching(/^settings clover\.dispatcherUrl is plain http/), expect.stringMatching(/^settings odoo\.url is plain http/)]);
    const https = resolveTillConfig({ dataDir: folder(), env: { ...PRODUCTION, ODOO_URL: 'https://odoo.example.test', ODOO_DB: 'store' } });
    expect(https.odoo?.url).toMatch(/^https:\/\/odoo\.example\.test/);
    expect(https.warnings).toEqual([]);
  });

  it('sandbox and the simulator keep http overrides (loopback simulators in tests)', () => {
    const env = { CLOVER_API_URL: 'http://127.0.0.1:9001', ODOO_URL: 'http://127.0.0.1:8069', ODOO_DB: 'test' };
    for (const cloverEnv of ['sandbox', 'simulator']) {
      const config = resolveTillConfig({ dataDir: folder(), env: { ...env, CLOVER_ENV: cloverEnv, CLOVER_APP_ID: 'SIMAPP0000001' } });
      expect(config.hosts.api).toBe('http://127.0.0.1:9001');
      expect(config.odoo?.url).toMatch(/^http:\/\/127\.0\.0\.1:8069/);
      expect(config.warnings).toEqual([]);
    }
  });
});
