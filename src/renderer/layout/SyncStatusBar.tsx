// The bottom bar: how much waits for Odoo, how old the oldest item is, why sync is paused,
// whether Odoo answers. Re-renders every 15 s so the age keeps counting.
import { useEffect, useState } from 'react';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { oldestAgeNow, useSyncStore } from '../stores/sync-store';

export function SyncStatusBar() {
  const { t, age } = useT();
  const sync = useSyncStore();
  const merchant = useAppStore((s) => s.info?.merchantName);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const { status, erp } = sync;
  const oldest = oldestAgeNow(sync, Math.max(now, sync.receivedAt));
  const parts: Array<{ text: string; bad?: boolean }> = [];
  if (!status) parts.push({ text: t('sync.unknown') });
  else {
    parts.push(status.depth + status.inFlight === 0 ? { text: t('sync.idle') } : { text: t('sync.queue', { count: status.depth + status.inFlight }) });
    if (oldest !== null && status.depth > 0) parts.push({ text: t('sync.oldest', { age: age(oldest) }) });
    if (status.parked > 0) parts.push({ text: t('sync.parked', { count: status.parked }), bad: true });
    if (status.pausedReason) parts.push({ text: t('sync.paused', { reason: status.pausedReason }), bad: true });
  }
  if (erp) {
    if (!erp.configured) parts.push({ text: t('sync.odooNotConfigured'), bad: true });
    else parts.push(erp.reachable ? { text: t('sync.odooOk') } : { text: t('sync.odooDown'), bad: true });
  }
  return (
    <footer className="syncbar" aria-label={t('sync.label')}>
      <span className="syncbar-title">{t('sync.label')}:</span>
      {parts.map((p) => (
        <span key={p.text} className={p.bad ? 'sync-part bad' : 'sync-part'}>
          {p.bad && <span aria-hidden="true">⚠ </span>}
          {p.text}
        </span>
      ))}
      {merchant && <span className="merchant">{merchant}</span>}
    </footer>
  );
}
