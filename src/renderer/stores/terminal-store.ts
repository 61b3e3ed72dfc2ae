// The Clover terminals and which one this counter charges on, updated live by
// `terminal.status` events and pings.
import { create } from 'zustand';
import type { TerminalView } from '../../shared/contract/views';

export interface TerminalStore {
  terminals: TerminalView[];
  selected: string | null;
  setAll(terminals: TerminalView[]): void;
  upsert(terminal: TerminalView): void;
  select(serial: string): void;
}

/** Keeps a still-listed choice; otherwise the default terminal, otherwise the first. */
export function chooseTerminal(terminals: readonly TerminalView[], current: string | null): string | null {
  if (current && terminals.some((t) => t.serial === current)) return current;
  return (terminals.find((t) => t.isDefault) ?? terminals[0])?.serial ?? null;
}

export const useTerminalStore = create<TerminalStore>()((set) => ({
  terminals: [],
  selected: null,
  setAll: (terminals) => set((s) => ({ terminals, selected: chooseTerminal(terminals, s.selected) })),
  upsert: (terminal) =>
    set((s) => {
      const known = s.terminals.some((t) => t.serial === terminal.serial);
      const terminals = known ? s.terminals.map((t) => (t.serial === terminal.serial ? terminal : t)) : [...s.terminals, terminal];
      return { terminals, selected: chooseTerminal(terminals, s.selected) };
    }),
  select: (serial) => set({ selected: serial }),
}));

export function selectedTerminal(s: Pick<TerminalStore, 'terminals' | 'selected'>): TerminalView | null {
  return s.terminals.find((t) => t.serial === s.selected) ?? null;
}
