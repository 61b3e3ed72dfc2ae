// Which settings only a manager may change (issue 12, "who may change what"): where money goes
// and whom the till trusts. Changing any of them needs the manager PIN, whether the change comes
// from the app, the web bridge or the `counter` command. Paths are `section` or `section.key`.
import type { Settings } from './settings';

export const MANAGER_ONLY_SETTINGS = [
  'clover.environment',
  'clover.region',
  'clover.appId',
  'clover.posId',
  'clover.apiUrl',
  'clover.webUrl',
  'clover.ecommerceUrl',
  'clover.tokenUrl',
  'clover.dispatcherUrl',
  'clover.keyedEntry',
  'odoo',
  'surcharge',
  'currency',
  'training',
] as const;

function at(settings: Settings, path: string): unknown {
  let value: unknown = settings;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

/**
 * The manager-only paths a change touches. Turning training ON is a cashier's right (it only
 * makes the till safer); turning it off is not.
 */
export function managerOnlyChanges(before: Settings, after: Settings): string[] {
  return MANAGER_ONLY_SETTINGS.filter((path) => {
    if (path === 'training') return before.training && !after.training;
    return JSON.stringify(at(before, path)) !== JSON.stringify(at(after, path));
  });
}
