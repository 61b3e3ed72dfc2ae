// Keyboard checks for one screen (issue 15): Tab goes round every control once, in reading
// order, and each shows a focus ring a cashier can see at the counter (WCAG 2.1.1, 2.4.3, 2.4.7,
// and 3:1 against what is around it, 1.4.11). axe cannot check this: it reads the page at rest.
import { expect, type Page } from '@playwright/test';

export interface TabStop {
  /** e.g. `button "Pay on terminal"@412,630`: its kind, name and layout position. */
  id: string;
  /** Top-level part of the window it is in: banners, header, main or syncbar. */
  area: string;
  /** Layout position (offsets: scrolling does not move it). */
  top: number;
  left: number;
  right: number;
  /** What is wrong with how it shows focus, or null. */
  ringProblem: string | null;
  onScreen: boolean;
}

const MAX_STOPS = 150;
type Mode = 'focused' | 'tabbable';
const AREA_ORDER = ['banners', 'header', 'main', 'syncbar'];

/**
 * In the page: the focused element and how it shows focus (mode 'focused'), or every control Tab
 * should reach (mode 'tabbable': enabled, rendered, one per radio group). One function, so both
 * name things alike.
 */
function inspect(mode: Mode): TabStop[] {
  const parse = (css: string): number[] | null => {
    const m = css.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
  };
  const luminance = (c: number[]) => {
    const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(c[0]!) + 0.7152 * lin(c[1]!) + 0.0722 * lin(c[2]!);
  };
  const ringProblemOf = (el: HTMLElement): string | null => {
    // On a date field's calendar button focus is inside the browser's own control (the field
    // does not match :focus): Chromium draws that ring itself, and no page style reaches it.
    if (el.matches('input[type="date"]') && !el.matches(':focus')) return null;
    const style = getComputedStyle(el);
    const ring = parse(style.outlineColor);
    if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2 || !ring || ring[3]! < 0.5) return `no focus ring (outline: ${style.outlineStyle} ${style.outlineWidth})`;
    // The ring sits outside the control (outline-offset), on the first opaque background above it.
    let background = [255, 255, 255];
    for (let p = el.parentElement; p; p = p.parentElement) {
      const bg = parse(getComputedStyle(p).backgroundColor);
      if (bg && bg[3]! > 0.5) {
        background = bg;
        break;
      }
    }
    const [hi, lo] = [luminance(ring), luminance(background)].sort((x, y) => y - x) as [number, number];
    const contrast = (hi + 0.05) / (lo + 0.05);
    return contrast < 3 ? `focus ring ${style.outlineColor} on rgb(${background.slice(0, 3).join(', ')}): contrast ${contrast.toFixed(2)}, under 3` : null;
  };
  const describe = (el: HTMLElement): TabStop => {
    let top = 0;
    let left = 0;
    for (let p: HTMLElement | null = el; p; p = p.offsetParent as HTMLElement | null) {
      top += p.offsetTop;
      left += p.offsetLeft;
    }
    const rect = el.getBoundingClientRect();
    const area = el.closest('.banners, .banner, header, main, .syncbar');
    const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute('title') ?? el.textContent ?? '';
    const type = el.getAttribute('type');
    return {
      id: `${el.tagName.toLowerCase()}${type ? `[${type}]` : ''} "${label.replace(/\s+/g, ' ').trim().slice(0, 60)}"@${top},${left}`,
      area: !area ? 'outside' : area.matches('main, header') ? area.tagName.toLowerCase() : area.matches('.syncbar') ? 'syncbar' : 'banners',
      top,
      left,
      right: left + el.offsetWidth,
      ringProblem: null,
      onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth,
    };
  };
  if (mode === 'focused') {
    const el = document.activeElement as HTMLElement | null;
    return el && el !== document.body ? [{ ...describe(el), ringProblem: ringProblemOf(el) }] : [];
  }
  const radioGroups = new Set<string>();
  const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter((el) => {
    if ((el as HTMLButtonElement).disabled || el.tabIndex < 0 || el.closest('[inert], [hidden]') || (el as HTMLInputElement).type === 'hidden') return false;
    if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') return false;
    const radio = el as HTMLInputElement;
    if (radio.type === 'radio') {
      if (radioGroups.has(radio.name)) return false;
      radioGroups.add(radio.name);
    }
    return true;
  });
  return controls.map(describe);
}

/** Presses Tab until focus comes back round; the stops from the top of the window. */
export async function tabRound(page: Page): Promise<TabStop[]> {
  const seen: Array<TabStop | null> = [];
  while (seen.length < MAX_STOPS) {
    await page.keyboard.press('Tab');
    const stop = (await page.evaluate<TabStop[], Mode>(inspect, 'focused'))[0] ?? null;
    const first = seen.find((s) => s !== null);
    if (stop && first && first.id === stop.id && seen.length > 1) break;
    // A date field is several stops (day, month, year, calendar button): one control, each ringed.
    const last = seen.at(-1);
    if (stop && last && last.id === stop.id) last.ringProblem ??= stop.ringProblem;
    else seen.push(stop);
  }
  // Past the last control focus leaves the page (no stop) before it starts again at the top.
  const wrap = seen.lastIndexOf(null);
  const round = wrap >= 0 ? [...seen.slice(wrap + 1), ...seen.slice(0, wrap)] : seen;
  return round.filter((s): s is TabStop => s !== null);
}

/** Next stop in reading order: level or further down, or to the right (the next column). */
function followsReadingOrder(a: TabStop, b: TabStop): boolean {
  if (a.area !== b.area) return true; // the window's parts are checked in order on their own
  return b.top >= a.top - 4 || b.left >= a.right - 4;
}

/** Tabs round the screen; fails, listing the stops, if a control is missed, off screen, ringless or out of order. */
export async function expectKeyboardWalk(page: Page, state: string): Promise<TabStop[]> {
  const positive = await page.locator('[tabindex]').evaluateAll((els) => els.filter((e) => Number(e.getAttribute('tabindex')) > 0).length);
  const before = await page.evaluate<TabStop[], Mode>(inspect, 'tabbable');
  const stops = await tabRound(page);
  // A control counts as missed only if it was there all along (a list may re-render meanwhile).
  const after = new Set((await page.evaluate<TabStop[], Mode>(inspect, 'tabbable')).map((c) => c.id));
  const controls = before.filter((c) => after.has(c.id));
  const problems: string[] = [];
  if (positive > 0) problems.push(`${positive} element(s) with a positive tabindex: focus order no longer follows the page`);
  const reached = new Set(stops.map((s) => s.id));
  for (const c of controls) if (!reached.has(c.id)) problems.push(`${c.id} is never reached with Tab`);
  stops.forEach((s, i) => {
    if (!s.onScreen) problems.push(`${s.id} is focused but not on screen`);
    if (s.ringProblem) problems.push(`${s.id}: ${s.ringProblem}`);
    const prev = stops[i - 1];
    if (prev && !followsReadingOrder(prev, s)) problems.push(`${prev.id} then ${s.id}: focus goes back up and to the left`);
  });
  const areas = [...new Set(stops.map((s) => s.area))];
  const ordered = [...areas].sort((x, y) => AREA_ORDER.indexOf(x) - AREA_ORDER.indexOf(y));
  if (areas.join() !== ordered.join()) problems.push(`the window's parts in the wrong order: ${areas.join(', ')}`);
  if (!areas.includes('main')) problems.push('Tab never reaches the screen itself');
  expect(problems, `${state}; tab stops:\n${stops.map((s) => `  ${s.area} ${s.id}`).join('\n')}`).toEqual([]);
  return stops;
}
