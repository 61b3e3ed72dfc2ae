// What is down and what that stops (field-lessons §9): card sales stop visibly when Clover or
// the terminal is unreachable; an unreachable Odoo only delays syncing.
import { useT } from '../hooks/use-t';
import { useAppStore } from '../stores/app-store';
import { useSyncStore } from '../stores/sync-store';
import { selectedTerminal, useTerminalStore } from '../stores/terminal-store';

export function OfflineBanner() {
  const { t } = useT();
  const info = useAppStore((s) => s.info);
  const bridge = useAppStore((s) => s.bridgeConnected);
  const erp = useSyncStore((s) => s.erp);
  const terminal = useTerminalStore(selectedTerminal);
  const problems: Array<{ key: string; text: string; severe: boolean }> = [];
  if (!bridge) problems.push({ key: 'bridge', text: t('banner.bridgeDown'), severe: true });
  if (info && !info.ledgerOk) problems.push({ key: 'ledger', text: t('banner.ledgerDown', { message: info.ledgerMessage ?? '' }), severe: true });
  if (info && !info.connected) problems.push({ key: 'clover', text: t('banner.cloverDisconnected'), severe: true });
  else if (terminal && terminal.connected === false) problems.push({ key: 'terminal', text: t('banner.terminalDisconnected', { name: terminal.name }), severe: true });
  if (erp && erp.configured && !erp.reachable) problems.push({ key: 'odoo', text: t('banner.odooDown'), severe: false });
  return (
    <div role="status" aria-live="polite" className="banners">
      {problems.map((p) => (
        <div key={p.key} className={`banner ${p.severe ? 'banner-offline' : 'banner-warn'}`}>
          <span aria-hidden="true">{p.severe ? '✕ ' : '⚠ '}</span>
          {p.text}
        </div>
      ))}
    </div>
  );
}
