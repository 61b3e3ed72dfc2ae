// The manager PIN the browser tests use. Manager-only forms ask for it (issue 12); a spec that
// drives one first makes sure the till has it, through the bridge's own API with its token.
import { updateSettings } from '../../../src/till/settings-file';

export const MANAGER_PIN = '5791';

/** Sets MANAGER_PIN as the till's first PIN unless a PIN is set already (then it is this one). */
export async function ensureManagerPin(uiUrl: string): Promise<void> {
  const url = new URL(uiUrl);
  const call = async (name: string, body: unknown) => {
    const res = await fetch(new URL(`/api/call/${name}`, url.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-counter-token': url.searchParams.get('token') ?? '' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { ok: boolean; value?: { managerPinSet?: boolean }; error?: { message: string } };
  };
  const info = await call('app.info', {});
  if (info.value?.managerPinSet) return;
  const set = await call('settings.setManagerPin', { newPin: MANAGER_PIN });
  if (!set.ok) throw new Error(`could not set the manager PIN: ${set.error?.message}`);
}

/** A till with no manager PIN again (the stack is shared by the specs of a run). */
export function forgetManagerPin(dataDir: string): void {
  updateSettings(dataDir, (s) => void delete s.managerPinHash);
}
