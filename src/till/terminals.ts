// Terminals: synced from Clover's device list, renamed locally, one default, pinged before a
// shift (a cached "online" lies: field-lessons §4).
import { CounterError } from '../shared/contract/result';
import type { TerminalView } from '../shared/contract/views';
import { requireCloverFeature } from './clover-capabilities';
import type { Till } from './create-till';
import { unresolvedOn } from './sales/terminal-guard';

const lastPing = new WeakMap<Till, Map<string, { connected: boolean; busy: boolean }>>();
function pings(till: Till) {
  let m = lastPing.get(till);
  if (!m) lastPing.set(till, (m = new Map()));
  return m;
}

export function listTerminals(till: Till): TerminalView[] {
  const s = till.settings();
  const defaultSerial = s.defaultTerminal ?? s.terminals[0]?.serial;
  return s.terminals.map((t) => ({
    serial: t.serial,
    name: t.name,
    model: t.model ?? null,
    isDefault: t.serial === defaultSerial,
    connected: pings(till).get(t.serial)?.connected ?? null,
    busy: pings(till).get(t.serial)?.busy ?? false,
    blockedBySaleId: unresolvedOn(till, t.serial)?.id ?? null,
  }));
}

/** Adds Clover's devices, keeps local names, drops devices Clover no longer lists. */
export async function syncTerminals(till: Till): Promise<TerminalView[]> {
  await requireCloverFeature(till, 'platform'); // the device list is Platform v3 (§4)
  const devices = await till.merchant().platform.listDevices();
  till.updateSettings((s) => {
    const known = new Map(s.terminals.map((t) => [t.serial, t]));
    s.terminals = devices.map((d) => ({
      serial: d.serial,
      deviceId: d.id,
      name: known.get(d.serial)?.name ?? d.name ?? d.serial,
      ...(d.model ? { model: d.model } : {}),
    }));
    if (s.defaultTerminal && !devices.some((d) => d.serial === s.defaultTerminal)) delete s.defaultTerminal;
  });
  return listTerminals(till);
}

function requireTerminal(till: Till, serial: string) {
  const t = till.settings().terminals.find((x) => x.serial === serial);
  if (!t) throw new CounterError('NOT_FOUND', `No terminal with serial ${serial}: run terminals sync first.`);
  return t;
}

export function setDefaultTerminal(till: Till, serial: string): TerminalView[] {
  requireTerminal(till, serial);
  till.updateSettings((s) => void (s.defaultTerminal = serial));
  return listTerminals(till);
}

export function renameTerminal(till: Till, serial: string, name: string): TerminalView[] {
  requireTerminal(till, serial);
  const clean = name.trim();
  if (!clean || clean.length > 60) throw new CounterError('BAD_INPUT', 'A terminal name is 1 to 60 characters.');
  till.updateSettings((s) => {
    const t = s.terminals.find((x) => x.serial === serial)!;
    t.name = clean;
  });
  return listTerminals(till);
}

export async function pingTerminal(till: Till, serial: string): Promise<TerminalView> {
  requireTerminal(till, serial);
  await requireCloverFeature(till, 'terminal');
  const result = await till.merchant().payDisplay(serial).ping();
  const state = { connected: result.kind === 'ok' && result.value.connected, busy: result.kind === 'busy' };
  // A busy device is connected (it is taking a payment).
  if (state.busy) state.connected = true;
  pings(till).set(serial, state);
  const view = listTerminals(till).find((t) => t.serial === serial)!;
  till.events.emit('terminal.status', view);
  return view;
}
