// One ipcMain.handle per call of the contract, each behind the trusted-sender guard and the
// schema gate (dispatchCall). Errors cross IPC as data: {ok:false, error:{code, message}}.
// Events go to trusted windows only. Tokens and keys never cross: no handler returns them.
import { BrowserWindow, ipcMain } from 'electron';
import type { CounterHandlers } from '../../shared/contract/calls';
import { CALL_NAMES } from '../../shared/contract/counter-api';
import type { Logger } from '../../shared/logger';
import { dispatchCall } from '../../till/api/dispatch-call';
import type { TillEvents } from '../../till/till-events';
import { isTrustedSender } from './trusted-sender';

export const IPC_CALL_PREFIX = 'counter:';
export const IPC_EVENT_CHANNEL = 'counter:event';

export function registerIpcHandlers(handlers: CounterHandlers, events: TillEvents, logger: Logger): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(`${IPC_CALL_PREFIX}${name}`, async (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        logger.log('warn', 'refused IPC from an untrusted sender', { call: name });
        return { ok: false, error: { code: 'UNTRUSTED_SENDER', message: 'refused' } };
      }
      return dispatchCall(handlers, name, input, logger);
    });
  }
  const off = events.on((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
    }
  });
  return () => {
    off();
    for (const name of CALL_NAMES) ipcMain.removeHandler(`${IPC_CALL_PREFIX}${name}`);
  };
}
