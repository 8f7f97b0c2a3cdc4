/**
 * Renders the feedback report in headless Chromium (Debian's `chromium`, through playwright-core), fails on any
 * console error, and writes a PNG. By default it reports on simulated feedback in a throwaway store; pass
 * --db FILE to screenshot a real store instead.
 *
 *   npx tsx scripts/report-screenshot.ts [--db .rounds/rounds.db] [--out docs/screenshots/report.png] [--html report.html]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { seedDemoFeedback } from '../src/store/demo-feedback.js';
import { buildReport, renderReportHtml, renderReportText } from '../src/store/report.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { launchChromium } from '../test/web/browser.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    out: { type: 'string', default: 'docs/screenshots/report.png' },
    html: { type: 'string' },
  },
});

const tmp = mkdtempSync(join(tmpdir(), 'rounds-report-'));
try {
  let now = new Date('2025-03-22T18:00:00Z');
  const clock = { now: () => now };
  const store = openSqliteStore({ path: values.db ? resolve(values.db) : join(tmp, 'demo.db'), clock });
  if (!values.db) await seedDemoFeedback(store, { setTime: (iso) => (now = new Date(iso)) });
  const data = await buildReport(store, { now: new Date('2025-03-22T18:00:00Z') });
  await store.close();
  const htmlPath = values.html ? resolve(values.html) : join(tmp, 'report.html');
  writeFileSync(htmlPath, renderReportHtml(data));
  process.stdout.write(renderReportText(data));

  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // The report must need nothing from the network: any request other than the file itself is a defect.
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) problems.push(`external request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    const charts = await page.locator('svg').count();
    if (charts < 5) problems.push(`expected 5 charts, found ${charts}`);
    const out = resolve(values.out ?? 'docs/screenshots/report.png');
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    process.stdout.write(`wrote ${out} (${charts} charts)\n`);
  } finally {
    await browser.close();
  }
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exitCode = 1;
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
