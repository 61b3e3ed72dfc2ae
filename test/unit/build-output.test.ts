// What only a real Electron would reveal, checked statically on the build output
// (`npm test` runs `electron-vite build` first). Electron itself cannot run on the build machines.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const out = join(process.cwd(), 'out');

describe('electron build output', () => {
  it('exists (npm test builds it before the tests)', () => {
    expect(existsSync(join(out, 'main', 'index.js')), 'run `npm run build` first').toBe(true);
  });

  it('has ONE CommonJS preload file, which a sandboxed window can load', () => {
    const files = readdirSync(join(out, 'preload'));
    expect(files).toEqual(['index.cjs']);
    const code = readFileSync(join(out, 'preload', 'index.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/\bexport\s+(?:default|\{|const|function)/);
    // A sandboxed preload can require only 'electron' (no relative files, no packages).
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('main points the window at that preload and keeps the sandbox on', () => {
    const main = readFileSync(join(out, 'main', 'index.js'), 'utf8');
    expect(main).toContain('preload/index.cjs');
    expect(main).toMatch(/sandbox:\s*true/);
    expect(main).toMatch(/contextIsolation:\s*true/);
    expect(main).toMatch(/nodeIntegration:\s*false/);
    expect(main).not.toMatch(/loadFile\(|file:\/\/\//);
  });

  it('registers the custom protocol before app ready', () => {
    const main = readFileSync(join(out, 'main', 'index.js'), 'utf8');
    const register = main.indexOf('registerSchemesAsPrivileged');
    const call = main.search(/^registerAppSchemeAsPrivileged\(\)/m);
    const ready = main.indexOf('whenReady');
    expect(register).toBeGreaterThan(-1);
    expect(call).toBeGreaterThan(-1);
    expect(call).toBeLessThan(ready);
  });

  it('unpacks native modules from the asar and sets the fuses', () => {
    const cfg = parse(readFileSync(join(process.cwd(), 'electron-builder.yml'), 'utf8'));
    expect(cfg.asar).toBe(true);
    expect(cfg.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/*.node']));
    expect(cfg.electronFuses).toMatchObject({ runAsNode: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });
});
