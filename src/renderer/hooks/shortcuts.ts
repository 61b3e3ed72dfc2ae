// Keyboard shortcuts as text ("F1", "Escape", "Ctrl+P"): matched against key events, shown on
// buttons, and put in aria-keyshortcuts. Pure: unit tested without a DOM.
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

export function matchesShortcut(event: KeyLike, shortcut: string): boolean {
  const parts = shortcut.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const ctrl = mods.has('ctrl');
  return (
    event.key.toLowerCase() === key.toLowerCase() &&
    (event.ctrlKey || event.metaKey) === ctrl &&
    event.altKey === mods.has('alt') &&
    event.shiftKey === mods.has('shift')
  );
}

/** How a shortcut is shown on a button: "Esc" reads better than "Escape". */
export function shortcutLabel(shortcut: string): string {
  return shortcut.replace('Escape', 'Esc');
}

/** The aria-keyshortcuts form ("Control+P"). */
export function ariaShortcut(shortcut: string): string {
  return shortcut.replace('Ctrl', 'Control');
}
