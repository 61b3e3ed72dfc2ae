// Who may change what (issue 12) through the Electron main process's IPC wrapper: the window is
// trusted to call, never to vouch for the manager, so the PIN is checked behind ipcMain.handle
// like everything else. Electron itself cannot run here, so (as in main-ipc.test.ts) its module
// is a stand-in that records the registered handlers; the till behind them is real.
import { vi } from 'vitest';
import { describeManagerGate, type Answer } from '../support/manager-gate-cases';

const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: { handle: (ch: string, fn: (e: unknown, i: unknown) => Promise<unknown>) => registered.set(ch, fn), removeHandler: (ch: string) => registered.delete(ch) },
  BrowserWindow: { getAllWindows: () => [] },
  net: {},
  protocol: {},
}));

const { registerIpcHandlers } = await import('../../src/main/ipc/register-handlers');
const { trustWebContents } = await import('../../src/main/ipc/trusted-sender');
const { createCounterHandlers } = await import('../../src/till/api/counter-handlers');

describeManagerGate('over IPC from the trusted window', async (h) => {
  const unregister = registerIpcHandlers(createCounterHandlers(h.till), h.till.events, { log() {} });
  const contents = { id: 41, mainFrame: { url: 'app://counter/index.html' }, once: () => {} };
  trustWebContents(contents as never);
  const event = { sender: contents, senderFrame: contents.mainFrame };
  return {
    call: async (name, body) => (await registered.get(`counter:${name}`)!(event, body)) as Answer,
    close: async () => unregister(),
  };
});
