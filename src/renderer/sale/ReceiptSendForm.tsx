// "Email or text the receipt": one field (an address with @ is an email, anything else a
// mobile number); Clover sends it from the terminal. The field is emptied once it is sent, so
// the next customer never sees it.
import { useEffect, useState } from 'react';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { ShortcutButton } from '../ui/ShortcutButton';
import { StatusLine } from '../ui/StatusLine';

export function ReceiptSendForm({ saleId }: { saleId: number }) {
  const { t } = useT();
  const [to, setTo] = useState('');
  const [status, setStatus] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  useEffect(() => {
    setTo('');
    setStatus(null);
  }, [saleId]);

  const [send, sending] = useGuarded(async () => {
    const value = to.trim();
    if (!value) return;
    const recipient = value.includes('@') ? { method: 'email' as const, email: value } : { method: 'sms' as const, phone: value };
    setStatus(null);
    const r = await counter.receipts.send({ saleId, to: recipient });
    if (r.ok) {
      setTo('');
      setStatus({ tone: 'ok', text: r.value.method === 'email' ? t('receipt.sentEmail') : t('receipt.sentSms') });
    } else setStatus({ tone: 'bad', text: t('receipt.sendFailed', { message: r.error.message }) });
  });

  return (
    <form
      className="row receipt-send no-print"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label className="field">
        {t('receipt.sendTo')}
        <input type="text" inputMode="email" autoComplete="off" spellCheck={false} value={to} onChange={(e) => setTo(e.target.value)} maxLength={254} />
      </label>
      <ShortcutButton type="submit" disabled={sending || to.trim() === ''} aria-busy={sending}>
        {t('receipt.send')}
      </ShortcutButton>
      <StatusLine tone={status?.tone ?? 'ok'}>{status?.text ?? null}</StatusLine>
    </form>
  );
}
