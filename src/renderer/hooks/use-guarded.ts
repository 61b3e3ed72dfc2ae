// Double-click guard (field-lessons §6): the action runs once; its button stays disabled from
// the first click until the call returns. A ref, not state, closes the gap between two clicks
// that arrive before React re-renders. The returned function is stable across renders.
import { useCallback, useRef, useState } from 'react';

export function useGuarded<A extends unknown[]>(action: (...args: A) => Promise<void>): [(...args: A) => void, boolean] {
  const running = useRef(false);
  const latest = useRef(action);
  latest.current = action;
  const [busy, setBusy] = useState(false);
  const run = useCallback((...args: A) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    void latest.current(...args).finally(() => {
      running.current = false;
      setBusy(false);
    });
  }, []);
  return [run, busy];
}
