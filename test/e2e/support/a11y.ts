// Accessibility scans (issue 15): axe-core reads the page as it is, for WCAG 2.1 A and AA, in
// English and in French (Canada). Serious and critical findings fail the test; minor and
// moderate ones are printed and attached, so someone sees them without blocking a sale flow.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Language } from '../../../src/renderer/i18n/translate';

export const WCAG_21_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING_IMPACTS = new Set(['serious', 'critical']);
// AxeBuilder evaluates axe-core's 500 kB source before every scan (three times in all), which
// costs several times the scan itself. Where the page has it from an earlier scan, this
// no-op source stands in for it.
const AXE_ALREADY_LOADED = '/* axe-core is on this page from an earlier scan */';

export interface Finding {
  rule: string;
  impact: string;
  help: string;
  helpUrl: string;
  language: string;
  /** One line per element: its selector and what axe says is wrong with it. */
  nodes: string[];
}

/**
 * Frames axe could read. The app's one frame, the receipt preview, is sandboxed without scripts:
 * axe cannot run in it in any mode, so it is left out; a frame that can run scripts is scanned.
 */
async function scriptableFrames(page: Page): Promise<boolean> {
  return page.locator('iframe, frame').evaluateAll((frames) => frames.some((f) => !f.hasAttribute('sandbox') || (f as HTMLIFrameElement).sandbox.contains('allow-scripts')));
}

/** One axe run over the page as it is now, in the language it shows. */
export async function auditPage(page: Page): Promise<Finding[]> {
  const language = (await page.locator('html').getAttribute('lang')) ?? '?';
  const frames = await scriptableFrames(page);
  const loaded = !frames && (await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === 'function'));
  // Legacy mode runs axe in the page itself rather than finishing each scan in a new blank page.
  const results = await new AxeBuilder({ page, axeSource: loaded ? AXE_ALREADY_LOADED : undefined })
    .options({ iframes: frames, resultTypes: ['violations'] })
    .withTags(WCAG_21_AA_TAGS)
    .setLegacyMode(true)
    .analyze();
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    helpUrl: v.helpUrl,
    language,
    nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`),
  }));
}

export function isFailing(finding: Finding): boolean {
  return FAILING_IMPACTS.has(finding.impact);
}

export function describeFindings(findings: Finding[]): string {
  return findings.map((f) => [`[${f.impact}] ${f.rule} (${f.language}): ${f.help} ${f.helpUrl}`, ...f.nodes.map((n) => `    ${n}`)].join('\n')).join('\n');
}

/** Shows the current screen in another language without leaving it (display only, see language-preview.ts). */
export async function showLanguage(page: Page, language: Language): Promise<void> {
  await page.evaluate((l) => window.__counterShowLanguage!(l), language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/**
 * Scans the screen in each language (English and French by default) and puts it back in the
 * language it was in. Throws, naming every element, when a finding is serious or critical.
 */
export async function expectAccessible(page: Page, state: string, languages: readonly Language[] = ['en', 'fr-CA']): Promise<void> {
  const shown = ((await page.locator('html').getAttribute('lang')) ?? 'en') as Language;
  const findings: Finding[] = [];
  try {
    for (const language of languages) {
      await showLanguage(page, language);
      findings.push(...(await auditPage(page)));
    }
  } finally {
    await showLanguage(page, shown);
  }
  const failing = findings.filter(isFailing);
  const listed = findings.filter((f) => !isFailing(f));
  if (findings.length > 0) await test.info().attach(`a11y-${state}.txt`, { body: describeFindings(findings), contentType: 'text/plain' });
  if (listed.length > 0) console.log(`a11y ${state}: ${listed.length} minor or moderate finding(s), not failing:\n${describeFindings(listed)}`);
  if (failing.length > 0) throw new Error(`Accessibility (WCAG 2.1 A/AA) on "${state}": ${failing.length} serious or critical finding(s):\n${describeFindings(failing)}`);
}
