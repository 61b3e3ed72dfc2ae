// Settling an unresolved sale, refund, void or credit by hand (field-lessons §2 FORCED): the
// outcome, a reason of at least 3 characters and the manager PIN are all required; the till
// checks the PIN and records the manager's role (a typed name would prove nothing). "Approved" may name the Clover record found on the dashboard: the till
// checks it, and a sale recorded with its payment id can be refunded or voided later.
import { useRef, useState } from 'react';
import type { ApiResult } from '../../shared/contract/result';
import type { MessageKey } from '../i18n/en';
import { useFocusOn } from '../hooks/use-focus';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { ManagerPinField, takeManagerPin } from '../ui/ManagerPinField';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';

export interface ForceInput {
  outcome: 'approved' | 'declined';
  reason: string;
  managerPin: string;
  /** Only with "approved", only when filled: the Clover payment, refund or credit id. */
  cloverId?: string;
}

/** Which Clover record an approved settlement may name (a void has none of its own). */
export type CloverIdKind = 'payment' | 'refund' | 'credit';

const CLOVER_ID = /^[A-Z0-9]{13}$/;
const ID_LABEL: Record<CloverIdKind, MessageKey> = { payment: 'attention.cloverPaymentId', refund: 'attention.cloverRefundId', credit: 'attention.cloverCreditId' };

export interface ForceFormProps {
  formId: string;
  cloverIdKind?: CloverIdKind;
  force(input: ForceInput): Promise<ApiResult<unknown>>;
  doneMessage: string;
  onDone(message: string): void;
}

export function ForceForm({ formId, cloverIdKind, force, doneMessage, onDone }: ForceFormProps) {
  const { t } = useT();
  const [outcome, setOutcome] = useState<'approved' | 'declined' | null>(null);
  const [reason, setReason] = useState('');
  const pinRef = useRef<HTMLInputElement>(null);
  const [pinTyped, setPinTyped] = useState(false);
  const [cloverIdText, setCloverIdText] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  useFocusOn(firstRef, formId);
  // Clover's ids are capitals and digits: a lower-case copy is the same id.
  const cloverId = cloverIdText.trim().toUpperCase();
  const withId = Boolean(cloverIdKind) && outcome === 'approved' && cloverId !== '';
  const idValid = !withId || CLOVER_ID.test(cloverId);
  const valid = outcome !== null && reason.trim().length >= 3 && pinTyped && idValid;
  const showIdError = !idValid && (idTouched || cloverId.length >= 13);

  const [submit, busy] = useGuarded(async () => {
    if (!idValid) {
      setIdTouched(true);
      setError(t('attention.cloverIdInvalid'));
      return;
    }
    if (!valid || !outcome) {
      setError(t('attention.forceInvalid'));
      return;
    }
    const managerPin = takeManagerPin(pinRef, setPinTyped);
    if (!managerPin) return setError(t('attention.forceInvalid'));
    const r = await force({ outcome, reason: reason.trim(), managerPin, ...(withId ? { cloverId } : {}) });
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
      {cloverIdKind && outcome === 'approved' && (
        <>
          <label className="field">
            {t(ID_LABEL[cloverIdKind])}
            <input
              value={cloverIdText}
              onChange={(e) => setCloverIdText(e.target.value)}
              onBlur={() => setIdTouched(true)}
              maxLength={20}
              autoComplete="off"
              spellCheck={false}
              className="clover-id"
              aria-invalid={showIdError}
              aria-describedby={`${id}-id-hint`}
            />
          </label>
          <p id={`${id}-id-hint`} className={showIdError ? 'hint bad' : 'hint'}>
            {showIdError ? t('attention.cloverIdInvalid') : t(cloverIdKind === 'payment' ? 'attention.cloverPaymentIdHint' : 'attention.cloverOpIdHint')}
          </p>
        </>
      )}
      <label className="field">
        {t('attention.reason')}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} required minLength={3} maxLength={500} aria-describedby={`${id}-hint`} />
      </label>
      <p id={`${id}-hint`} className="hint">
        {t('attention.reasonHint')}
      </p>
      <ManagerPinField inputRef={pinRef} onFilled={setPinTyped} />
      <ShortcutButton type="submit" variant="danger" disabled={busy || !valid} aria-busy={busy}>
        {t('attention.submitForce')}
      </ShortcutButton>
      <StatusLine tone="bad">{error}</StatusLine>
    </form>
  );
}
