// settings.update with the result applied everywhere at once (language, training banner).
// managerPin goes with a change to a manager-only setting, in this request only.
//
// Work-around: the contract's input schema is `settingsSchema.partial()`, and zod 4 fills the
// defaults of every field the patch leaves out (`{language}` parses as a whole default
// Settings: no terminals, no surcharge, printer none...), which the till then merges over the
// real settings. Until that is fixed, send the complete, freshly read settings with the change
// applied, so whatever the parse fills in is what was already there.
import type { CallInput } from '../../shared/contract/calls';
import { counter } from '../api/counter';
import { useAppStore } from '../stores/app-store';

export async function saveSettings(patch: CallInput<'settings.update'>, managerPin?: string): Promise<string | null> {
  const current = await counter.settings.get();
  if (!current.ok) return current.error.message;
  const r = await counter.settings.update({ ...current.value, ...patch, ...(managerPin ? { managerPin } : {}) });
  if (!r.ok) return r.error.message;
  useAppStore.getState().setSettings(r.value);
  return null;
}
