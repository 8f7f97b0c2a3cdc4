/**
 * The feedback report (`rounds feedback report`, the same charts as the review console's) in headless Chromium:
 * axe finds no WCAG 2.2 A/AA violation with every "numbers" table open, in the light and the dark colour scheme,
 * and each chart's table holds the numbers the chart draws (its text equivalent for screen readers, and for
 * anyone who cannot tell the chart's green from its red).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFeedback } from '../../src/store/demo-feedback.js';
import { buildReport, type ReportData, renderReportHtml } from '../../src/store/report.js';
import { pct } from '../../src/store/report-svg.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../store/factories.js';
import { axe } from './axe.js';
import { launchChromium } from './browser.js';

let browser: Browser;
let tmp: ReturnType<typeof tempDir>;
let data: ReportData;
let empty: ReportData;

beforeAll(async () => {
  tmp = tempDir();
  let now = new Date('2025-03-01T00:00:00Z');
  const store = openSqliteStore({ path: join(tmp.dir, 'rounds.db'), clock: { now: () => now } });
  empty = await buildReport(store);
  await seedDemoFeedback(store, { answers: 80, setTime: (iso) => (now = new Date(iso)) });
  data = await buildReport(store);
  await store.close();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  tmp?.cleanup();
});

async function open(html: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const file = join(tmp.dir, `report-${colorScheme}-${Math.random().toString(36).slice(2)}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ colorScheme });
  await page.goto(pathToFileURL(file).href);
  // Every table under its chart open, so axe checks them too (it skips what is hidden).
  await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
  return page;
}

/** The cells of the table with this caption, row by row (header row first). */
async function tableCells(page: Page, caption: string): Promise<string[][]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: caption }) });
  expect(await table.count(), caption).toBe(1);
  return (await table
    .locator('tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from((r as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells, (c) => c.textContent ?? '')),
    )) as string[][];
}

describe.each(['light', 'dark'] as const)('the feedback report (%s colour scheme)', (colorScheme) => {
  it('has no WCAG 2.2 A/AA violation, with ratings or without', async () => {
    for (const [state, report] of [
      ['with three weeks of ratings', data],
      ['before any rating', empty],
    ] as const) {
      const page = await open(renderReportHtml(report), colorScheme);
      const run = await axe(page);
      expect({ state, violations: run.violations }).toEqual({ state, violations: [] });
      expect(run.passes).toBeGreaterThan(5);
      await page.close();
    }
  });
});

describe('the numbers behind each chart', () => {
  it('are in a table beside the chart, equal to what the chart draws', async () => {
    const page = await open(renderReportHtml(data), 'light');
    // Five charts, five sets of numbers.
    expect(await page.locator('section.chart svg[role=img]').count()).toBe(5);
    expect(await page.locator('section.chart details.chart-data table').count()).toBe(6);

    const days = await tableCells(page, 'Ratings per day');
    expect(days[0]).toEqual(['Day', '👍 helpful', '👎 not helpful']);
    expect(days.slice(1)).toEqual(data.overTime.map((d) => [d.day, String(d.up), String(d.down)]));
    expect(data.overTime.reduce((n, d) => n + d.up + d.down, 0)).toBe(data.totals.ratings);

    const labels = await tableCells(page, '👍 rate by confidence label');
    expect(labels.slice(1)).toEqual(data.byLabel.filter((g) => g.ratings > 0).map((g) => [g.key, pct(g.upRate), String(g.ratings)]));
    // The chart draws one bar per rated label, labelled with the same figure.
    for (const g of data.byLabel.filter((x) => x.ratings > 0)) {
      expect(await page.locator('svg text', { hasText: `${pct(g.upRate)} (n=${g.ratings})` }).count()).toBeGreaterThan(0);
    }

    const bins = await tableCells(page, 'by confidence-score band');
    expect(bins.slice(1).map((r) => Number(r[3]))).toEqual(data.reliability.bins.map((b) => b.n));
    const reviewer = await tableCells(page, 'Reviewer-approved share by confidence label');
    expect(reviewer.slice(1).map((r) => r[0])).toEqual(data.byLabel.map((g) => g.key));

    const docs = await tableCells(page, '👍 rate by document (most rated)');
    expect(docs.length - 1).toBe(data.byDocument.slice(0, 15).filter((g) => g.ratings > 0).length);
    await page.close();
  });
});
