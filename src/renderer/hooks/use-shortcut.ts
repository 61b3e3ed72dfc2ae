// Binds one shortcut on the window while the component is mounted (and `enabled`). The
// handler is read through a ref so re-renders never rebind.
import { useEffect, useRef } from 'react';
import { matchesShortcut } from './shortcuts';

export function useShortcut(shortcut: string | undefined, handler: () => void, enabled = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!shortcut || !enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.repeat || event.defaultPrevented || !matchesShortcut(event, shortcut)) return;
      event.preventDefault(); // F5 must not reload, Ctrl+P must not open the browser's print
      ref.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcut, enabled]);
}
