#!/usr/bin/env node
// `npm test`: lint, type-check, build, unit + integration tests (vitest), browser tests
// (Playwright, when configured), then one closing line "Tests: N passed, N failed, N skipped".
// Everything runs inside a private D-Bus session with an unlocked gnome-keyring when those are
// installed, so keychain tests use a real Secret Service without touching the user's own.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (!process.env.COUNTER_TEST_KEYRING && have('dbus-run-session') && have('gnome-keyring-daemon')) {
  const self = [process.execPath, ...process.argv.slice(1)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // A fresh keyring folder each run: an existing login keyring with another password would stay locked.
  const inner = `export XDG_DATA_HOME=$(mktemp -d); echo -n counter-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; COUNTER_TEST_KEYRING=1 exec ${self}`;
  const r = spawnSync('dbus-run-session', ['--', 'bash', '-c', inner], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (!process.env.COUNTER_TEST_KEYRING && process.env.CI === 'true') {
  console.error('CI needs dbus-run-session and gnome-keyring-daemon (Debian: dbus gnome-keyring libsecret-tools)');
  process.exit(1);
}

const root = process.cwd();
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

// Every temporary data folder, ledger and keyring the tests make goes under one folder for
// this run, removed at the end, so repeated runs do not fill the machine's /tmp.
const runTmp = mkdtempSync(join(tmpdir(), 'counter-test-run-'));
chmodSync(runTmp, 0o1777); // like /tmp: some tests open files as another user (read-only ledger)
process.env.TMPDIR = runTmp;
process.on('exit', () => rmSync(runTmp, { recursive: true, force: true }));

const failedSteps = [];
function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failedSteps.push(name);
  return r.status === 0;
}

step('lint', 'eslint', ['.', '--max-warnings=0']);
step('typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.json']);
// The build output is checked statically by test/unit/build-output.test.ts.
step('build', 'electron-vite', ['build', '--logLevel', 'warn']);
// Electron security lint of the sources and the built bundle; HIGH/MEDIUM findings fail.
step('electronegativity', process.execPath, ['scripts/electronegativity.mjs', 'src', 'out']);

const vitestJson = join(results, 'vitest.json');
step('vitest', 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`, ...process.argv.slice(2)]);

const playwrightJson = join(results, 'playwright.json');
if (existsSync(join(root, 'playwright.config.ts'))) {
  step('playwright', 'playwright', ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
}

// One closing line that any CI reader understands.
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else failedSteps.push('vitest (no report)');
if (existsSync(playwrightJson)) {
  const p = JSON.parse(readFileSync(playwrightJson, 'utf8'));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
  skipped += p.stats?.skipped ?? 0;
}
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
if (failedSteps.length && failed === 0) failed = failedSteps.length;
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
