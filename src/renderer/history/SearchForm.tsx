// Search sales by day range, amount, card last 4 and invoice/order number. F6 focuses it.
import { useRef, useState } from 'react';
import { useFocusOn } from '../hooks/use-focus';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { EMPTY_SEARCH, type SearchFields } from './search-query';

export function SearchForm({ busy, onSearch }: { busy: boolean; onSearch(fields: SearchFields): void }) {
  const { t } = useT();
  const [f, setF] = useState<SearchFields>(EMPTY_SEARCH);
  const firstRef = useRef<HTMLInputElement>(null);
  useFocusOn(firstRef, 'history');
  useShortcut('F6', () => firstRef.current?.focus());
  const field = (name: keyof SearchFields, label: string, extra: Record<string, unknown> = {}) => (
    <label className="field">
      {label}
      <input value={f[name]} onChange={(e) => setF({ ...f, [name]: e.target.value })} autoComplete="off" {...extra} />
    </label>
  );
  return (
    <form
      className="search-form"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(f);
      }}
    >
      <label className="field">
        {t('history.document')}
        <input ref={firstRef} value={f.document} onChange={(e) => setF({ ...f, document: e.target.value })} autoComplete="off" aria-keyshortcuts="F6" />
      </label>
      {field('from', t('history.from'), { type: 'date' })}
      {field('to', t('history.to'), { type: 'date' })}
      {field('amount', t('history.amount'), { inputMode: 'decimal', size: 8 })}
      {field('last4', t('history.last4'), { inputMode: 'numeric', maxLength: 4, size: 4, pattern: '\\d{4}' })}
      <ShortcutButton type="submit" variant="primary" shortcut="Enter" disabled={busy} aria-busy={busy}>
        {t('history.search')}
      </ShortcutButton>
    </form>
  );
}
