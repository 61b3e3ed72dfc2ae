// Loads what every screen needs, subscribes to the till's events and keeps slow-changing
// status fresh with light polling (events can be missed while the stream reconnects).
import { useCallback, useEffect } from 'react';
import type { AppInfoView } from '../../shared/contract/views';
import { UNRESOLVED_OPERATION_STATES, UNRESOLVED_SALE_STATES } from '../../shared/domain';
import { counter, onBridgeConnection } from '../api/counter';
import { useAppStore } from '../stores/app-store';
import { useSaleStore } from '../stores/sale-store';
import { useSyncStore } from '../stores/sync-store';
import { useTerminalStore } from '../stores/terminal-store';

const STATUS_POLL_MS = 30_000;
const ERP_POLL_MS = 60_000;

/**
 * Needs attention's count: unresolved sales and operations, and records with a problem no
 * manager has acknowledged yet (an unresolved one is counted once).
 */
async function refreshAttentionCount(info: AppInfoView): Promise<void> {
  const problems = await counter.recovery.problems();
  const settled = problems.ok
    ? problems.value.sales.filter((s) => !UNRESOLVED_SALE_STATES.includes(s.state)).length + problems.value.operations.filter((o) => !UNRESOLVED_OPERATION_STATES.includes(o.state)).length
    : 0;
  useSyncStore.getState().setUnresolved(info.unresolvedSales + info.unresolvedOperations + settled);
}

async function refreshCount(): Promise<void> {
  const info = await counter.app.info();
  if (info.ok) await refreshAttentionCount(info.value);
}

export async function refreshInfo(): Promise<boolean> {
  const info = await counter.app.info();
  if (!info.ok) {
    useAppStore.getState().setLoadError(info.error);
    return false;
  }
  useAppStore.getState().setInfo(info.value);
  void refreshAttentionCount(info.value);
  return true;
}

export async function refreshTerminals(): Promise<void> {
  const list = await counter.terminals.list();
  if (list.ok) useTerminalStore.getState().setAll(list.value);
}

export async function refreshSync(): Promise<void> {
  const [status, erp] = await Promise.all([counter.outbox.status(), counter.erp.status()]);
  if (status.ok) useSyncStore.getState().setStatus(status.value, Date.now());
  if (erp.ok) useSyncStore.getState().setErp(erp.value);
}

let unresolvedTimer: ReturnType<typeof setTimeout> | undefined;
function refreshUnresolvedSoon(): void {
  clearTimeout(unresolvedTimer);
  unresolvedTimer = setTimeout(() => void refreshCount(), 500);
}

/** Returns a reload function for the "try again" button of the start screen. */
export function useBootstrap(): () => void {
  const load = useCallback(() => {
    void refreshInfo().then((ok) => {
      if (!ok) return;
      void refreshTerminals();
      void refreshSync();
    });
  }, []);

  useEffect(() => {
    load();
    const offs = [
      counter.on('sale.updated', (sale) => {
        useSaleStore.getState().observe(sale);
        refreshUnresolvedSoon(); // the Needs-attention count follows sale states
      }),
      counter.on('terminal.status', (terminal) => useTerminalStore.getState().upsert(terminal)),
      counter.on('sync.status', (status) => useSyncStore.getState().setStatus(status, Date.now())),
    ];
    if (onBridgeConnection) {
      let wasDown = false;
      offs.push(
        onBridgeConnection((connected) => {
          useAppStore.getState().setBridgeConnected(connected);
          if (connected && wasDown) load(); // catch up on what the stream missed
          wasDown = !connected;
        }),
      );
    }
    const statusTimer = setInterval(() => {
      void counter.outbox.status().then((r) => r.ok && useSyncStore.getState().setStatus(r.value, Date.now()));
      void refreshCount();
    }, STATUS_POLL_MS);
    const erpTimer = setInterval(() => void counter.erp.status().then((r) => r.ok && useSyncStore.getState().setErp(r.value)), ERP_POLL_MS);
    return () => {
      offs.forEach((off) => off());
      clearInterval(statusTimer);
      clearInterval(erpTimer);
    };
  }, [load]);

  return load;
}
