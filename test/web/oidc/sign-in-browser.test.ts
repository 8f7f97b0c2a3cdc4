/**
 * The whole sign-in in headless Chromium against a real OpenID Connect provider (oidc-provider): sign in at the
 * provider, land in /review, rate, sign out at the provider. The rating and its audit event carry the
 * provider's identity. A user without the reviewer role gets a 403 and leaves nothing behind.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe } from '../axe.js';
import { launchChromium } from '../browser.js';
import { freePort } from '../harness.js';
import { CLIENT_ID, CLIENT_SECRET, type IdentityProvider, startIdentityProvider } from './identity-provider.js';
import { type SqliteConsole, startSqliteConsole } from './sqlite-console.js';

let browser: Browser;
let idp: IdentityProvider;
let rounds: SqliteConsole;

beforeAll(async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  idp = await startIdentityProvider(origin);
  rounds = await startSqliteConsole(port, {
    REVIEW_OIDC_ISSUER: idp.issuer,
    REVIEW_OIDC_CLIENT_ID: CLIENT_ID,
    REVIEW_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    ROUNDS_PUBLIC_URL: origin,
    REVIEW_OIDC_SCOPES: 'openid profile email roles',
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rounds?.close();
  await idp?.close();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  // The provider's development pages import a web font; this machine is offline.
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && page.url().startsWith(rounds.url)) errors.push(m.text());
  });
  return { context, page, errors };
}

/** Rounds' own pages along the way pass axe's WCAG 2.2 A/AA rules (the provider's pages are not Rounds'). */
async function expectAccessible(page: Page, state: string): Promise<void> {
  expect(page.url().startsWith(rounds.url)).toBe(true);
  const run = await axe(page);
  expect({ state, violations: run.violations }).toEqual({ state, violations: [] });
}

/** From the console's sign-in button through the provider's login and consent pages. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto(`${rounds.url}/review`);
  await page.getByRole('link', { name: 'Sign in with your organisation account' }).click();
  await page.waitForURL((u) => u.href.startsWith(idp.issuer));
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any password');
  await page.click('button[type=submit]');
  // Consent for the requested scopes, then back to Rounds.
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('review console sign-in through a real OpenID Connect provider', () => {
  it('signs in, rates under the provider identity, and signs out at the provider', async () => {
    const answerId = await rounds.seedAnswer('ans-browser-1');
    const { context, page, errors } = await newPage();
    await signInAtProvider(page, 'alice.reviewer');
    await page.waitForURL(`${rounds.url}/review`);
    // The name comes from the ID token, not from a form.
    expect(await page.locator('[data-reviewer-id]').textContent()).toBe('Dr Alice Reviewer');
    expect(await page.locator('[data-reviewer-id]').getAttribute('data-reviewer-id')).toBe('alice.reviewer');
    await expectAccessible(page, 'the console signed in through the identity provider');

    const card = page.locator(`#a-${answerId}`);
    await card.locator('input[name=value][value=up]').check();
    await card.locator('button', { hasText: 'Save rating' }).click();
    await page.locator('[role=status]', { hasText: 'Rating saved.' }).waitFor();
    // Change of mind: 👎 outdated source.
    await card.locator('input[name=value][value=down]').check();
    await card.locator('select[name=reason]').selectOption('outdated_source');
    await card.locator('button', { hasText: 'Save rating' }).click();
    await page.locator('[role=status]', { hasText: 'Rating saved.' }).waitFor();

    expect(await rounds.ratings(answerId)).toMatchObject([
      { raterId: 'alice.reviewer', role: 'reviewer', value: 'down', reason: 'outdated_source' },
    ]);
    const events = await rounds.events(answerId);
    expect(events.map((e) => [e.action, e.actor, e.value, e.previousValue ?? null])).toEqual([
      ['rated', { id: 'alice.reviewer', name: 'Dr Alice Reviewer', method: 'oidc' }, 'up', null],
      ['rating_changed', { id: 'alice.reviewer', name: 'Dr Alice Reviewer', method: 'oidc' }, 'down', 'up'],
    ]);
    // The answer's audit record shows them.
    await card.locator('details.audit summary').click();
    const rows = card.locator('details.audit tr[data-event]');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('Dr Alice Reviewer · alice.reviewer');
    expect(await rows.nth(1).textContent()).toContain('identity provider');

    // Sign out: Rounds ends its session, then the provider asks to end its own and sends the browser back.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${rounds.url}/review/signed-out`);
    expect(await page.locator('h2').textContent()).toBe('You are signed out');
    await expectAccessible(page, 'signed out at the provider too');
    await page.goto(`${rounds.url}/review`);
    expect(await page.getByRole('link', { name: 'Sign in with your organisation account' }).isVisible()).toBe(true);
    await expectAccessible(page, 'sign-in with the organisation account');
    expect(await page.locator('[data-reviewer-id]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a user without the reviewer role with a 403 and records nothing', async () => {
    const answerId = await rounds.seedAnswer('ans-browser-2');
    const { context, page } = await newPage();
    const callback = page.waitForResponse((r) => r.url().startsWith(`${rounds.url}/review/callback`));
    await signInAtProvider(page, 'bob.nurse');
    const res = await callback;
    expect(res.status()).toBe(403);
    expect(await page.locator('h2').textContent()).toBe('Not a reviewer');
    expect(await page.textContent('body')).toContain('Bob Nurse');
    await expectAccessible(page, 'sign-in refused: not a reviewer');
    // No session: the console still asks to sign in, and nothing was recorded.
    await page.goto(`${rounds.url}/review`);
    expect(await page.getByRole('link', { name: 'Sign in with your organisation account' }).isVisible()).toBe(true);
    expect((await context.cookies(rounds.url)).map((c) => c.name)).not.toContain('rounds_review');
    expect(await rounds.ratings(answerId)).toEqual([]);
    expect(await rounds.events(answerId)).toEqual([]);
    await context.close();
  });
});
