// Electron entry: thin on purpose. Everything with rules lives in src/till and below.
import { app } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN, handleAppProtocol, registerAppSchemeAsPrivileged } from './app-protocol';
import { createSecureWindow, denyAllPermissions } from './secure-window';

registerAppSchemeAsPrivileged(); // before 'ready', or the scheme is not privileged

if (!app.requestSingleInstanceLock()) {
  // A second instance would drain the same outbox and hold the same terminals.
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.whenReady().then(() => {
    denyAllPermissions();
    handleAppProtocol(join(import.meta.dirname, '../renderer'));
    const win = createSecureWindow(join(import.meta.dirname, '../preload/index.cjs'));
    void win.loadURL(`${APP_ORIGIN}/index.html`);
  });
  app.on('window-all-closed', () => app.quit());
}
