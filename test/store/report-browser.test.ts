/** The report file opens in headless Chromium with no console error, no script error and no network request. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoFeedback } from '../../src/store/demo-feedback.js';
import { buildReport, renderReportHtml } from '../../src/store/report.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { chromiumMissing, launchChromium } from '../web/browser.js';
import { tempDir } from './factories.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe.skipIf(chromiumMissing)('report in Chromium', () => {
  it('renders every chart with no console error or external request', async () => {
    let now = new Date('2025-03-01T00:00:00Z');
    const store = openSqliteStore({ path: join(tmp.dir, 'rounds.db'), clock: { now: () => now } });
    await seedDemoFeedback(store, { answers: 80, setTime: (iso) => (now = new Date(iso)) });
    const html = join(tmp.dir, 'report.html');
    writeFileSync(html, renderReportHtml(await buildReport(store)));
    await store.close();

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith('file://')) problems.push(`request ${r.url()}`);
      });
      await page.goto(pathToFileURL(html).href);
      expect(await page.locator('svg').count()).toBe(5);
      expect(await page.locator('svg rect').count()).toBeGreaterThan(20);
      expect(await page.getByRole('heading', { name: 'Answers needing review' }).count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
