// settings.update: a patch of top-level sections merged over the current settings and validated
// whole. A change to a manager-only setting (src/shared/manager-only.ts) needs the manager PIN;
// in production, plain http where a key, token or card data would travel is refused. Every
// refusal comes before anything is written.
import { CounterError } from '../shared/contract/result';
import { managerOnlyChanges } from '../shared/manager-only';
import { settingsSchema, type Settings } from '../shared/settings';
import { plainHttpForProduction } from './config/till-config';
import type { Till } from './create-till';
import { describeSettingsChanges, requireManager } from './manager-gate';
import { cloverDestinationChanges, refuseWhileMoneyInTransit } from './money-in-transit';

export type SettingsPatch = Partial<Record<keyof Settings, unknown>>;

/** Each given section merged over the current one; connection facts kept; validated whole. */
export function mergeSettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const now = (current as Record<string, unknown>)[key];
    const isSection = value !== null && typeof value === 'object' && !Array.isArray(value) && now !== null && typeof now === 'object' && !Array.isArray(now);
    merged[key] = isSection ? { ...(now as object), ...(value as object) } : value;
  }
  // Connection facts change only through connect/disconnect.
  merged.clover = { ...(merged.clover as object), merchantId: current.clover.merchantId, merchantName: current.clover.merchantName };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CounterError('BAD_INPUT', `settings: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function refusePlainHttp(till: Till, next: Settings): void {
  if (till.config.cloverEnv !== 'production' && next.clover.environment !== 'production') return;
  const found = plainHttpForProduction(next);
  if (found.length) throw new CounterError('BAD_INPUT', `settings: ${found.join(', ')}: production needs https (keys, tokens and card data would travel in clear)`);
}

export async function updateSettingsChecked(till: Till, patch: SettingsPatch, managerPin: string | undefined): Promise<Settings> {
  // The PIN changes only through settings.setManagerPin, which asks for the current one.
  if ('managerPinHash' in patch) throw new CounterError('BAD_INPUT', 'settings: the manager PIN is changed with its own call');
  const before = till.settings();
  const next = mergeSettingsPatch(before, patch);
  refusePlainHttp(till, next);
  // Money taken under the current Clover environment or hosts must be home before they change.
  const destination = cloverDestinationChanges(before, next);
  if (destination.length) refuseWhileMoneyInTransit(till, `Changing ${destination.join(', ')}`);
  const approved = managerOnlyChanges(before, next);
  // scrypt is asynchronous and the settings lock is not: the PIN is checked first, then the
  // change is merged again under the lock; a manager-only change that appeared meanwhile
  // (another process saved) and was not approved is refused.
  if (approved.length) await requireManager(till, describeSettingsChanges(approved), managerPin);
  return till.updateSettings((current) => {
    const merged = mergeSettingsPatch(current, patch);
    const unapproved = managerOnlyChanges(current, merged).filter((path) => !approved.includes(path));
    if (unapproved.length) throw new CounterError('REFUSED', `${describeSettingsChanges(unapproved)} needs the manager PIN.`);
    refusePlainHttp(till, merged);
    return merged;
  });
}
