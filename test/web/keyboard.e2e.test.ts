/**
 * Keyboard only, in headless Chromium: ask, open a citation, rate 👍 and 👎 with a reason, reach the escalation
 * contact, then sign in to the review console, filter, open a record and the report's numbers, and rate as a
 * reviewer. No click anywhere: Tab, Shift+Tab, Enter, Space, arrows and typing. Every focus stop must show its
 * focus ring, and the order must follow the page. What a screen reader is told is checked on the way: the
 * live-region summary when an answer arrives, and buttons named for what they do.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { createFakeService } from './fake-service.js';
import { SECRET, startWeb, type WebHarness } from './harness.js';
import { focused, tabStops, tabTo } from './keyboard.js';

let browser: Browser;
let h: WebHarness;
const fake = createFakeService();

beforeAll(async () => {
  h = await startWeb(fake);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/** Types a question into the focused textarea, presses Enter, and waits for the live region's summary. */
async function askByKeyboard(page: Page, question: string): Promise<string> {
  expect((await focused(page)).key).toBe('#question');
  await page.keyboard.type(question);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.textContent('#announcer')).toMatch(/^Rounds replied\./);
  return (await page.textContent('#announcer')) ?? '';
}

describe('the playground by keyboard alone', () => {
  it('asks, opens a citation, rates 👍 then 👎 with a reason, and hears each outcome', async () => {
    const page = await newPage();
    await page.goto(`${h.url}/`);
    // Reading order: skip link, header, then the form top to bottom (the follow-up box is hidden until an answer).
    expect(await tabStops(page, 6)).toEqual([
      'a:Skip to main content',
      'a:Review console',
      '#profile',
      '#question',
      '#ask-button',
      '#new-conversation',
    ]);
    await tabTo(page, (k) => k === '#profile', { back: true });
    await page.keyboard.type('pharmacy');
    expect(await page.inputValue('#profile')).toBe('pharmacy');
    await page.keyboard.press('Tab');

    const said = await askByKeyboard(page, 'What is the vancomycin loading dose per kg of actual body weight?');
    const answer = page.locator('article.answer').first();
    const answerId = (await answer.getAttribute('data-answer-id'))!;
    // The live region reads the answer, its label in words and its warnings, not the whole card.
    expect(said).toContain((await answer.locator('.answer-text').textContent())!.trim());
    expect(said).toMatch(/(High|Medium) confidence: Most answers with this label were approved by reviewers\./);
    expect(said).toContain('past its review date');
    expect(said).toContain('1 source listed below the answer.');
    expect(said).not.toContain('Was this helpful');
    // Focus stays in the question box, ready for the next question.
    expect((await focused(page)).key).toBe('#question');

    // Back up into the answer: its controls come in reading order (bottom first, going backwards).
    const back = await tabTo(page, (k) => k === 'a:source 1', { back: true });
    expect(back).toEqual([
      '#profile',
      'button:Rate this answer not helpful',
      'button:Rate this answer helpful',
      expect.stringMatching(/^summary:Vancomycin dosing › Loading dose/),
      'a:source 1',
    ]);
    // Enter on [1] opens the source and puts focus on it, so its title is read and Tab goes on from there.
    await page.keyboard.press('Enter');
    expect((await focused(page)).key).toMatch(/^summary:Vancomycin dosing › Loading dose/);
    expect(await answer.locator('ol.sources details').first().getAttribute('open')).not.toBeNull();
    expect(await answer.locator('blockquote').first().isVisible()).toBe(true);

    await tabTo(page, (k) => k === 'button:Rate this answer helpful');
    await page.keyboard.press('Space');
    await expect.poll(() => answer.locator('[data-feedback-status]').textContent()).toBe('Thanks: recorded 👍.');
    expect(await answer.locator('[data-rate=up]').getAttribute('aria-pressed')).toBe('true');

    // 👎: Enter opens the reasons with focus on the chosen one; arrows choose, Tab goes on to the comment.
    await page.keyboard.press('Tab');
    expect((await focused(page)).key).toBe('button:Rate this answer not helpful');
    await page.keyboard.press('Enter');
    expect(await answer.locator('[data-rate=down]').getAttribute('aria-expanded')).toBe('true');
    expect((await focused(page)).key).toBe('input[value=incorrect]:Incorrect');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).key).toBe('input[value=outdated_source]:Outdated source');
    expect(await tabStops(page, 2)).toEqual([`#comment-${answerId}`, 'button:Send 👎 rating']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('The cap changed last year');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => answer.locator('[data-feedback-status]').textContent()).toContain('recorded 👎');
    // The form closes; focus returns to the 👎 that opened it rather than falling to the page.
    expect((await focused(page)).key).toBe('button:Rate this answer not helpful');
    expect(await answer.locator('[data-rate=down]').getAttribute('aria-expanded')).toBe('false');
    expect((await fake.store.getAnswer(answerId))?.ratings).toMatchObject([
      { value: 'down', reason: 'outdated_source', comment: 'The cap changed last year' },
    ]);
    await page.context().close();
  });

  it('an abstention is read out with whom to ask, and the skip link goes straight to the page content', async () => {
    const page = await newPage();
    await page.goto(`${h.url}/`);
    await tabTo(page, (k) => k === '#profile');
    await page.keyboard.type('pharmacy');
    await page.keyboard.press('Tab');
    const said = await askByKeyboard(page, 'Which sourdough starter ratio for rye bread?');
    expect(said).toContain('Not enough evidence');
    expect(said).toContain('#pharmacy-oncall');
    expect(said).toContain('1 source listed below the answer.');
    // The escalation contact is text in the answer, reachable by the reading cursor; the card says so too.
    expect(await page.locator('article.answer .abstention-hint').textContent()).toContain('#pharmacy-oncall');

    await page.goto(`${h.url}/`);
    await page.keyboard.press('Tab');
    expect((await focused(page)).key).toBe('a:Skip to main content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect((await focused(page)).key).toBe('#profile');
    await page.context().close();
  });
});

