// Pay an Odoo invoice or sale order: search (erp.findDocuments), pick one, and its amount due
// fills the amount. The till re-checks what is due when the sale starts.
import { useRef, useState } from 'react';
import type { ErpDocumentView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { parseAmount } from '../i18n/format';
import { focusSoon } from '../hooks/use-focus';
import { useGuarded } from '../hooks/use-guarded';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { useSaleStore } from '../stores/sale-store';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';

function SelectedDocument({ doc }: { doc: ErpDocumentView }) {
  const { t, money } = useT();
  const amountText = useSaleStore((s) => s.amountText);
  const setDocument = useSaleStore((s) => s.setDocument);
  const amount = parseAmount(amountText);
  const over = amount !== null && amount > doc.amountDue;
  return (
    <div className="doc-selected">
      <p className="doc-title">{t('doc.selected', { number: doc.number, partner: doc.partner })}</p>
      <p className="doc-due">{t('doc.amountDue', { amount: money(doc.amountDue, doc.currency) })}</p>
      {over && <StatusLine tone="warn">{t('doc.overDue', { amount: money(doc.amountDue, doc.currency) })}</StatusLine>}
      <ShortcutButton
        onClick={() => {
          setDocument(null);
          focusSoon('doc-query'); // the button goes away: focus the search that replaces it
        }}
      >
        {t('doc.clear')}
      </ShortcutButton>
    </div>
  );
}

export function DocumentLookup() {
  const { t, money, amountInput } = useT();
  const doc = useSaleStore((s) => s.document);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ErpDocumentView[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useShortcut('F6', () => inputRef.current?.focus());

  const [find, busy] = useGuarded(async () => {
    const q = query.trim();
    if (!q) return;
    setMessage(null);
    const r = await counter.erp.findDocuments({ query: q });
    if (!r.ok) {
      setResults(null);
      setMessage(t('doc.failed', { message: r.error.message }));
      return;
    }
    setResults(r.value);
    if (r.value.length === 0) setMessage(t('doc.none', { query: q }));
  });

  const choose = (d: ErpDocumentView) => {
    const sale = useSaleStore.getState();
    sale.setDocument(d);
    sale.setAmountText(amountInput(d.amountDue));
    setResults(null);
    setQuery('');
    focusSoon('pay-button'); // next step: pay (enabled once the amount has rendered)
  };

  return (
    <section className="panel doc-lookup" aria-labelledby="doc-heading">
      <h2 id="doc-heading">{t('doc.heading')}</h2>
      {doc ? (
        <SelectedDocument doc={doc} />
      ) : (
        <form
          className="row"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            find();
          }}
        >
          <label htmlFor="doc-query" className="visually-hidden">
            {t('doc.search')}
          </label>
          <input ref={inputRef} id="doc-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('doc.search')} aria-keyshortcuts="F6" autoComplete="off" />
          <ShortcutButton type="submit" disabled={busy || !query.trim()} aria-busy={busy}>
            {t('doc.find')}
          </ShortcutButton>
        </form>
      )}
      {results && results.length > 0 && (
        <ul className="doc-results" aria-label={t('doc.results')}>
          {results.map((d) => (
            <li key={`${d.kind}-${d.id}`}>
              <button type="button" className="btn btn-secondary doc-result" onClick={() => choose(d)}>
                <span className="btn-label">{t('doc.choose', { number: d.number })}</span>
                <span className="doc-meta">
                  {d.partner} · {t('doc.due', { amount: money(d.amountDue, d.currency) })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <StatusLine tone="warn">{message}</StatusLine>
    </section>
  );
}
