/**
 * End to end in headless Chromium: ask in the playground → cited answer → 👎 with a reason → it shows in
 * /review → a reviewer rates it. Also checks the pages raise no console errors (a CSP violation would) and fit a
 * phone-width screen.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { createFakeService } from './fake-service.js';
import { SECRET, startWeb, type WebHarness } from './harness.js';

let browser: Browser;
let h: WebHarness;
const fake = createFakeService();
const asked: { text: string; threadId?: string; history?: unknown[] }[] = [];
const realAsk = fake.ask.bind(fake);
fake.ask = (q, c) => {
  asked.push({ text: q.text, ...(q.threadId ? { threadId: q.threadId } : {}), ...(q.history ? { history: q.history } : {}) });
  return realAsk(q, c);
};

beforeAll(async () => {
  h = await startWeb(fake);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Every visible form control must have an accessible name (a label, aria-label or aria-labelledby). */
async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
    .filter((el) => el.offsetParent !== null)
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80))`) as Promise<string[]>;
}

describe('playground → review in Chromium', () => {
  it('asks, shows a cited answer, takes a 👎 with a reason, and the reviewer sees and rates it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${h.url}/`);
    await page.selectOption('#profile', 'pharmacy');

    expect(await unlabelledControls(page)).toEqual([]);
    // Keyboard only: focus the question, type, Enter sends.
    await page.focus('#question');
    await page.keyboard.type('What is the vancomycin loading dose per kg of actual body weight for MRN 12345678?');
    await page.keyboard.press('Enter');
    const answer = page.locator('article.answer').first();
    await answer.waitFor();
    await expect.poll(() => answer.getAttribute('data-status')).toBe('answered');
    const answerId = (await answer.getAttribute('data-answer-id'))!;
    expect(await answer.locator('a.cite').first().textContent()).toBe('[1]');
    expect(await answer.locator('.confidence').textContent()).toMatch(/confidence/);
    expect(await answer.textContent()).toContain('Past its review date (2024-01-01)');
    expect(await answer.textContent()).toMatch(/identifiers/i);
    // Clicking [1] lands on source 1 with its snippet open (it starts collapsed).
    const snippet = answer.locator('blockquote').first();
    expect(await snippet.isVisible()).toBe(false);
    await answer.locator('a.cite').first().click();
    expect(await answer.locator('ol.sources > li').first().locator('details').getAttribute('open')).not.toBeNull();
    expect(await snippet.isVisible()).toBe(true);
    // The snippet's <script> text stays text: shown literally, never run.
    expect(await snippet.textContent()).toContain('<script>alert(1)</script>');
    // The question bubble shows what was typed; the stored question is redacted.
    const stored = await fake.store.getAnswer(answerId);
    expect(stored?.answer.question).not.toContain('12345678');

    // 👎 by keyboard: focus the button, Enter opens the reasons, choose one, send.
    await answer.locator('[data-rate=down]').focus();
    await page.keyboard.press('Enter');
    const downForm = page.locator(`form.down-form[data-answer-id="${answerId}"]`);
    await downForm.waitFor({ state: 'visible' });
    await downForm.locator('input[value=outdated_source]').check();
    await downForm.locator('textarea').fill('Cap changed last year');
    await downForm.locator('button[type=submit]').click();
    await expect.poll(() => answer.locator('[data-feedback-status]').textContent()).toContain('recorded 👎');
    expect(await page.evaluate('document.activeElement.getAttribute("data-rate")')).toBe('down');
    expect((await fake.store.getAnswer(answerId))?.ratings).toMatchObject([
      { value: 'down', reason: 'outdated_source', comment: 'Cap changed last year' },
    ]);

    // A follow-up (explicit, as a thread reply) carries the earlier turn; a plain new question starts a new thread.
    await page.check('#follow-up');
    await page.fill('#question', 'And the maximum loading dose for vancomycin?');
    await page.keyboard.press('Enter');
    await page.locator('article.answer').nth(1).waitFor();
    expect(asked.at(-1)?.history).toEqual([
      { role: 'user', text: expect.stringContaining('vancomycin loading dose') },
      { role: 'assistant', text: expect.stringContaining('25 mg/kg') },
    ]);
    expect(asked.at(-1)?.threadId).toBe(asked.at(-2)?.threadId);
    await page.fill('#question', 'What are the five moments of hand hygiene?');
    await page.keyboard.press('Enter');
    await page.locator('article.answer').nth(2).waitFor();
    expect(asked.at(-1)?.history).toBeUndefined();
    expect(asked.at(-1)?.threadId).not.toBe(asked.at(-2)?.threadId);

    // Review console: log in, filter to 👎, see the answer with its rating and audit record.
    await page.goto(`${h.url}/review`);
    await page.fill('#reviewer', 'pharm.lee');
    await page.fill('#secret', SECRET);
    await page.click('button[type=submit]');
    await page.selectOption('#f-rating', 'down');
    await page.click('form[aria-label=Filters] button[type=submit]');
    expect(page.url()).toContain('rating=down');
    expect(await unlabelledControls(page)).toEqual([]);
    const card = page.locator(`#a-${answerId}`);
    await card.waitFor();
    expect(await card.textContent()).toContain('Outdated source');
    await card.locator('details.audit summary').click();
    expect(await card.locator('details.audit td', { hasText: 'vancomycin-dosing#0000' }).isVisible()).toBe(true);
    // Times read in the reviewer's own zone (Tokyo here), the exact UTC instant kept in the tooltip.
    const when = card.locator('time').first();
    const iso = (await when.getAttribute('datetime'))!;
    expect(iso).toBe(stored?.answer.createdAt && new Date(stored.answer.createdAt).toISOString());
    const expected = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(
      new Date(iso),
    );
    expect(await when.textContent()).toContain(expected);
    expect(await when.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(await when.textContent()).toMatch(/GMT\+9|JST/);

    // The reviewer rejects it as unsafe.
    await card.locator('input[name=value][value=down]').check();
    await card.locator('select[name=reason]').selectOption('unsafe');
    await card.locator('button', { hasText: 'Save rating' }).click();
    await page.locator('[role=status]', { hasText: 'Rating saved.' }).waitFor();
    const after = await fake.store.getAnswer(answerId);
    expect(after?.ratings.find((r) => r.raterId === 'pharm.lee')).toMatchObject({ role: 'reviewer', value: 'down', reason: 'unsafe' });
    // It now counts as needing review.
    await page.goto(`${h.url}/review?needsReview=1`);
    await page.locator(`#a-${answerId}`).waitFor();

    // Knowledge gaps: two abstentions on one topic, one handed to a person whose reply was linked (as the Slack and
    // Teams adapters do), listed by topic with the reference answer.
    await page.goto(`${h.url}/`);
    for (const [i, q] of ['Which sourdough starter ratio for rye bread?', 'Sourdough starter feeding for rye?'].entries()) {
      await page.fill('#question', q);
      await page.keyboard.press('Enter');
      // One question at a time: the playground refuses a second while the first is pending.
      await expect.poll(() => page.locator('article.answer[data-status=insufficient_evidence]').count()).toBe(i + 1);
    }
    await expect.poll(() => page.locator('article.answer[data-status=insufficient_evidence]').count()).toBe(2);
    const gapId = (await page.locator('article.answer[data-status=insufficient_evidence]').last().getAttribute('data-answer-id'))!;
    const { escalation } = await fake.store.openEscalation({ answerId: gapId, platform: 'slack', requestedBy: 'UNURSE' });
    await fake.store.answerEscalation(escalation.id, { text: 'Feed 1:1:1 twice a day; not a clinical question.', by: 'UCHEF' });
    await page.goto(`${h.url}/review`);
    const gaps = page.locator('#knowledge-gaps');
    expect(await gaps.isVisible()).toBe(true);
    const topic = gaps.locator('li.gap-topic').first();
    expect(await topic.locator('strong').first().textContent()).toMatch(/sourdough|starter|rye/);
    expect(await topic.textContent()).toContain('2 questions: 2 not enough evidence · 1 asked a person');
    expect(await topic.locator('.gap-reply').textContent()).toContain('Feed 1:1:1 twice a day; not a clinical question.');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits a phone-width screen without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${h.url}/`);
    await page.fill('#question', 'What are the five moments of hand hygiene before touching a patient?');
    await page.click('#ask-button');
    await page.locator('article.answer').first().waitFor();
    // A string expression: the test tsconfig has no DOM lib.
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
