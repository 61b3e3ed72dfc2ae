// Every window: sandboxed, isolated, no Node, no navigation away, no new windows,
// no permission grants. Written out explicitly even where Electron's default agrees. DevTools
// only in an unpackaged (developer) build: from them every window.counter call is reachable.
import { BrowserWindow, session } from 'electron';
import { APP_ORIGIN } from './app-protocol';

export function createSecureWindow(preloadPath: string, options: { devTools: boolean }): BrowserWindow {
  // The preload was reviewed by hand (electronegativity's PRELOAD_JS_CHECK asks for that):
  // sandboxed, context-isolated, it exposes only the typed contract (window.counter) through
  // contextBridge, never ipcRenderer itself.
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Fusion Clover Counter',
    webPreferences: {
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click (auxclick) could open links outside the navigation guard.
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devTools,
    },
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  return win;
}

export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
