// Sales whose terminal request is still open in THIS process. The resolver leaves them alone
// (their answer is on its way), and Cancel is only meaningful for them.
import type { Till } from '../create-till';

const inFlight = new WeakMap<Till, Set<number>>();

function set(till: Till): Set<number> {
  let s = inFlight.get(till);
  if (!s) inFlight.set(till, (s = new Set()));
  return s;
}

export const markInFlight = (till: Till, saleId: number) => void set(till).add(saleId);
export const clearInFlight = (till: Till, saleId: number) => void set(till).delete(saleId);
export const isInFlight = (till: Till, saleId: number) => set(till).has(saleId);
