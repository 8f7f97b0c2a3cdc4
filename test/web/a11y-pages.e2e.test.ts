/**
 * axe (WCAG 2.2 A and AA) on every page and state of the playground and the review console, in headless Chromium,
 * in the light and the dark colour scheme (the pages set one palette; the dark run proves the browser's dark
 * preference changes nothing that would break contrast). Each state is reached the way a user reaches it, over
 * the real HTTP routes, and each check first asserts the state is really on screen, so a page that failed to
 * reach its state cannot pass by having nothing to check. The standalone feedback report and the OpenID Connect
 * pages are checked in a11y-report.e2e.test.ts and oidc/sign-in-browser.test.ts.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSignInProblem, renderSigningOut } from '../../adapters/web/review-page.js';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';
import { axe } from './axe.js';
import { launchChromium } from './browser.js';
import { createFakeService } from './fake-service.js';
import { SECRET, startWeb, type WebHarness } from './harness.js';

let browser: Browser;
let h: WebHarness;
let faulty: WebHarness;
let off: WebHarness;
const fake = createFakeService();

beforeAll(async () => {
  [h, faulty, off] = await Promise.all([
    startWeb(fake),
    startWeb(createFakeService({ askFault: new RoundsError(ErrorCode.ChromaUnavailable, 'Chroma at http://x is unreachable') })),
    startWeb(createFakeService(), { REVIEW_SECRET: '' }),
  ]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([h?.close(), faulty?.close(), off?.close()]);
});

/** Runs axe on the page as it stands and asserts no WCAG 2.2 A/AA violation (and that axe did check something). */
async function expectAccessible(page: Page, state: string): Promise<void> {
  const run = await axe(page);
  expect({ state, violations: run.violations }).toEqual({ state, violations: [] });
  expect(run.passes, `${state}: axe found nothing to check`).toBeGreaterThan(5);
}

async function ask(page: Page, profile: string, question: string): Promise<ReturnType<Page['locator']>> {
  // A change of profile starts a new conversation (an empty thread): count after it.
  await page.selectOption('#profile', profile);
  const before = await page.locator('#thread > .msg').count();
  await page.fill('#question', question);
  await page.click('#ask-button');
  const reply = page.locator('#thread > .msg').nth(before + 1);
  await reply.waitFor();
  await expect.poll(() => page.locator('#ask-button').isDisabled()).toBe(false);
  return reply;
}

