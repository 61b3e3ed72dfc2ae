// A refund, void or credit whose outcome is not known. "Look up at Clover" resends it under its
// own key, and only when a person asks (Clover answers with the original result, never a second
// refund); when Clover cannot tell, a manager settles it by hand with a reason. While another
// process still waits for its answer, it only says so: there is no cancel for these.
import type { OperationView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { InProgressLine } from '../ui/InProgressLine';
import type { CloverIdKind } from './ForceForm';
import { ResolveActions } from './ResolveActions';

type Tone = 'ok' | 'bad' | 'warn' | 'info';

/** The Clover record a settlement may name: a refund's or credit's own id; a void has none. */
const CLOVER_ID_KIND: Record<OperationView['kind'], CloverIdKind | undefined> = { refund: 'refund', credit: 'credit', void: undefined };

export function UnresolvedOperationCard({ op, onResolved, onMessage }: { op: OperationView; onResolved(): void; onMessage(text: string, tone: Tone): void }) {
  const { t, money, shortDateTime } = useT();
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
      {op.inProgress && <InProgressLine progress={op.inProgress} waitsFor="clover" />}
      {op.message && <p className="hint">{op.message}</p>}
      {op.inProgress ? (
        <p className="hint">{t('attention.opInProgressHint')}</p>
      ) : (
        <ResolveActions
          lookUp={lookUp}
          looking={looking}
          formId={`${op.kind}-${op.id}`}
          cloverIdKind={CLOVER_ID_KIND[op.kind]}
          force={(input) => counter.recovery.forceOperation({ kind: op.kind, id: op.id, ...input })}
          doneMessage={t('attention.opResolved', { kind: label, id: op.id })}
          onSettled={(text) => {
            onMessage(text, 'ok');
            onResolved();
          }}
        />
      )}
    </li>
  );
}
