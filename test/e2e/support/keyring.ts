// The bridge keeps Clover tokens in the OS keychain and refuses to run without one (never a
// plain-text fallback). Tests get a private D-Bus session with an unlocked gnome-keyring whose
// files live in a temp folder, like scripts/test.mjs does for vitest.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateKeyring {
  busAddress: string;
  stop(): void;
}

const SCRIPT = 'echo -n counter-e2e | gnome-keyring-daemon --unlock --components=secrets >/dev/null; echo "BUS=$DBUS_SESSION_BUS_ADDRESS"; exec sleep 86400';

export function startPrivateKeyring(): Promise<PrivateKeyring> {
  const home = mkdtempSync(join(tmpdir(), 'counter-e2e-keyring-'));
  const proc = spawn('dbus-run-session', ['--', 'bash', '-c', SCRIPT], {
    env: { ...process.env, XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), XDG_RUNTIME_DIR: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stop() ends the bus, the keyring and the sleeper together
  });
  const stop = () => {
    try {
      process.kill(-proc.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(home, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no private keyring (dbus-run-session + gnome-keyring-daemon): ${err}`));
    }, 20_000);
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    proc.stdout!.on('data', (c: Buffer) => {
      const m = /BUS=(\S+)/.exec(c.toString());
      if (!m) return;
      clearTimeout(timer);
      resolve({ busAddress: m[1]!, stop });
    });
    proc.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`dbus-run-session could not start (apt install dbus gnome-keyring): ${e.message}`));
    });
  });
}
