// Focus never gets lost: when `key` changes (a new state, a new screen), focus lands on the
// control that comes next.
import { useEffect, type RefObject } from 'react';

export function useFocusOn(ref: RefObject<HTMLElement | null>, key: unknown, enabled = true): void {
  useEffect(() => {
    if (enabled) ref.current?.focus();
  }, [ref, key, enabled]);
}

/** Focus an element by id after the next paint, e.g. a button that a state change enables. */
export function focusSoon(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
