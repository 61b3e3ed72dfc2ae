// Who may change what (issue 12): the calls only a manager may make, and the one check they all
// pass. The PIN is checked here, in the process that holds the till (Electron main, the web
// bridge, the `counter` command), never trusted from a screen; wrong PINs count towards the
// lockout kept in the ledger (refunds/manager-pin.ts). A refusal names what needed the manager
// and comes before anything is written.
import { CounterError } from '../shared/contract/result';
import type { Till } from './create-till';
import { requireManagerPin } from './refunds/manager-pin';

/**
 * Who the ledger records as having forced or acknowledged a record. The PIN proves the role, not
 * a person (one PIN per store), so a typed name would only look like proof.
 */
export const MANAGER_ROLE = 'manager (PIN)';

/** Each manager-only call, as the refusal names it. */
export const MANAGER_ACTIONS = {
  'clover.connect': 'Connecting Clover',
  'clover.disconnect': 'Disconnecting Clover',
  'clover.setLegacyCredential': 'Saving a Clover API token or Ecommerce key',
  'settings.setOdooKey': 'Saving the Odoo API key',
  'recovery.force': 'Settling by hand',
  'recovery.forceOperation': 'Settling by hand',
  'recovery.acknowledge': 'Acknowledging a problem',
} as const;
export type ManagerAction = keyof typeof MANAGER_ACTIONS;

// settings.update: the manager-only paths (src/shared/manager-only.ts) as a person reads them.
const SETTING_NAMES: Record<string, string> = {
  'clover.environment': 'the Clover environment',
  'clover.region': 'the Clover region',
  'clover.appId': 'the Clover app id',
  'clover.posId': 'the Remote App ID',
  'clover.apiUrl': 'the Clover API address',
  'clover.webUrl': 'the Clover sign-in address',
  'clover.ecommerceUrl': 'the Clover Ecommerce address',
  'clover.tokenUrl': 'the Clover tokenization address',
  'clover.dispatcherUrl': 'the OAuth dispatcher address',
  'clover.keyedEntry': 'keyed card entry',
  odoo: 'the Odoo settings',
  surcharge: 'the surcharge',
  currency: 'the currency',
  training: 'training mode (turning it off)',
};

/** "Changing the surcharge, the currency": what a settings change needs the manager for. */
export function describeSettingsChanges(paths: readonly string[]): string {
  return `Changing ${paths.map((p) => SETTING_NAMES[p] ?? p).join(', ')}`;
}

/**
 * Throws REFUSED unless `pin` is the manager PIN. `what` is a call name from MANAGER_ACTIONS or a
 * description (describeSettingsChanges). With no PIN set yet nothing is allowed: the first PIN
 * is set on its own (settings.setManagerPin needs none while none exists).
 */
export async function requireManager(till: Till, what: ManagerAction | string, pin: string | undefined): Promise<void> {
  const action = (MANAGER_ACTIONS as Record<string, string>)[what] ?? what;
  if (!till.settings().managerPinHash) {
    throw new CounterError('REFUSED', `${action} needs the manager: set a manager PIN first (Settings → Manager PIN, or \`counter manager-pin\`).`);
  }
  if (!pin) throw new CounterError('REFUSED', `${action} needs the manager PIN.`);
  try {
    await requireManagerPin(till, pin);
  } catch (error) {
    // "Wrong manager PIN." / "Too many wrong manager PINs: ..." with what was refused in front.
    if (error instanceof CounterError && error.code === 'REFUSED') throw new CounterError('REFUSED', `${action} needs the manager PIN: ${lowerFirst(error.message)}`);
    throw error;
  }
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
