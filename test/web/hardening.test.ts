/**
 * What a public deployment needs from the web adapter: the security headers on every console page (nonce CSP,
 * framing refused, nosniff, referrer policy), HSTS when the public URL is https, /metrics behind a bearer token
 * beyond loopback, session expiry, the start-up warning for a shared secret in production, and reviewer exports
 * on the audit record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HSTS } from '../../adapters/web/index.js';
import { createFakeService } from './fake-service.js';
import { freePort, SECRET, startWeb, type WebHarness } from './harness.js';
import { type SqliteConsole, startSqliteConsole } from './oidc/sqlite-console.js';

let h: WebHarness | SqliteConsole | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const form = (fields: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

async function secretLogin(url: string, reviewer = 'pharm.lee'): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const res = await fetch(`${url}/review/login`, form({ reviewer, secret: SECRET }));
  expect(res.status).toBe(303);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('rounds_review='))!;
  const cookie = setCookie.split(';')[0]!;
  const page = await (await fetch(`${url}/review`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf, setCookie };
}

describe('security headers', () => {
  it('sends the nonce CSP, DENY framing, nosniff and same-origin referrers on every console page, and no HSTS over http', async () => {
    h = await startWeb(createFakeService());
    const { cookie } = await secretLogin(h.url);
    for (const [path, headers] of [
      ['/review', {}],
      ['/review', { cookie }],
      ['/review/signed-out', {}],
    ] as const) {
      const res = await fetch(`${h.url}${path}`, { headers, redirect: 'manual' });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('adds HSTS to every response and marks cookies Secure when the public URL is https', async () => {
    h = await startWeb(createFakeService(), { ROUNDS_PUBLIC_URL: 'https://rounds.hospital.example' });
    for (const path of ['/', '/review', '/healthz', '/metrics', '/review/signed-out']) {
      const res = await fetch(`${h.url}${path}`, { redirect: 'manual' });
      expect(res.headers.get('strict-transport-security'), path).toBe(HSTS);
    }
    const login = await fetch(`${h.url}/review/login`, form({ reviewer: 'r1', secret: SECRET }));
    expect(login.headers.get('strict-transport-security')).toBe(HSTS);
    expect(login.headers.getSetCookie().find((c) => c.startsWith('rounds_review='))).toMatch(/; Secure$/);
  });
});

describe('/metrics access', () => {
  it('is open on loopback without a token', async () => {
    h = await startWeb(createFakeService());
    expect((await fetch(`${h.url}/metrics`)).status).toBe(200);
  });

  it('refuses every request beyond loopback until METRICS_TOKEN is set, and says so at start', async () => {
    h = await startWeb(createFakeService(), { HOST: '0.0.0.0' });
    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('set METRICS_TOKEN');
    expect(h.logs.join('\n')).toContain('"event":"metrics_locked"');
  });

  it('takes the bearer token (and only it) when one is configured', async () => {
    const token = 'metrics-token-for-tests-0123456789';
    h = await startWeb(createFakeService(), { HOST: '0.0.0.0', METRICS_TOKEN: token });
    const none = await fetch(`${h.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="rounds-metrics"');
    expect((await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await fetch(`${h.url}/metrics`, { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
    const ok = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE rounds_answers_total counter');
    expect(h.logs.join('\n')).not.toContain(token);
  });
});

describe('sessions and shared-secret mode', () => {
  it('ends a session after REVIEW_SESSION_MINUTES: the console asks to sign in again and refuses ratings', async () => {
    const clock = { now: Date.now() };
    const c = await startSqliteConsole(await freePort(), { REVIEW_SECRET: SECRET, REVIEW_SESSION_MINUTES: '30' }, { now: () => clock.now });
    h = c;
    const answerId = await c.seedAnswer('ans-expiry');
    const { cookie, csrf, setCookie } = await secretLogin(h.url);
    expect(setCookie).toContain('Max-Age=1800');
    clock.now += 29 * 60_000;
    expect(await (await fetch(`${h.url}/review`, { headers: { cookie } })).text()).toContain('data-reviewer-id="pharm.lee"');
    clock.now += 2 * 60_000;
    expect(await (await fetch(`${h.url}/review`, { headers: { cookie } })).text()).toContain('Review secret');
    const rate = await fetch(`${h.url}/review/rate`, form({ answerId, value: 'up', csrf }, cookie));
    expect(rate.status).toBe(401);
    expect(await c.ratings(answerId)).toEqual([]);
  });

  it('warns at start when the shared secret is allowed in production', async () => {
    h = await startWeb(createFakeService(), { NODE_ENV: 'production', REVIEW_SECRET_IN_PRODUCTION: 'true' });
    expect(h.logs.join('\n')).toContain('"event":"review_secret_in_production"');
  });

  it('records each export on the exported answers, under the signed-in reviewer, before sending it', async () => {
    const c = await startSqliteConsole(await freePort(), { REVIEW_SECRET: SECRET });
    h = c;
    const rated = await c.seedAnswer('ans-export-1');
    const unrated = await c.seedAnswer('ans-export-2');
    const { cookie, csrf } = await secretLogin(h.url);
    await fetch(`${h.url}/review/rate`, form({ answerId: rated, value: 'up', csrf }, cookie));
    expect((await fetch(`${h.url}/review/export`, form({ reviewersOnly: '1' }, cookie))).status).toBe(403);
    const res = await fetch(`${h.url}/review/export`, form({ reviewersOnly: '1', csrf }, cookie));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="rounds-feedback-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { answer_id: string });
    expect(lines.map((l) => l.answer_id)).toEqual([rated]);
    expect((await c.events(rated)).map((e) => [e.action, e.actor])).toEqual([
      ['rated', { id: 'pharm.lee', method: 'secret' }],
      ['exported', { id: 'pharm.lee', method: 'secret' }],
    ]);
    expect(await c.events(unrated)).toEqual([]);
    const page = await (await fetch(`${h.url}/review`, { headers: { cookie } })).text();
    expect(page).toContain('<tr data-event="exported">');
    expect(page).toContain('shared secret (id as typed)');
  });
});
