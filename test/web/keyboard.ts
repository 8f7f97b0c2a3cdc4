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
  return {
    key,
    ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
  };
})()`;

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
    expect(f, `focus on ${f.key} is not visible (after ${stops.join(' → ')})`).toMatchObject({ ring: true, onScreen: true });
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
    expect(f, `focus on ${f.key} is not visible`).toMatchObject({ ring: true, onScreen: true });
    stops.push(f.key);
  }
  return stops;
}