describe('the review console by keyboard alone', () => {
  it('signs in, filters, opens a record and the report numbers, and rates as a reviewer', async () => {
    const asked = await fake.ask(
      { platform: 'web', channelId: 'pharmacy', askerId: 'web-k', text: 'What is the vancomycin loading dose per kg?' },
      {},
    );
    await fake.rate({ answerId: asked.id, raterId: 'web-k', value: 'down', reason: 'incorrect', platform: 'web' });
    const page = await newPage();
    await page.goto(`${h.url}/review`);
    expect(await tabStops(page, 5)).toEqual(['a:Skip to main content', 'a:Playground', '#reviewer', '#secret', 'button:Log in']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('pharm.lee');
    await page.keyboard.press('Tab');
    await page.keyboard.type(SECRET);
    await page.keyboard.press('Enter');
    await page.locator('form[aria-label=Filters]').waitFor();

    // Header, then the filters in the order they are shown.
    expect(await tabStops(page, 10)).toEqual([
      'a:Skip to main content',
      'a:Playground',
      'button:Sign out',
      '#f-label',
      '#f-rating',
      '#f-collection',
      '#f-channel',
      'input:Needs review',
      'button:Filter',
      'a:Clear',
    ]);
    await tabTo(page, (k) => k === '#f-rating', { back: true });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#f-rating')).toBe('down');
    await tabTo(page, (k) => k === 'button:Filter');
    await page.keyboard.press('Enter');
    await page.waitForURL(/rating=down/);

    // The report's charts, then the numbers behind the first one.
    await tabTo(page, (k) => k === 'summary:Feedback report');
    await page.keyboard.press('Enter');
    await tabTo(page, (k) => k === 'summary:The numbers in this chart');
    await page.keyboard.press('Enter');
    expect(await page.locator('details.chart-data table').first().isVisible()).toBe(true);

    // One record: its audit record, then the reviewer's rating, in that order.
    const card = page.locator(`#a-${asked.id}`);
    await tabTo(page, (k) => k === 'summary:Audit record', { max: 80 });
    await page.keyboard.press('Enter');
    expect(await card.locator('details.audit').getAttribute('open')).not.toBeNull();
    // The sources table's sideways scroller is a stop of its own (on a phone it is wider than the screen).
    expect(await tabStops(page, 5)).toEqual([
      expect.stringMatching(/^div:Sources quoted in answer /),
      'input[value=up]:👍 Approve',
      `#reason-${asked.id}`,
      `#rc-${asked.id}`,
      'button:Save rating',
    ]);
    await tabTo(page, (k) => k === 'input[value=up]:👍 Approve', { back: true });
    await page.keyboard.press('ArrowDown');
    expect(await card.locator('input[name=value][value=down]').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Unsafe');
    expect(await card.locator('select[name=reason]').inputValue()).toBe('unsafe');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Dose exceeds the cap');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('[role=status]', { hasText: 'Rating saved.' }).waitFor();
    const after = await fake.store.getAnswer(asked.id);
    expect(after?.ratings.find((r) => r.raterId === 'pharm.lee')).toMatchObject({
      role: 'reviewer',
      value: 'down',
      reason: 'unsafe',
      comment: 'Dose exceeds the cap',
    });
    await page.context().close();
  });
});
