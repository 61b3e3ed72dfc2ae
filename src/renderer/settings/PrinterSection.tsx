// Receipt printer: none, a network ESC/POS printer or a system printer, and a test print.
// The contract has no test-page call, so the test reprints the latest sale as a COPY.
import { useState } from 'react';
import type { Settings } from '../../shared/settings';
import { counter } from '../api/counter';
import { useGuarded } from '../hooks/use-guarded';
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { ShortcutButton } from '../ui/ShortcutButton';
import { saveSettings } from './save-settings';
import { SettingsSection, type SectionResult } from './SettingsSection';

type Printer = Settings['printer'];

export function PrinterSection() {
  const { t } = useT();
  const current = useAppStore((s) => s.settings?.printer ?? ({ type: 'none' } as Printer));
  const [type, setType] = useState<Printer['type']>(current.type);
  const [url, setUrl] = useState(current.type === 'network' ? current.url : 'tcp://');
  const [name, setName] = useState(current.type === 'system' ? current.name : '');
  const [result, setResult] = useState<SectionResult>(null);

  const [save, saving] = useGuarded(async () => {
    const printer: Printer = type === 'network' ? { type, url: url.trim() } : type === 'system' ? { type, name: name.trim() } : { type: 'none' };
    const error = await saveSettings({ printer });
    setResult(error ? { text: t('settings.saveFailed', { message: error }), tone: 'bad' } : { text: t('settings.saved'), tone: 'ok' });
  });
  const [testPrint, testing] = useGuarded(async () => {
    const latest = await counter.sales.list({ limit: 20 });
    const sale = latest.ok ? latest.value.find((s) => s.moneyMoved === 'yes') : undefined;
    if (!sale) return setResult({ text: t('settings.testPrintNoSale'), tone: 'warn' });
    const r = await counter.receipts.print({ saleId: sale.id, copy: true });
    if (!r.ok) return setResult({ text: t('receipt.failed', { message: r.error.message }), tone: 'bad' });
    setResult(r.value.state === 'failed' ? { text: t('receipt.failed', { message: r.value.error ?? '' }), tone: 'bad' } : { text: t('receipt.submitted'), tone: 'ok' });
  });

  return (
    <SettingsSection id="printer" title={t('settings.printer')} result={result}>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="field">
          <label htmlFor="printer-type">{t('settings.printerType')}</label>
          <select id="printer-type" value={type} onChange={(e) => setType(e.target.value as Printer['type'])}>
            <option value="none">{t('settings.printerNone')}</option>
            <option value="network">{t('settings.printerNetwork')}</option>
            <option value="system">{t('settings.printerSystem')}</option>
          </select>
        </div>
        {type === 'network' && (
          <label className="field wide">
            {t('settings.printerUrl')}
            <input value={url} onChange={(e) => setUrl(e.target.value)} autoComplete="off" />
          </label>
        )}
        {type === 'system' && (
          <label className="field wide">
            {t('settings.printerName')}
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </label>
        )}
        <ShortcutButton type="submit" variant="primary" disabled={saving}>
          {t('settings.save')}
        </ShortcutButton>
      </form>
      <div className="row">
        <ShortcutButton onClick={testPrint} disabled={testing} aria-busy={testing} aria-describedby="test-print-help">
          {t('settings.testPrint')}
        </ShortcutButton>
        <span id="test-print-help" className="hint">
          {t('settings.testPrintHelp')}
        </span>
      </div>
    </SettingsSection>
  );
}
