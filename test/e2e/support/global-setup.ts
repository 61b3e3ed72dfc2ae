// Before any test: (1) the bridge serves the BUILT renderer (out/renderer), so rebuild it when
// a source is newer than the build; (2) the bridge needs an OS keychain, so start a private
// one for the run (workers inherit DBUS_SESSION_BUS_ADDRESS) and stop it afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startPrivateKeyring } from './keyring';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildRendererIfStale(): void {
  const root = process.cwd();
  const built = join(root, 'out', 'renderer', 'index.html');
  const sources = Math.max(newestMtime(join(root, 'src', 'renderer')), newestMtime(join(root, 'src', 'shared')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('e2e: building the renderer (electron-vite build)...');
  execFileSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
  });
}

export default async function globalSetup(): Promise<(() => void) | undefined> {
  buildRendererIfStale();
  if (process.env.DBUS_SESSION_BUS_ADDRESS) return undefined; // already inside a session with a keyring
  const keyring = await startPrivateKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
  return () => keyring.stop();
}
