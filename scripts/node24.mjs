#!/usr/bin/env node
// Runs a command under Node 24, the project's runtime. better-sqlite3 13 (and Electron's
// bundled Node) need it; the build machines ship Node 20. Where the current node is not 24,
// Node 24 comes from the npm registry package node-<platform>-<arch>@24 into an ignored
// folder (.tools/), which is then put first on PATH for the command.
// Usage: node scripts/node24.mjs <command> [args...]
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WANTED_MAJOR = 24;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/node24.mjs <command> [args...]');
  process.exit(2);
}

function node24BinDir() {
  if (Number(process.versions.node.split('.')[0]) === WANTED_MAJOR) return dirname(process.execPath);
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const pkg = `node-${platform}-${process.arch}`;
  const prefix = join(root, '.tools', `node${WANTED_MAJOR}`);
  const bin = join(prefix, 'node_modules', pkg, 'bin');
  if (!existsSync(join(bin, 'node'))) {
    console.error(`[node24] Node ${process.versions.node} found; installing ${pkg}@${WANTED_MAJOR} into .tools/ ...`);
    mkdirSync(prefix, { recursive: true });
    try {
      execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund',
        '--prefix', prefix, `${pkg}@${WANTED_MAJOR}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      console.error(`[node24] could not install ${pkg}@${WANTED_MAJOR}; install Node ${WANTED_MAJOR} yourself.`);
      process.exit(2);
    }
  }
  return bin;
}

const binDir = node24BinDir();
const PATH = [binDir, join(root, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter);
const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, PATH }, shell: process.platform === 'win32' });
if (result.error) {
  console.error(`[node24] ${command}: ${result.error.message}`);
  process.exit(127);
}
process.exit(result.status ?? (result.signal ? 128 + 1 : 1));
