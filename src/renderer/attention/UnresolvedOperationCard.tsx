// A refund, void or credit whose outcome is not known. "Look up at Clover" resends it under its
// own key (Clover answers with the original result, never a second refund); when Clover cannot
// tell, a manager settles it by hand with a reason.
import { useState } from 'react';
import type { OperationView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { ForceForm } from './ForceForm';

type Tone = 'ok' | 'bad' | 'warn';

export function UnresolvedOperationCard({ op, onResolved, onMessage }: { op: OperationView; onResolved(): void; onMessage(text: string, tone: Tone): void }) {
  const { t, money, shortDateTime } = useT();
  const [settling, setSettling] = useState(false);
  const label = t(`attention.kind.${op.kind}`);
  const [lookUp, looking] = useGuarded(async () => {
    const r = await counter.recovery.resolveOperation({ kind: op.kind, id: op.id });
    if (!r.ok) return onMessage(t('attention.failed', { message: r.error.message }), 'bad');
    if (r.value.state === 'unknown' || r.value.state === 'resolving') return onMessage(t('attention.opStillUnknown', { kind: label, id: op.id }), 'warn');
    onMessage(t('attention.opResolved', { kind: label, id: op.id }), 'ok');
    onResolved();
  });
  return (
    <li className="card-item" aria-labelledby={`op-${op.kind}-${op.id}`}>
      <h3 id={`op-${op.kind}-${op.id}`}>
        {label} #{op.id} — {money(op.amount, op.currency)} — <span className="state state-unknown">{t('state.unknown')}</span>
      </h3>
      <p>
        {shortDateTime(op.createdAt)}
        {op.saleId ? ` · ${t('outcome.saleNumber', { id: op.saleId })}` : ''}
      </p>
      {op.message && <p className="hint">{op.message}</p>}
      <div className="actions">
        <ShortcutButton variant="primary" onClick={lookUp} disabled={looking} aria-busy={looking}>
          {t('attention.lookUp')}
        </ShortcutButton>
        <ShortcutButton onClick={() => setSettling((v) => !v)} aria-expanded={settling}>
          {t('attention.settle')}
        </ShortcutButton>
      </div>
      {settling && (
        <ForceForm
          formId={`${op.kind}-${op.id}`}
          force={(input) => counter.recovery.forceOperation({ kind: op.kind, id: op.id, ...input })}
          doneMessage={t('attention.opResolved', { kind: label, id: op.id })}
          onDone={(text) => {
            onMessage(text, 'ok');
            onResolved();
          }}
        />
      )}
    </li>
  );
}
