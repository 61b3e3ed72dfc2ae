#!/usr/bin/env node
// Runs Doyensec's electronegativity on the Electron sources and on the built output, and fails
// on any HIGH or MEDIUM finding. The tool itself always exits 0, so its report is checked here.
// (Its CLI is broken with a hoisted commander; its runner API is used instead.)
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
// The tool fetches translations from the internet on every start (there is none here, and it
// should not phone out from CI): its i18n loader is replaced by the same setup, local only.
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const toolRequire = createRequire(join(toolDir, 'dist', 'index.js'));
const i18nPath = toolRequire.resolve('./locales/i18n.js');
const localI18n = async () => {
  const i18n = toolRequire('i18n');
  i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: dirname(i18nPath), updateFiles: false, objectNotation: true, register: global });
  i18n.setLocale('en-US');
};
toolRequire.cache[i18nPath] = { id: i18nPath, filename: i18nPath, loaded: true, exports: Object.assign(localI18n, { default: localI18n }) };
const run = require('@doyensec/electronegativity/dist/runner.js');
const ELECTRON_VERSION = require('electron/package.json').version;
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['src', 'out'];

let bad = 0;
for (const target of targets) {
  const result = await run({
    input: resolve(target),
    customScan: [],
    // AvailableSecurityFixes asks the network for Electron releases (there is none here); the
    // Electron version is pinned in package.json and reviewed when it is bumped.
    // In the bundle the source's reviewed-by-hand markers (eng-disable) are gone: the source
    // scan holds those checks.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck', ...(target === 'out' ? ['PreloadJSCheck', 'OpenExternalJSCheck'] : [])],
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: ELECTRON_VERSION,
    parserPlugins: [],
  }, false);
  for (const error of result.errors ?? []) console.log(`note ${target}: could not parse ${error.file ?? ''} (${error.message ?? error.error ?? 'error'})`);
  for (const issue of result.issues ?? []) {
    const severity = String(issue.severity?.name ?? issue.severity ?? '').toUpperCase();
    const line = `${severity.padEnd(13)} ${issue.id} ${issue.file}:${issue.location?.line ?? '?'} ${issue.manualReview ? '(manual review)' : ''}`;
    if (severity === 'HIGH' || severity === 'MEDIUM') {
      bad++;
      console.log(`FAIL ${line}`);
    } else console.log(`ok   ${line}`);
  }
}
console.log(bad ? `electronegativity: ${bad} HIGH/MEDIUM finding(s)` : 'electronegativity: no HIGH or MEDIUM finding');
process.exit(bad ? 1 : 0);
