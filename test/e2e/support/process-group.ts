// A tsx child in its own process group: tsx starts a node child of its own, and only a group
// signal reaches both. The group is killed if this test worker exits first, so nothing is left
// running on a data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';

export interface GroupChild {
  proc: ChildProcess;
  killGroup(signal: NodeJS.Signals): void;
  /** Signals the group, escalates to SIGKILL after 10 s, resolves when the child has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnTsxGroup(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): GroupChild {
  const root = process.cwd();
  const proc = spawn(join(root, 'node_modules/.bin/tsx'), [script, ...args], {
    cwd: root,
    // The same Node 24 that runs the tests runs the child (tsx's shebang finds it on PATH).
    env: { ...env, PATH: `${dirname(process.execPath)}:${env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  proc.once('exit', () => process.off('exit', onExit));
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const killer = setTimeout(() => killGroup('SIGKILL'), 10_000);
      proc.once('exit', () => {
        clearTimeout(killer);
        killGroup('SIGKILL'); // nothing of the group may outlive its leader
        resolve();
      });
      killGroup(signal);
    });
  return { proc, killGroup, stop };
}
