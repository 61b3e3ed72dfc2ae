// The `counter` command in training mode (a first run with no Clover app configured, as in the
// app, or training turned on in settings): store IT is told once per run that nothing is real,
// and the built-in simulator's terminals are used without a `terminals sync` first.
import { syncTerminals } from '../till/terminals';
import type { Till } from '../till/create-till';

export function announceTraining(till: Till): void {
  const leave = till.settings().training
    ? 'turn it off with `counter settings set training false` (manager PIN)'
    : 'it ends once a Clover app is set up (`counter settings set clover.appId <App ID>`, or CLOVER_APP_ID / CLOVER_ENV)';
  process.stderr.write(`training mode: nothing reaches Odoo, receipts say TRAINING, and the built-in simulator's customer taps the card; ${leave}.\n`);
}

/** Training on the built-in simulator with no terminal yet: take the simulator's (nothing real to pick). */
export async function useSimulatorTerminals(till: Till): Promise<void> {
  if (!till.config.training || !till.simulator || till.settings().terminals.length > 0) return;
  const terminals = await syncTerminals(till);
  process.stderr.write(`training mode: using the simulator's terminals (${terminals.map((t) => `${t.name} ${t.serial}`).join(', ')}).\n`);
}
