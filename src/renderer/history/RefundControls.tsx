// Refund (full or partial, up to what is still refundable) and void, each behind a
// confirmation, each button locked from the first click until the till answers
// (field-lessons §6). The till re-checks the refundable amount when it runs the refund.
import { useEffect, useRef, useState } from 'react';
import type { OperationView, SaleView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import type { MessageKey } from '../i18n/en';
import { parseAmount } from '../i18n/format';
import { useFocusOn } from '../hooks/use-focus';
import { useGuarded } from '../hooks/use-guarded';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { ConfirmBox } from '../ui/ConfirmBox';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';

type Step = 'idle' | 'refund' | 'void';

function opStateKey(op: OperationView): MessageKey {
  return op.state === 'approved' || op.state === 'forced' ? 'op.approved' : op.state === 'declined' ? 'op.declined' : op.state === 'unknown' ? 'op.unknown' : 'op.pending';
}

export function RefundControls({ sale, onChanged }: { sale: SaleView; onChanged(): void }) {
  const { t, money, amountInput } = useT();
  const [step, setStep] = useState<Step>('idle');
  const [amountText, setAmountText] = useState(() => amountInput(sale.refundable));
  const [result, setResult] = useState<{ tone: 'ok' | 'bad' | 'warn'; text: string } | null>(null);
  const refundRef = useRef<HTMLButtonElement>(null);
  const [done, setDone] = useState(0);
  useFocusOn(refundRef, done, done > 0); // back on Refund once the till has answered
  // The whole refundable amount is offered again when it changes (after a refund), and only then:
  // a language switch re-formats amounts but must never change one typed, or being confirmed.
  useEffect(() => setAmountText(amountInput(sale.refundable)), [sale.refundable]);
  const amount = parseAmount(amountText);
  const canRefund = sale.refundable > 0 && !sale.voided;
  const canVoid = sale.moneyMoved === 'yes' && !sale.voided && sale.refunded === 0;
  const card = sale.cardLast4 ? t('outcome.card', { brand: sale.cardBrand ?? '', last4: sale.cardLast4 }) : t('detail.card');

  const finish = (r: Awaited<ReturnType<typeof counter.refunds.create>>, kind: 'refund' | 'void') => {
    setStep('idle');
    if (!r.ok) setResult({ tone: 'bad', text: t('detail.opFailed', { message: r.error.message }) });
    else {
      const state = t(opStateKey(r.value));
      const tone = r.value.state === 'approved' || r.value.state === 'forced' ? 'ok' : r.value.state === 'declined' ? 'bad' : 'warn';
      setResult({ tone, text: kind === 'refund' ? t('detail.refundDone', { state, amount: money(r.value.amount, r.value.currency) }) : t('detail.voidDone', { state }) });
    }
    onChanged();
    setDone((n) => n + 1);
  };
  const [refund, refunding] = useGuarded(async () => {
    if (amount === null) return;
    // Omit the amount for a full refund: the till refunds exactly what remains.
    const r = await counter.refunds.create(amount === sale.refundable ? { saleId: sale.id } : { saleId: sale.id, amount });
    finish(r, 'refund');
  });
  const [voidSale, voiding] = useGuarded(async () => finish(await counter.refunds.void({ saleId: sale.id }), 'void'));

  const back = () => {
    setStep('idle');
    setDone((n) => n + 1); // focus returns to Refund, not to the page
  };
  const startRefund = () => canRefund && amount !== null && amount <= sale.refundable && (setResult(null), setStep('refund'));
  const startVoid = () => canVoid && (setResult(null), setStep('void'));
  useShortcut('F7', startRefund, step === 'idle');
  useShortcut('F8', startVoid, step === 'idle');
  const tooMuch = amount !== null && amount > sale.refundable;

  return (
    <div className="refund-controls">
      {step === 'idle' && (
        <div className="refund-row">
          <div className="field">
            <label htmlFor={`refund-amount-${sale.id}`}>{t('detail.refundAmount')}</label>
            <input id={`refund-amount-${sale.id}`} value={amountText} onChange={(e) => setAmountText(e.target.value)} inputMode="decimal" disabled={!canRefund} aria-describedby={`refund-max-${sale.id}`} aria-invalid={tooMuch} />
            <span id={`refund-max-${sale.id}`} className={tooMuch ? 'hint bad' : 'hint'}>
              {t('detail.refundMax', { amount: money(sale.refundable, sale.currency) })}
            </span>
          </div>
          <ShortcutButton ref={refundRef} shortcut="F7" variant="primary" onClick={startRefund} disabled={!canRefund || amount === null || tooMuch}>
            {t('detail.refund')}
          </ShortcutButton>
          <ShortcutButton shortcut="F8" variant="danger" onClick={startVoid} disabled={!canVoid}>
            {t('detail.void')}
          </ShortcutButton>
        </div>
      )}
      {step === 'refund' && amount !== null && (
        <ConfirmBox
          id={`refund-${sale.id}`}
          question={t('detail.confirmRefund', { amount: money(amount, sale.currency), card })}
          confirmLabel={t('detail.confirmRefundButton')}
          busy={refunding}
          onConfirm={refund}
          onBack={back}
          variant="primary"
        />
      )}
      {step === 'void' && (
        <ConfirmBox
          id={`void-${sale.id}`}
          question={t('detail.confirmVoid', { amount: money(sale.total, sale.currency) })}
          confirmLabel={t('detail.confirmVoidButton')}
          busy={voiding}
          onConfirm={voidSale}
          onBack={back}
        />
      )}
      <StatusLine tone={result?.tone ?? 'info'}>{result?.text}</StatusLine>
    </div>
  );
}
