// End of day: a manager can hold the ledger against its hash-chained audit log (the same check
// as `counter audit`), e.g. after a doubt about a total. Reads only; the till keeps selling.
import { useState } from 'react';
import type { LedgerCheckView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';

export function LedgerCheck() {
  const { t } = useT();
  const [result, setResult] = useState<LedgerCheckView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [check, checking] = useGuarded(async () => {
    const r = await counter.ledger.check();
    setResult(r.ok ? r.value : null);
    setError(r.ok ? null : t('ledgerCheck.failed', { message: r.error.message }));
  });

  return (
    <div className="ledger-check">
      <ShortcutButton className="no-print" onClick={() => check()} disabled={checking} aria-busy={checking}>
        {checking ? t('ledgerCheck.checking') : t('ledgerCheck.run')}
      </ShortcutButton>
      <StatusLine tone="bad">{error}</StatusLine>
      {result?.ok && (
        <StatusLine tone="ok">
          {t('ledgerCheck.ok', { checked: result.checked, entries: result.entries })}
          {result.unaudited > 0 ? ` ${t('ledgerCheck.unaudited', { count: result.unaudited })}` : ''}
        </StatusLine>
      )}
      {result?.broken && <StatusLine tone="bad">{t('ledgerCheck.broken', { entry: result.broken.entry, problem: result.broken.problem })}</StatusLine>}
      {result && !result.broken && result.problemCount > 0 && (
        <>
          <StatusLine tone="bad">{t('ledgerCheck.problems', { count: result.problemCount })}</StatusLine>
          <ul className="ledger-problems">
            {result.problems.map((p, i) => (
              <li key={i}>
                {p.record}: {p.problem}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
