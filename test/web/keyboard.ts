/** Keyboard-only helpers for the browser tests: where focus is, whether it shows, and Tab until it gets somewhere. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Focused {
  /** "#id", or the tag with what it says ("button:Rate this answer helpful", "summary:Audit record"). */
  key: string;
  /** A focus indicator is drawn: an outline of at least 2 px (the pages' :focus-visible ring is 3 px). */
  ring: boolean;
  /** Inside the viewport, not hidden behind anything off-screen (WCAG 2.4.11). */
  onScreen: boolean;
  /** Contrast of the ring against the background it is drawn on (WCAG 1.4.11 asks 3:1), 0 without a ring. */
  ringContrast: number;
}

// A string expression: the test tsconfig has no DOM lib.
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { key: 'body', ring: false, onScreen: false };
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const label = el.labels && el.labels[0] ? el.labels[0].textContent : '';
  const what = (el.getAttribute('aria-label') || label || (el.tagName === 'SELECT' ? '' : el.textContent) || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
  const key = el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.type === 'radio' ? '[value=' + el.value + ']' : '') + ':' + what;
  const rgba = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  // The ring is drawn outside the element (outline-offset), over the nearest ancestor's opaque background.
  let bg = [255, 255, 255];
  for (let a = el.parentElement; a; a = a.parentElement) {
    const c = rgba(getComputedStyle(a).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0)) { bg = c; break; }
  }
  const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  const [l1, l2] = [lum(rgba(cs.outlineColor)), lum(bg)].sort((x, y) => y - x);
  return {
    key,
    ring,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
    ringContrast: ring ? Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100 : 0,
  };
})()`;

function expectVisible(f: Focused, before: string[]): void {
  expect(f, `focus on ${f.key} is not visible (after ${before.join(' → ')})`).toMatchObject({ ring: true, onScreen: true });
  expect(f.ringContrast, `focus ring on ${f.key}: contrast ${f.ringContrast}:1`).toBeGreaterThanOrEqual(3);
}

export function focused(page: Page): Promise<Focused> {
  return page.evaluate(FOCUSED) as Promise<Focused>;
}

/** Presses Tab (or Shift+Tab) until focus is on what `want` matches; every stop on the way must show its focus. */
export async function tabTo(page: Page, want: (key: string) => boolean, opts: { back?: boolean; max?: number } = {}): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < (opts.max ?? 40); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    stops.push(f.key);
    expectVisible(f, stops);
    if (want(f.key)) return stops;
  }
  throw new Error(`Tab never reached the target; stops: ${stops.join(' → ')}`);
}

/** Presses Tab n times and returns where focus stopped, checking each stop shows its focus. */
export async function tabStops(page: Page, n: number): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    expectVisible(f, stops);
    stops.push(f.key);
  }
  return stops;
}
