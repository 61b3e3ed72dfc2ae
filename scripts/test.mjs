#!/usr/bin/env node
// `npm test`: lint, type-check, unit + integration tests (vitest), browser tests (Playwright,
// when present), then one closing line "Tests: N passed, N failed, N skipped".
// Vitest runs inside a private D-Bus session with an unlocked gnome-keyring when those are
// installed, so keychain tests use a real Secret Service without touching the user's own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

let failedSteps = [];
function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failedSteps.push(name);
  return r.status === 0;
}

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

step('lint', 'eslint', ['.', '--max-warnings=0']);
step('typecheck', 'tsc', ['--noEmit', '-p', 'tsconfig.json']);
// The build output is checked statically by test/unit/build-output.test.ts.
step('build', 'electron-vite', ['build', '--logLevel', 'warn']);

const vitestJson = join(results, 'vitest.json');
const vitestArgs = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`, ...process.argv.slice(2)];
if (!process.env.DBUS_SESSION_BUS_ADDRESS && have('dbus-run-session') && have('gnome-keyring-daemon')) {
  const inner = `echo -n counter-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec vitest ${vitestArgs.map((a) => `'${a}'`).join(' ')}`;
  step('vitest (private keyring)', 'dbus-run-session', ['--', 'bash', '-c', inner], { COUNTER_TEST_KEYRING: '1' });
} else {
  step('vitest', 'vitest', vitestArgs);
}

const playwrightJson = join(results, 'playwright.json');
if (existsSync(join(root, 'playwright.config.ts'))) {
  step('playwright', 'playwright', ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
}

// One closing line that any CI reader understands.
let passed = 0, failed = 0, skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else if (!failedSteps.length) failedSteps.push('vitest (no report)');
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
