// The IPC edge of the Electron main process. Electron itself cannot run here, so (and only
// here) its module is replaced by a stand-in that records the registered handlers.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: { handle: (ch: string, fn: (e: unknown, i: unknown) => Promise<unknown>) => handlers.set(ch, fn), removeHandler: (ch: string) => handlers.delete(ch) },
  BrowserWindow: { getAllWindows: () => [] },
  net: {},
  protocol: {},
}));

const { registerIpcHandlers } = await import('../../src/main/ipc/register-handlers');
const { trustWebContents } = await import('../../src/main/ipc/trusted-sender');
const { TillEvents } = await import('../../src/till/till-events');
const { CALL_NAMES } = await import('../../src/shared/contract/counter-api');

function fakeContents(id: number) {
  const mainFrame = { url: 'app://counter/index.html' };
  return { id, mainFrame, once: () => {} };
}

let calls: unknown[];
beforeEach(() => {
  handlers.clear();
  calls = [];
  const till = new Proxy({}, { get: (_t, name) => async (input: unknown) => (calls.push([name, input]), { ok: 'value' }) });
  registerIpcHandlers(till as never, new TillEvents(), { log() {} });
});

describe('IPC handlers', () => {
  it('registers one handler per contract call', () => {
    expect([...handlers.keys()].sort()).toEqual(CALL_NAMES.map((n) => `counter:${n}`).sort());
  });

  it('answers a trusted window, after the schema check', async () => {
    const contents = fakeContents(1);
    trustWebContents(contents as never);
    const event = { sender: contents, senderFrame: contents.mainFrame };
    const answer = await handlers.get('counter:sales.start')!(event, { amount: 100, funding: 'credit' });
    expect(answer, JSON.stringify(answer)).toEqual({ ok: true, value: { ok: 'value' } });
    expect(await handlers.get('counter:sales.start')!(event, { amount: 1.5, funding: 'credit' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(calls).toHaveLength(1);
  });

  it('refuses untrusted senders before parsing anything', async () => {
    const stranger = fakeContents(2); // never trusted
    const trusted = fakeContents(3);
    trustWebContents(trusted as never);
    const subframe = { url: 'app://counter/index.html' };
    const navigated = { url: 'https://evil.example/' };
    for (const event of [
      { sender: stranger, senderFrame: stranger.mainFrame },
      { sender: trusted, senderFrame: subframe }, // an iframe, not the main frame
      { sender: { ...trusted, mainFrame: navigated }, senderFrame: navigated }, // navigated away
      { sender: trusted, senderFrame: null },
    ]) {
      expect(await handlers.get('counter:app.info')!(event, {})).toEqual({ ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'refused' } });
    }
    expect(calls).toHaveLength(0);
  });
});
