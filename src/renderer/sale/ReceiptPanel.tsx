// Receipt preview and printing, for the sale just taken and for any sale in History. The
// preview is the till's own HTML in a fully sandboxed iframe (no scripts, no same origin).
// A receipt printed once is reprinted as COPY (field-lessons §8); "sent to the printer"
// is all the spooler can promise, so that is what we say.
import { useCallback, useEffect, useState } from 'react';
import type { PrintJobView } from '../../shared/contract/views';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useShortcut } from '../hooks/use-shortcut';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';
import { ReceiptSendForm } from './ReceiptSendForm';

/** `sendable`: Clover can email or text it (a terminal sale; a keyed one has no terminal to send from). */
export function ReceiptPanel({ saleId, shortcut = 'Ctrl+P', sendable = false }: { saleId: number; shortcut?: string; sendable?: boolean }) {
  const { t } = useT();
  const [html, setHtml] = useState<string | null>(null);
  const [printedBefore, setPrintedBefore] = useState(false);
  const [job, setJob] = useState<PrintJobView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (copy: boolean) => {
    const r = await counter.receipts.render({ saleId, copy });
    if (r.ok) setHtml(r.value.html);
    else setError(t('receipt.loadFailed', { message: r.error.message }));
  }, [saleId, t]);

  useEffect(() => {
    let live = true;
    setHtml(null);
    setJob(null);
    setError(null);
    void counter.receipts.queue().then((q) => {
      if (!live) return;
      const before = q.ok && q.value.some((j) => j.saleId === saleId && j.state !== 'failed');
      setPrintedBefore(before);
      void load(before);
    });
    return () => {
      live = false;
    };
  }, [saleId, load]);

  const [print, printing] = useGuarded(async () => {
    setError(null);
    const r = await counter.receipts.print({ saleId, copy: printedBefore });
    if (!r.ok) {
      setError(t('receipt.failed', { message: r.error.message }));
      return;
    }
    setJob(r.value);
    if (r.value.state !== 'failed' && !printedBefore) {
      setPrintedBefore(true);
      void load(true); // what a reprint would look like
    }
  });
  useShortcut(shortcut, print);

  const jobText =
    job?.state === 'submitted' ? t('receipt.submitted') : job?.state === 'queued' ? t('receipt.queued') : job?.state === 'failed' ? t('receipt.failed', { message: job.error ?? '' }) : null;

  return (
    <section className="panel receipt" aria-labelledby={`receipt-${saleId}`}>
      <h2 id={`receipt-${saleId}`}>{t('receipt.heading')}</h2>
      {html !== null ? <iframe className="receipt-frame" sandbox="" srcDoc={html} title={t('receipt.preview')} /> : <div className="receipt-frame placeholder" />}
      <div className="actions">
        <ShortcutButton shortcut={shortcut} onClick={print} disabled={printing} aria-busy={printing}>
          {printedBefore ? t('receipt.reprint') : t('receipt.print')}
        </ShortcutButton>
      </div>
      <StatusLine tone={job?.state === 'failed' || error ? 'bad' : 'ok'}>{error ?? jobText}</StatusLine>
      {sendable && <ReceiptSendForm saleId={saleId} />}
    </section>
  );
}
