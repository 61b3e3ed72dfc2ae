// Settling an unresolved sale, refund, void or credit by hand (field-lessons §2 FORCED): the
// outcome, a reason of at least 3 characters and the manager's name are all required, and
// recorded by the till.
import { useRef, useState } from 'react';
import type { ApiResult } from '../../shared/contract/result';
import { useFocusOn } from '../hooks/use-focus';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';

export interface ForceInput {
  outcome: 'approved' | 'declined';
  reason: string;
  manager: string;
}

export function ForceForm({ formId, force, doneMessage, onDone }: { formId: string; force(input: ForceInput): Promise<ApiResult<unknown>>; doneMessage: string; onDone(message: string): void }) {
  const { t } = useT();
  const [outcome, setOutcome] = useState<'approved' | 'declined' | null>(null);
  const [reason, setReason] = useState('');
  const [manager, setManager] = useState('');
  const [error, setError] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  useFocusOn(firstRef, formId);
  const valid = outcome !== null && reason.trim().length >= 3 && manager.trim().length >= 1;

  const [submit, busy] = useGuarded(async () => {
    if (!valid || !outcome) {
      setError(t('attention.forceInvalid'));
      return;
    }
    const r = await force({ outcome, reason: reason.trim(), manager: manager.trim() });
    if (!r.ok) setError(t('attention.failed', { message: r.error.message }));
    else onDone(doneMessage);
  });

  const id = `force-${formId}`;
  return (
    <form
      className="force-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 id={`${id}-title`}>{t('attention.settle')}</h3>
      <fieldset>
        <legend>{t('attention.outcome')}</legend>
        <label className="radio">
          <input ref={firstRef} type="radio" name={`${id}-outcome`} checked={outcome === 'approved'} onChange={() => setOutcome('approved')} />
          {t('attention.outcomeApproved')}
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-outcome`} checked={outcome === 'declined'} onChange={() => setOutcome('declined')} />
          {t('attention.outcomeDeclined')}
        </label>
      </fieldset>
      <label className="field">
        {t('attention.reason')}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required minLength={3} maxLength={500} aria-describedby={`${id}-hint`} />
      </label>
      <p id={`${id}-hint`} className="hint">
        {t('attention.reasonHint')}
      </p>
      <label className="field">
        {t('attention.manager')}
        <input value={manager} onChange={(e) => setManager(e.target.value)} required maxLength={100} autoComplete="off" />
      </label>
      <ShortcutButton type="submit" variant="danger" disabled={busy || !valid} aria-busy={busy}>
        {t('attention.submitForce')}
      </ShortcutButton>
      <StatusLine tone="bad">{error}</StatusLine>
    </form>
  );
}
