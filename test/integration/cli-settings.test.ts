// `counter settings show|set` end to end: real child processes, real settings.json and ledger,
// the real keychain. Every refusal leaves settings.json byte for byte as it was.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsPath } from '../../src/till/settings-file';
import { type CliResult, CounterCli, startCliStack } from '../support/cli-runner';

const PIN = '4827';
let cli: CounterCli;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ cli, close } = await startCliStack());
});
afterAll(async () => close?.());

const settingsBytes = () => readFileSync(settingsPath(cli.dataDir));
const set = (key: string, value: string, env: Record<string, string> = {}) => cli.run(['settings', 'set', key, value], { env });

/** Runs a refused change and checks that nothing was written. */
async function refused(key: string, value: string, env: Record<string, string> = {}): Promise<CliResult> {
  const before = settingsBytes();
  const r = await set(key, value, env);
  expect(settingsBytes().equals(before), `settings.json changed by a refused \`settings set ${key}\``).toBe(true);
  return r;
}

describe('counter settings', () => {
  it('show prints the settings as JSON and as lines, never the manager PIN hash', async () => {
    const r = await cli.run(['settings', 'show']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, managerPinSet: false, settings: { clover: { keyedEntry: 'terminal' }, language: 'en' } });
    const human = await cli.run(['settings', 'show'], { json: false });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^language = en$/m);
    expect(human.stdout).toMatch(/^clover\.keyedEntry = terminal +\(manager\)$/m);
  });

  it('set parses the value (JSON when it parses, else text), validates the whole and saves it', async () => {
    expect(await set('language', 'fr-CA')).toMatchObject({ code: 0, json: { key: 'language', value: 'fr-CA', changed: true } });
    expect(await set('store.address', '["1 Main St","Ottawa"]')).toMatchObject({ code: 0, json: { value: ['1 Main St', 'Ottawa'] } });
    // A text setting keeps the digits as typed.
    expect(await set('store.phone', '6135550100')).toMatchObject({ code: 0, json: { value: '6135550100' } });
    expect(await set('clover.timeoutSec', '90')).toMatchObject({ code: 0, json: { value: 90 } });
    const saved = JSON.parse(settingsBytes().toString('utf8'));
    expect(saved).toMatchObject({ language: 'fr-CA', store: { address: ['1 Main St', 'Ottawa'], phone: '6135550100' }, clover: { timeoutSec: 90 } });
    // null removes a key: its default applies again.
    expect(await set('clover.timeoutSec', 'null')).toMatchObject({ code: 0, json: { value: 120 } });
    expect((await cli.run(['settings', 'show'])).json.settings).toMatchObject({ language: 'fr-CA', clover: { timeoutSec: 120 } });
  });

  it('refuses an unknown key or a bad value with exit 2 and writes nothing', async () => {
    const unknown = await refused('clover.colour', 'blue');
    expect(unknown).toMatchObject({ code: 2, json: { ok: false, error: { code: 'BAD_INPUT' } } });
    expect((unknown.json.error as { message: string }).message).toMatch(/unknown setting "clover\.colour".*keyedEntry/);
    expect(await refused('nonsense', '1')).toMatchObject({ code: 2 });
    expect(await refused('store', '{"name":"Main","colour":"blue"}')).toMatchObject({ code: 2, json: { error: { message: expect.stringContaining('store.colour') } } });
    const badValue = await refused('language', 'de');
    expect(badValue).toMatchObject({ code: 2, json: { error: { code: 'BAD_INPUT', message: expect.stringContaining('language') } } });
    expect(await refused('clover.timeoutSec', '5')).toMatchObject({ code: 2 });
    expect(await refused('store.address', '"1 Main St"')).toMatchObject({ code: 2 });
    // Connection facts and the PIN hash are never set here.
    for (const key of ['clover.merchantId', 'clover.merchantName', 'managerPinHash']) {
      expect(await refused(key, 'X'), key).toMatchObject({ code: 2, json: { error: { code: 'BAD_INPUT' } } });
    }
  });

  it('refuses a manager-only change while no manager PIN is set, and says how to set one', async () => {
    const r = await refused('clover.keyedEntry', 'app', { COUNTER_MANAGER_PIN: PIN });
    expect(r).toMatchObject({ code: 1, json: { error: { code: 'REFUSED' } } });
    const message = (r.json.error as { message: string }).message;
    expect(message).toContain('set a manager PIN first');
    expect(message).toContain('`counter manager-pin`');
  });

  it('a manager-only change needs the manager PIN: refused without it or with a wrong one, saved with it', async () => {
    expect((await cli.run(['manager-pin'], { input: PIN })).code).toBe(0);
    expect((await cli.run(['settings', 'show'])).json).toMatchObject({ managerPinSet: true });

    const noPin = await refused('clover.keyedEntry', 'app');
    expect(noPin).toMatchObject({ code: 1, json: { error: { code: 'REFUSED', message: expect.stringContaining('manager PIN') } } });
    const wrong = await refused('surcharge.enabled', 'true', { COUNTER_MANAGER_PIN: '0000' });
    expect(wrong).toMatchObject({ code: 1, json: { error: { code: 'REFUSED', message: expect.stringMatching(/wrong manager PIN/i) } } });

    expect(await set('clover.keyedEntry', 'app', { COUNTER_MANAGER_PIN: PIN })).toMatchObject({ code: 0, json: { value: 'app' } });
    expect(await set('surcharge.enabled', 'true', { COUNTER_MANAGER_PIN: PIN })).toMatchObject({ code: 0, json: { value: true } });
    // Not manager-only: no PIN needed.
    expect(await set('store.name', 'Fusion Main St')).toMatchObject({ code: 0 });
    // A change the till could not start with is refused before it is saved (training runs the
    // built-in simulator, and this till is pointed at another with CLOVER_API_URL).
    expect(await refused('training', 'true')).toMatchObject({ code: 2, json: { error: { message: expect.stringContaining('CLOVER_API_URL') } } });

    const shown = await cli.run(['settings', 'show']);
    expect(shown.json.settings).toMatchObject({ clover: { keyedEntry: 'app' }, surcharge: { enabled: true }, store: { name: 'Fusion Main St' } });
    expect(shown.stdout).not.toMatch(/managerPinHash|[0-9a-f]{32}:[0-9a-f]{64}/);
  });
});
