// A packaged build shows a cashier's menu and no developer tools (issue 12: from DevTools every
// window.counter call is reachable). Electron cannot run here, so its module is replaced by a
// stand-in that records the menu and the window options; the built main is checked statically.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const seen: { menu: unknown; windows: Array<{ webPreferences: Record<string, unknown> }> } = { menu: undefined, windows: [] };
vi.mock('electron', () => ({
  Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: (menu: unknown) => (seen.menu = menu) },
  BrowserWindow: class {
    webContents = { on() {}, setWindowOpenHandler() {} };
    constructor(options: { webPreferences: Record<string, unknown> }) {
      seen.windows.push(options);
    }
    once() {}
  },
  session: { defaultSession: {} },
  protocol: {},
  net: {},
}));

const { applyAppMenu, cashierMenuTemplate } = await import('../../src/main/app-menu');
const { createSecureWindow } = await import('../../src/main/secure-window');

type Item = { role?: string; label?: string; submenu?: Item[] };
const roles = (items: Item[]): string[] => items.flatMap((i) => [...(i.role ? [i.role.toLowerCase()] : []), ...roles(i.submenu ?? [])]);
const FORBIDDEN = ['toggledevtools', 'reload', 'forcereload', 'viewmenu', 'windowmenu', 'help'];

beforeEach(() => {
  seen.menu = undefined;
  seen.windows = [];
});

describe('packaged build', () => {
  it('sets a menu with Quit and the clipboard, and no reload or developer tools, on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const all = roles(cashierMenuTemplate(platform) as Item[]);
      expect(all).toContain('quit');
      expect(all).toContain('paste');
      for (const role of FORBIDDEN) expect(all, `${platform} ${role}`).not.toContain(role);
    }
    applyAppMenu(true, 'linux');
    expect(roles((seen.menu as { template: Item[] }).template)).not.toContain('toggledevtools');
  });

  it('leaves the default menu to an unpackaged (developer) build', () => {
    applyAppMenu(false, 'linux');
    expect(seen.menu).toBeUndefined();
  });

  it('opens the window with developer tools off when asked, still sandboxed', () => {
    createSecureWindow('/preload/index.cjs', { devTools: false });
    expect(seen.windows[0]!.webPreferences).toMatchObject({ devTools: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
  });

  it('the app entry ties both to app.isPackaged (source, and the build when there is one)', () => {
    const sources = [readFileSync(join(process.cwd(), 'src/main/index.ts'), 'utf8')];
    const built = join(process.cwd(), 'out/main/index.js');
    if (existsSync(built)) sources.push(readFileSync(built, 'utf8')); // npm test builds it first
    for (const code of sources) {
      expect(code).toMatch(/applyAppMenu\(\s*(?:electron\.)?app\.isPackaged\s*\)|setApplicationMenu\(/);
      expect(code).toMatch(/devTools:\s*!(?:electron\.)?app\.isPackaged/);
      expect(code).not.toMatch(/openDevTools\(/);
    }
  });
});
