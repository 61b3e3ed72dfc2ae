// Outbox items Odoo refused for a business reason: parked until a person retries them.
import type { OutboxItemView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import type { MessageKey } from '../i18n/en';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';

function ParkedItem({ item, onRetried }: { item: OutboxItemView; onRetried(text: string, tone: 'ok' | 'bad'): void }) {
  const { t, shortDateTime, locale } = useT();
  const attempts = new Intl.PluralRules(locale).select(item.attempts) === 'one' ? 'attention.attemptsOne' : 'attention.attempts';
  const [retry, busy] = useGuarded(async () => {
    const r = await counter.outbox.retry({ id: item.id });
    onRetried(r.ok ? t('attention.retried', { id: item.id }) : t('attention.failed', { message: r.error.message }), r.ok ? 'ok' : 'bad');
  });
  return (
    <li className="card-item">
      <h3>
        {t(`outbox.${item.kind}` as MessageKey)} · {item.erpKey}
      </h3>
      <p>
        {shortDateTime(item.createdAt)} · {t(attempts, { count: item.attempts })}
      </p>
      {(item.parkReason ?? item.lastError) && <p className="hint bad">{item.parkReason ?? item.lastError}</p>}
      <ShortcutButton onClick={retry} disabled={busy} aria-busy={busy} aria-label={`${t('attention.retry')} ${item.erpKey}`}>
        {t('attention.retry')}
      </ShortcutButton>
    </li>
  );
}

export function ParkedItems({ items, onRetried }: { items: OutboxItemView[]; onRetried(text: string, tone: 'ok' | 'bad'): void }) {
  const { t } = useT();
  if (items.length === 0) return <p className="empty">{t('attention.noneParked')}</p>;
  return (
    <ul className="card-list">
      {items.map((item) => (
        <ParkedItem key={item.id} item={item} onRetried={onRetried} />
      ))}
    </ul>
  );
}
