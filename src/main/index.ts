// Electron entry: thin on purpose. It hosts the till (src/till) and shows it in one secure
// window; every rule about money lives below, tested in plain Node.
import { app, dialog, shell } from 'electron';
import { join } from 'node:path';
import { toApiError } from '../till/api/to-api-error';
import { createCounterHandlers } from '../till/api/counter-handlers';
import { withFirstRunTraining } from '../till/config/till-config';
import { createTill } from '../till/create-till';
import { recoverUnknownOutcomes } from '../till/startup-recovery';
import { startRecoveryLoop } from '../till/recovery-loop';
import { startBackupLoop } from '../till/backup/backup-schedule';
import { startSync } from '../till/sync-runner';
import { applyAppMenu } from './app-menu';
import { APP_ORIGIN, handleAppProtocol, registerAppSchemeAsPrivileged } from './app-protocol';
import { fileLogger } from './file-logger';
import { registerIpcHandlers } from './ipc/register-handlers';
import { trustWebContents } from './ipc/trusted-sender';
import { printHtmlOnSystemPrinter } from './printing/system-printer';
import { createSecureWindow, denyAllPermissions } from './secure-window';

registerAppSchemeAsPrivileged(); // before 'ready', or the scheme is not privileged

async function start(): Promise<void> {
  denyAllPermissions();
  applyAppMenu(app.isPackaged); // a cashier's menu: no reload, no developer tools
  handleAppProtocol(join(import.meta.dirname, '../renderer'));
  const dataDir = process.env.COUNTER_DATA_DIR || app.getPath('userData');
  const logger = fileLogger(dataDir);
  const till = await createTill({ dataDir, env: withFirstRunTraining(process.env, dataDir), logger });
  for (const warning of till.config.warnings) logger.log('warn', warning);
  await recoverUnknownOutcomes(till).catch((e) => logger.log('warn', 'start-up recovery failed', { error: toApiError(e).message }));
  const recovery = startRecoveryLoop(till); // open sales are asked about again while the app runs
  startBackupLoop(till); // a restore reconciled first; then a backup after each day and every few hours of trading
  const sync = startSync(till);
  const handlers = createCounterHandlers(till, { sync, systemPrinter: printHtmlOnSystemPrinter, openExternal: (url) => void shell.openExternal(url) }); // eng-disable OPEN_EXTERNAL_JS_CHECK: https only, checked by the handler
  registerIpcHandlers(handlers, till.events, logger);
  const win = createSecureWindow(join(import.meta.dirname, '../preload/index.cjs'), { devTools: !app.isPackaged });
  trustWebContents(win.webContents);
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('before-quit', () => {
    recovery.stop();
    void sync?.stop();
  });
}

if (!app.requestSingleInstanceLock()) {
  // A second instance would drain the same outbox and hold the same terminals.
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Fusion Clover Counter cannot start', toApiError(error).message);
    app.quit();
  });
  app.on('window-all-closed', () => app.quit());
}
