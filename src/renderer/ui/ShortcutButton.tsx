// A button that shows its keyboard shortcut. The hint is aria-hidden so the accessible name
// stays exactly the label ("Pay on terminal"); the shortcut is announced through
// aria-keyshortcuts and shown as a tooltip.
import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { ariaShortcut, shortcutLabel } from '../hooks/shortcuts';

export interface ShortcutButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  shortcut?: string;
  variant?: 'primary' | 'secondary' | 'danger' | 'plain';
  size?: 'normal' | 'big';
  children: ReactNode;
}

export const ShortcutButton = forwardRef<HTMLButtonElement, ShortcutButtonProps>(function ShortcutButton(
  { shortcut, variant = 'secondary', size = 'normal', className, children, title, type = 'button', ...rest },
  ref,
) {
  const hint = shortcut ? shortcutLabel(shortcut) : undefined;
  return (
    <button
      ref={ref}
      type={type}
      className={['btn', `btn-${variant}`, size === 'big' ? 'btn-big' : '', className ?? ''].join(' ').trim()}
      aria-keyshortcuts={shortcut ? ariaShortcut(shortcut) : undefined}
      title={title ?? (hint ? `${typeof children === 'string' ? children : ''} (${hint})`.trim() : undefined)}
      {...rest}
    >
      <span className="btn-label">{children}</span>
      {hint && (
        <kbd className="btn-kbd" aria-hidden="true">
          {hint}
        </kbd>
      )}
    </button>
  );
});