async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/review`);
  if (await page.locator('form[aria-label=Filters]').isVisible()) return;
  await page.fill('#reviewer', 'pharm.lee');
  await page.fill('#secret', SECRET);
  await page.click('button[type=submit]');
  await page.locator('form[aria-label=Filters]').waitFor();
}

describe.each(['light', 'dark'] as const)('WCAG 2.2 AA with axe (%s colour scheme)', (colorScheme) => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  it('the playground: empty, an answer, an open citation, the 👎 reason form, a saved rating', async () => {
    await page.goto(`${h.url}/`);
    await expectAccessible(page, 'empty playground');

    const reply = await ask(page, 'pharmacy', 'What is the vancomycin loading dose per kg of actual body weight?');
    const answer = reply.locator('article.answer');
    expect(await answer.getAttribute('data-status')).toBe('answered');
    await expectAccessible(page, 'an answer');

    await answer.locator('a.cite').first().click();
    expect(await answer.locator('ol.sources details').first().getAttribute('open')).not.toBeNull();
    await expectAccessible(page, 'an answer with its source open');

    await answer.locator('[data-rate=down]').click();
    const form = reply.locator('form.down-form');
    await form.waitFor({ state: 'visible' });
    await expectAccessible(page, 'the 👎 reason form');

    await form.locator('button[type=submit]').click();
    await expect.poll(() => answer.locator('[data-feedback-status]').textContent()).toContain('recorded 👎');
    expect(await page.locator('#follow-up-row').isVisible()).toBe(true);
    await expectAccessible(page, 'a saved rating, follow-up offered');
  });

  it('the playground: an abstention, an escalation contact and errors', async () => {
    await page.goto(`${h.url}/`);
    const abstained = await ask(page, 'general', 'Which sourdough starter ratio for rye bread?');
    expect(await abstained.locator('article.answer').getAttribute('data-status')).toBe('insufficient_evidence');
    await expectAccessible(page, 'an abstention');

    const escalated = await ask(page, 'pharmacy', 'Which sourdough starter ratio for rye bread?');
    expect(await escalated.textContent()).toContain('#pharmacy-oncall');
    await expectAccessible(page, 'an abstention with its escalation contact');

    // A fault on the server (Chroma down): the reply is the apology with its reference.
    await page.goto(`${faulty.url}/`);
    const failed = await ask(page, 'general', 'What is the hour-1 sepsis bundle?');
    expect(await failed.locator('.error').textContent()).toMatch(/reference|try again/i);
    await expectAccessible(page, 'a server fault');

    // The server cannot be reached at all.
    await page.goto(`${h.url}/`);
    await page.route('**/api/ask', (route) => route.abort());
    const unreachable = await ask(page, 'general', 'What is the hour-1 sepsis bundle?');
    expect(await unreachable.textContent()).toContain('Could not reach Rounds');
    await expectAccessible(page, 'the server unreachable');
    await page.unroute('**/api/ask');
  });

  it('the review console: sign-in, a refused sign-in, the list, a record, the report charts, filters and errors', async () => {
    // Something to review: an answer rated 👎 with a reason, and an abstention (a knowledge gap).
    const p = await context.newPage();
    await p.goto(`${h.url}/`);
    await ask(p, 'pharmacy', 'What is the vancomycin loading dose per kg of actual body weight?');
    await p.close();

    await page.goto(`${off.url}/review`);
    expect(await page.textContent('main')).toContain('The review console is off');
    await expectAccessible(page, 'review console switched off');

    await page.goto(`${h.url}/review`);
    expect(await page.locator('#secret').isVisible()).toBe(true);
    // The title says which page and what just happened: screen readers announce it when a page loads.
    expect(await page.title()).toBe('Sign in – Rounds review console');
    await expectAccessible(page, 'sign-in');

    await page.fill('#reviewer', 'pharm.lee');
    await page.fill('#secret', 'not-the-secret-at-all');
    await page.click('button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('not correct');
    expect(await page.title()).toBe('Error: That secret is not correct. – Rounds review console');
    await expectAccessible(page, 'sign-in refused');

    await logIn(page, h.url);
    expect(await page.locator('section[aria-label=Answers] article').count()).toBeGreaterThan(1);
    await expectAccessible(page, 'the review console list');

    const record = page.locator('section[aria-label=Answers] article').first();
    await record.locator('details.audit summary').click();
    expect(await record.locator('details.audit table').first().isVisible()).toBe(true);
    await expectAccessible(page, 'one record with its audit record open');

    await page.locator('details.charts > summary').click();
    expect(await page.locator('details.charts svg').first().isVisible()).toBe(true);
    await expectAccessible(page, 'the feedback report charts');
    await page.evaluate(`document.querySelectorAll('details.chart-data').forEach((d) => { d.open = true; })`);
    expect(await page.locator('details.charts table').first().isVisible()).toBe(true);
    await expectAccessible(page, 'the feedback report charts with their numbers');

    await record.locator('input[name=value][value=down]').check();
    await record.locator('select[name=reason]').selectOption('unsafe');
    await record.locator('button', { hasText: 'Save rating' }).click();
    await page.locator('[role=status]', { hasText: 'Rating saved.' }).waitFor();
    expect(await page.title()).toBe('Rating saved. – Rounds review console');
    await expectAccessible(page, 'a reviewer rating saved');

    await page.goto(`${h.url}/review?label=bogus&rating=up&collection=none`);
    expect(await page.textContent('[role=alert]')).toContain('Unknown confidence label');
    expect(await page.title()).toMatch(/^Error: Unknown confidence label "bogus"/);
    await expectAccessible(page, 'a filter error');

    await page.goto(`${h.url}/review?collection=no-such-collection`);
    expect(await page.textContent('main')).toContain('No answers match');
    await expectAccessible(page, 'no answers match');

    await page.locator('button', { hasText: 'Sign out' }).click();
    await page.waitForURL(/signed-out/);
    expect(await page.textContent('main')).toContain('You are signed out');
    expect(await page.title()).toBe('Signed out – Rounds review console');
    await expectAccessible(page, 'signed out');
  });

  it('the review console when the feedback store cannot be read', async () => {
    await logIn(page, h.url);
    const list = fake.store.listAnswers.bind(fake.store);
    fake.store.listAnswers = async () => {
      throw new RoundsError(ErrorCode.StoreFailed, 'disk gone');
    };
    try {
      await page.goto(`${h.url}/review`);
      expect(await page.textContent('[role=alert]')).toContain('feedback store is not available');
      await expectAccessible(page, 'the store unavailable');
    } finally {
      fake.store.listAnswers = list;
    }
  });
});

describe.each([375, 320])('WCAG 2.2 AA with axe on a %i px wide phone', (width) => {
  it('the playground with an answer and the console record with its wide tables open', async () => {
    const context = await browser.newContext({ viewport: { width, height: 740 } });
    try {
      const page = await context.newPage();
      await page.goto(`${h.url}/`);
      const reply = await ask(page, 'pharmacy', 'What is the vancomycin loading dose per kg of actual body weight?');
      await reply.locator('a.cite').first().click();
      await expectAccessible(page, `an answer with its source open at ${width} px`);

      await logIn(page, h.url);
      const record = page.locator('section[aria-label=Answers] article').first();
      await record.locator('details.audit summary').click();
      const scroller = record.locator('details.audit .table-wrap').first();
      // The sources table is wider than the screen: its scroller is what a keyboard must be able to reach.
      expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      expect(await scroller.getAttribute('tabindex')).toBe('0');
      expect(await scroller.getAttribute('aria-label')).toMatch(/^Sources quoted in answer /);
      await expectAccessible(page, `one record with its audit record open at ${width} px`);
    } finally {
      await context.close();
    }
  });
});

describe('pages the browser only passes through, and the check itself', () => {
  it('the "signed in" and "signing out" pages (each is replaced within the second) pass too', async () => {
    const page = await browser.newPage();
    for (const [state, html] of [
      ['signed in, opening the console', renderSignInProblem('n', 'Signed in', 'Opening the review console…')],
      ['signing out at the provider', renderSigningOut('n', 'https://idp.example/logout?state=1')],
    ] as const) {
      await page.setContent(html);
      await expectAccessible(page, state);
    }
    await page.close();
  });

  it('axe does report what these pages must not have: the check can fail', async () => {
    const page = await browser.newPage();
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body><main>
      <p style="color:#aaa;background:#fff">Low-contrast text</p><input type="text"><button></button></main></body></html>`);
    const rules = (await axe(page)).violations.map((v) => v.split(' ')[0]);
    expect(rules).toEqual(expect.arrayContaining(['color-contrast', 'label', 'button-name']));
    await page.close();
  });
});
