/**
 * End to end over the real runtime (embedded Chroma with the demo knowledge pack ingested, SQLite store) in
 * headless Chromium: ask in the playground → cited answer → 👎 with a reason → it shows in /review (with the
 * feedback report charts) → the feedback export (`rounds feedback export`) includes it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFeedback } from '../../src/store/export.js';
import { createTestRuntime } from '../helpers/runtime.js';
import { axe } from './axe.js';
import { launchChromium } from './browser.js';
import { SECRET, startWeb, type WebHarness } from './harness.js';

let h: WebHarness;
let browser: Browser;

beforeAll(async () => {
  h = await startWeb(async () => {
    const runtime = await createTestRuntime({ env: { REVIEW_SECRET: SECRET } });
    return { service: runtime.service, close: () => runtime.cleanup() };
  });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('web playground over the real runtime', () => {
  it('answers from the knowledge base with citations, takes a 👎 with a reason and shows it in /review', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${h.url}/`);
    await page.selectOption('#profile', 'general');
    await page.fill('#question', 'What is in the sepsis hour-1 bundle?');
    await page.keyboard.press('Enter');
    const answer = page.locator('article.answer').first();
    await answer.waitFor({ timeout: 60_000 });
    expect(await answer.getAttribute('data-status')).toBe('answered');
    const answerId = (await answer.getAttribute('data-answer-id'))!;
    expect(await answer.locator('a.cite').count()).toBeGreaterThan(0);
    expect((await answer.locator('ol.sources').textContent())?.toLowerCase()).toContain('sepsis');
    expect(await answer.locator('.confidence').textContent()).toMatch(/confidence/i);
    // A real answer carries what the fake's do not (the measured figure behind the label): axe, all of it open.
    await page.evaluate(`document.querySelectorAll('article.answer details').forEach((d) => { d.open = true; })`);
    expect((await axe(page)).violations).toEqual([]);
    const said = (await page.textContent('#announcer')) ?? '';
    expect(said).toContain((await answer.locator('.answer-text').textContent())!.trim());
    // The label is read as a sentence of its own, not run on into the source count.
    const label = (await answer.locator('.confidence').textContent())!.trim();
    expect(said).toContain(/[.!?…:]$/.test(label) ? label : `${label}. `);

    await answer.locator('[data-rate=down]').click();
    const downForm = page.locator(`form.down-form[data-answer-id="${answerId}"]`);
    await downForm.locator('input[value=missing_information]').check();
    await downForm.locator('button[type=submit]').click();
    await expect.poll(() => answer.locator('[data-feedback-status]').textContent()).toContain('recorded 👎');

    const record = await h.service.store.getAnswer(answerId);
    expect(record?.context).toMatchObject({ platform: 'web', channelId: 'general' });
    expect(record?.ratings).toMatchObject([{ value: 'down', reason: 'missing_information' }]);

    await page.goto(`${h.url}/review`);
    await page.fill('#reviewer', 'nurse.educator');
    await page.fill('#secret', SECRET);
    await page.click('button[type=submit]');
    await page.goto(`${h.url}/review?rating=down`);
    const card = page.locator(`#a-${answerId}`);
    await card.waitFor();
    expect(await card.textContent()).toContain('Missing information');
    expect(await card.locator('details.audit').textContent()).toMatch(/Prompt version[\s\S]*Embedder/);
    await page.locator('details.charts > summary').click();
    expect(await page.locator('details.charts svg').count()).toBeGreaterThan(2);
    expect(await page.locator('details.charts').textContent()).toContain('Reliability');
    await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
    expect((await axe(page)).violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();

    const exported = await exportFeedback(h.service.store, {});
    const mine = exported.find((q) => q.answer_id === answerId);
    expect(mine).toMatchObject({ question: 'What is in the sepsis hour-1 bundle?', rating: 'down', reasons: ['missing_information'] });
  });

  it('reports health and counts the answer in /metrics', async () => {
    const health = await fetch(`${h.url}/healthz`);
    const body = (await health.json()) as { ok: boolean; chroma: { ok: boolean; chunks?: number } };
    expect(health.status).toBe(body.ok ? 200 : 503);
    expect(body.chroma.ok).toBe(true);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/rounds_answers_total\{label="\w+",platform="web",status="answered"\} 1/);
    expect(metrics).toMatch(/rounds_ratings_total\{platform="web",reason="missing_information",role="\w+",value="down"\} 1/);
  });
});
