// An inline confirmation step (no modal: nothing to get lost behind). Focus goes to the
// confirm button; Esc or Back returns. The confirm button is disabled while the call runs.
import { useRef, type ReactNode } from 'react';
import { useFocusOn } from '../hooks/use-focus';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from './ShortcutButton';

export interface ConfirmBoxProps {
  id: string;
  question: ReactNode;
  confirmLabel: string;
  busy: boolean;
  onConfirm(): void;
  onBack(): void;
  variant?: 'primary' | 'danger';
}

export function ConfirmBox({ id, question, confirmLabel, busy, onConfirm, onBack, variant = 'danger' }: ConfirmBoxProps) {
  const { t } = useT();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useFocusOn(confirmRef, id);
  useShortcut('Escape', onBack, !busy);
  return (
    <div className="confirm" role="alertdialog" aria-labelledby={`${id}-q`} aria-modal="false">
      <p id={`${id}-q`} className="confirm-question">
        {question}
      </p>
      <div className="actions">
        <ShortcutButton ref={confirmRef} variant={variant} size="big" onClick={onConfirm} disabled={busy} aria-busy={busy}>
          {confirmLabel}
        </ShortcutButton>
        {busy && <span className="working">{t('common.working')}</span>}
        <ShortcutButton shortcut="Escape" onClick={onBack} disabled={busy}>
          {t('detail.back')}
        </ShortcutButton>
      </div>
    </div>
  );
}
