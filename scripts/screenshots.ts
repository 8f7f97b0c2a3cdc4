/**
 * Writes screenshots of the playground (/) and the review console (/review), desktop and phone widths, to
 * docs/screenshots/. Starts the web adapter on a random loopback port over the real runtime (throwaway data dir), asks a few questions in
 * headless Chromium, rates one 👎 and logs in to the console. Usage: npm run screenshots
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startHttpServer } from '../adapters/http/server.js';
import { createMetrics, createWebAdapter } from '../adapters/web/index.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/logger.js';
import { createRuntime } from '../src/runtime.js';
import { launchChromium } from '../test/web/browser.js';

const OUT = resolve('docs/screenshots');
const SECRET = 'screenshots-review-secret-0123456789';
// A cited answer, one from the demo pack's Word document (with an identifier to redact), and an abstention.
const QUESTIONS = [
  { profile: 'all', text: 'What is the vancomycin loading dose in septic shock?' },
  { profile: 'all', text: 'Patient MRN 12345678: how do I check an NG tube is in the stomach before a feed?' },
  { profile: 'all', text: 'What is the vancomycin dose for a 3-year-old child?' },
];

async function ask(page: Page, profile: string, text: string): Promise<void> {
  // Changing profile starts a new conversation (clears the thread), so count after choosing it.
  await page.selectOption('#profile', profile);
  const before = await page.locator('article.answer').count();
  await page.fill('#question', text);
  await page.click('#ask-button');
  await page.locator('article.answer').nth(before).waitFor();
}

async function shoot(
  browser: Browser,
  url: string,
  name: string,
  width: number,
  height: number,
  prepare: (page: Page) => Promise<void>,
  fullPage = true,
) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    isMobile: width < 600,
    hasTouch: width < 600,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await prepare(page);
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage });
  await context.close();
  if (errors.length) throw new Error(`console errors on ${name}: ${errors.join('; ')}`);
  console.log(`wrote ${path}`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'rounds-shots-'));
  // A throwaway data dir and the demo knowledge pack: the real runtime (embedded Chroma, SQLite store).
  const config = loadConfig(
    { ROUNDS_DATA_DIR: join(dir, 'data'), KNOWLEDGE_DIR: resolve('knowledge'), REVIEW_SECRET: SECRET, LOG_LEVEL: 'warn' },
    dir,
  );
  const logger = createLogger({ level: 'warn' });
  const runtime = await createRuntime(config, logger, { autoIngest: 'always' });
  const metrics = createMetrics();
  const service = metrics.instrument(runtime.service);
  const adapter = createWebAdapter({ service, config, logger, metrics });
  const http = await startHttpServer({ routes: adapter.routes, port: 0, host: '127.0.0.1', logger });
  const browser = await launchChromium();
  try {
    const playground = async (page: Page) => {
      for (const q of QUESTIONS) await ask(page, q.profile, q.text);
      const first = page.locator('article.answer').first();
      // Clicking [1] opens source 1's snippet, as a reader would.
      await first.locator('a.cite').first().click();
      await first.locator('[data-rate=down]').click();
      await page.locator('form.down-form').first().locator('input[value=outdated_source]').check();
      await page.locator('form.down-form').first().locator('button[type=submit]').click();
      await first.locator('[data-feedback-status]', { hasText: 'recorded' }).waitFor();
      await page.evaluate('window.scrollTo(0, 0)');
    };
    await shoot(browser, `${http.url}/`, 'playground-desktop', 1280, 800, playground);
    await shoot(browser, `${http.url}/`, 'playground-phone', 390, 844, playground);
    // A reviewer's verdicts, so the report's reliability diagram has points to show.
    for (const rec of await runtime.store.listAnswers({ limit: 20 })) {
      const good = rec.answer.status === 'answered';
      await service.rate({
        answerId: rec.answer.id,
        raterId: 'pharm.lee',
        value: good ? 'up' : 'down',
        ...(good ? {} : { reason: 'missing_information' as const }),
        platform: 'web',
        role: 'reviewer',
      });
    }
    const review = async (page: Page) => {
      await page.fill('#reviewer', 'pharm.lee');
      await page.fill('#secret', SECRET);
      await page.click('button[type=submit]');
      await page.locator('article').first().waitFor();
      const first = page.locator('article').first();
      await first.locator('details.audit summary').click();
      // The report's charts have their own screenshot (report.png): keep them folded so the answers show.
      const charts = page.locator('details.charts[open] summary');
      if (await charts.count()) await charts.click();
    };
    await shoot(browser, `${http.url}/review`, 'review-desktop', 1280, 1500, review, false);
    // The console is long: the first screens show the filters, the report charts and the first audit record.
    await shoot(browser, `${http.url}/review`, 'review-phone', 390, 1688, review, false);
  } finally {
    await browser.close();
    await http.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
