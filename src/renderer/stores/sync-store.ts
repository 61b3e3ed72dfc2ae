// How far behind Odoo is: the outbox queue (outbox.status + `sync.status` events), Odoo's
// reachability (erp.status) and how many sales wait for a person.
import { create } from 'zustand';
import type { SyncStatus } from '../../shared/contract/views';
import type { CallOutput } from '../../shared/contract/calls';

export type ErpStatus = CallOutput<'erp.status'>;

export interface SyncStore {
  status: SyncStatus | null;
  /** When `status` arrived: its oldest-item age keeps growing from there. */
  receivedAt: number;
  erp: ErpStatus | null;
  unresolved: number;
  setStatus(status: SyncStatus, now: number): void;
  setErp(erp: ErpStatus): void;
  setUnresolved(count: number): void;
}

export const useSyncStore = create<SyncStore>()((set) => ({
  status: null,
  receivedAt: 0,
  erp: null,
  unresolved: 0,
  setStatus: (status, now) => set({ status, receivedAt: now }),
  setErp: (erp) => set({ erp }),
  setUnresolved: (unresolved) => set({ unresolved }),
}));

/** Age of the oldest waiting item now, from the age it had when the status arrived. */
export function oldestAgeNow(s: Pick<SyncStore, 'status' | 'receivedAt'>, now: number): number | null {
  const age = s.status?.oldestPendingAgeMs;
  return age === null || age === undefined ? null : age + Math.max(0, now - s.receivedAt);
}
