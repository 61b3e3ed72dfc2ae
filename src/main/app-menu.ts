// The application menu of a packaged build: only what a cashier needs. Electron's default menu
// offers Reload and Toggle Developer Tools, and from DevTools every `window.counter.*` call is
// one line away (issue 12). A developer's unpackaged `npm start` keeps the default menu.
import { Menu, type MenuItemConstructorOptions } from 'electron';

/** Quit, the clipboard (invoice numbers are pasted) and zoom; no reload, no developer tools. */
export function cashierMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] };
  const quit: MenuItemConstructorOptions = { role: 'quit' };
  // macOS puts Quit in the application's own menu; elsewhere it goes under File.
  const first: MenuItemConstructorOptions = platform === 'darwin' ? { label: 'Fusion Clover Counter', submenu: [{ role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' }, quit] } : { label: 'File', submenu: [quit] };
  return [first, edit, view];
}

export function applyAppMenu(packaged: boolean, platform: NodeJS.Platform = process.platform): void {
  if (!packaged) return;
  Menu.setApplicationMenu(Menu.buildFromTemplate(cashierMenuTemplate(platform)));
}
