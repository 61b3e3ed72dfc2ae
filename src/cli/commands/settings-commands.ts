// settings show, settings set <key> <value>: the till's settings.json without hand-editing.
// A change goes through the till's settings.update, as from the app: validated whole by the
// schema the app uses, manager-only keys behind the manager PIN (COUNTER_MANAGER_PIN, as for
// `counter credit`; wrong PINs count towards the lock), refused before anything is written.
import type { Command } from 'commander';
import { isDeepStrictEqual } from 'node:util';
import { CounterError } from '../../shared/contract/result';
import { MANAGER_ONLY_SETTINGS } from '../../shared/manager-only';
import type { CliContext } from '../cli-context';
import { settingsPatch, valueAt, withSetting } from '../settings-change';
import { startProblems } from '../start-problems';

const isManagerOnly = (key: string) => MANAGER_ONLY_SETTINGS.some((m) => key === m || key.startsWith(`${m}.`));
const shown = (value: unknown) => (value === undefined ? '(not set)' : typeof value === 'string' ? value : JSON.stringify(value));

/** One `key = value` line per setting; arrays and empty sections whole. */
function settingLines(value: unknown, key = ''): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) => settingLines(v, key ? `${key}.${k}` : k));
  }
  return [`${key} = ${shown(value)}${isManagerOnly(key) ? '   (manager)' : ''}`];
}

export function registerSettingsCommands(program: Command, ctx: () => CliContext): void {
  const settings = program.command('settings').description('show or change this till\'s settings (settings.json in the data folder)');

  settings
    .command('show')
    .description('the settings (never the manager PIN); "(manager)" marks those that need the manager PIN to change')
    .action(async () => {
      const c = ctx();
      const till = await c.till({ autoConnectSimulator: false });
      const current = await c.call('settings.get', {});
      const managerPinSet = Boolean(till.settings().managerPinHash);
      c.print({ settings: current, managerPinSet }, [...settingLines(current), `manager PIN: ${managerPinSet ? 'set' : 'not set (`counter manager-pin`)'}`]);
    });

  settings
    .command('set')
    .description('change one setting, e.g. `clover.keyedEntry app` or `store.address \'["1 Main St","Ottawa"]\'`: the value is JSON when it parses, else text; null restores the default. Manager-only keys need the manager PIN in COUNTER_MANAGER_PIN')
    .argument('<key>', 'dotted name, e.g. odoo.url, surcharge.enabled, language')
    .argument('<value>', 'the new value')
    .action(async (key: string, text: string) => {
      const c = ctx();
      const till = await c.till({ autoConnectSimulator: false });
      const before = till.settings();
      const next = withSetting(before, key, text);
      if (isDeepStrictEqual(before, next)) {
        c.print({ key, value: valueAt(next, key) ?? null, changed: false }, `${key} = ${shown(valueAt(next, key))} (unchanged)`);
        return;
      }
      const problems = startProblems(next, process.env);
      if (problems.length) throw new CounterError('BAD_INPUT', `${key}: the till could not start with this: ${problems.join('; ')}`);
      const managerPin = process.env.COUNTER_MANAGER_PIN || undefined;
      const saved = await c.call('settings.update', { ...settingsPatch(before, next, key), ...(managerPin ? { managerPin } : {}) });
      const value = valueAt(saved, key);
      c.print({ key, value: value ?? null, changed: true }, `${key} = ${shown(value)}`);
    });
}
