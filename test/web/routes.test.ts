/** The web routes over real HTTP: JSON API validation, faults, access control, CSRF, health and metrics. */
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';
import { createFakeService } from './fake-service.js';
import { SECRET, startWeb, type WebHarness } from './harness.js';

let h: WebHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

async function login(url: string, reviewer = 'pharm.lee'): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/review/login`, form({ reviewer, secret: SECRET }));
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const cookie = setCookie.split(';')[0]!;
  const page = await (await fetch(`${url}/review`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  expect(csrf).toBeTruthy();
  return { cookie, csrf: csrf! };
}

async function loginWith(url: string): Promise<{ cookie: string }> {
  const res = await fetch(`${url}/review/login`, form({ reviewer: 'r1', secret: SECRET }));
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

describe('playground API', () => {
  it('serves the page with a per-browser cookie, CSP nonce and the profiles', async () => {
    h = await startWeb(createFakeService());
    const res = await fetch(`${h.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^rounds_web_id=web-[\w-]+; Path=\/; HttpOnly; SameSite=Lax/);
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const html = await res.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain('<option value="pharmacy" data-follow-ups="true">pharmacy — general, pharmacy</option>');
  });

  it('answers JSON questions and refuses malformed requests with specific messages', async () => {
    h = await startWeb(createFakeService());
    const ok = await fetch(
      `${h.url}/api/ask`,
      json({ text: 'What goes in the sepsis hour-1 bundle: lactate, cultures, antibiotics?', profile: 'general' }),
    );
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { html: string; status: string; answerId: string };
    expect(body.status).toBe('answered');
    expect(body.html).toContain('href="#src-');

    const cases: [RequestInit, number, RegExp][] = [
      [{ method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"text":"x"}' }, 415, /application\/json/],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }, 400, /not valid JSON/],
      [json([1, 2]), 400, /JSON object/],
      [json({ text: 42 }), 400, /"text"/],
      [json({ text: 'hi', profile: 'oncology' }), 400, /Unknown channel profile "oncology".*general, pharmacy, all/],
      [json({ text: 'hi' }, { origin: 'https://evil.example' }), 403, /Cross-site/],
      [json({ text: 'x'.repeat(70_000) }), 413, /larger than/],
    ];
    for (const [init, status, message] of cases) {
      const res = await fetch(`${h.url}/api/ask`, init);
      expect(res.status, String(message)).toBe(status);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
  });

  it('a fault gets a 503 with a reference and exactly one log line, without the question text', async () => {
    h = await startWeb(createFakeService({ askFault: new RoundsError(ErrorCode.ChromaUnavailable, 'Chroma at http://x is unreachable') }));
    const before = h.logs.length;
    const res = await fetch(`${h.url}/api/ask`, json({ text: 'Patient MRN 12345678 needs vancomycin dosing', profile: 'general' }));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: string; message: string; reference: string; kind: string };
    expect(body).toMatchObject({ error: 'rounds_chroma_unavailable', kind: 'knowledge_base_unavailable' });
    expect(body.message).toContain(`(reference ${body.reference})`);
    const faults = h.logs.slice(before).filter((l) => /"level":(40|50)/.test(l));
    expect(faults).toHaveLength(1);
    expect(JSON.parse(faults[0]!)).toMatchObject({
      ref: body.reference,
      kind: 'knowledge_base_unavailable',
      code: 'rounds_chroma_unavailable',
      platform: 'web',
    });
    const logs = h.logs.join('');
    expect(logs).not.toContain('12345678');
    expect(logs).not.toContain('vancomycin');
  });

  it('rates answers, ties the rating to the browser id and rejects bad ratings', async () => {
    const fake = createFakeService();
    h = await startWeb(fake);
    const cookie = (await fetch(`${h.url}/`)).headers.get('set-cookie')!.split(';')[0]!;
    const asked = (await (
      await fetch(`${h.url}/api/ask`, json({ text: 'hand hygiene moments before touching a patient', profile: 'general' }, { cookie }))
    ).json()) as {
      answerId: string;
    };
    const rated = await fetch(
      `${h.url}/api/rate`,
      json({ answerId: asked.answerId, value: 'down', reason: 'outdated_source', comment: 'Call 555-123-4567' }, { cookie }),
    );
    expect(rated.status).toBe(200);
    const rec = await fake.store.getAnswer(asked.answerId);
    expect(rec?.context.askerId).toBe(cookie.split('=')[1]);
    expect(rec?.ratings).toMatchObject([{ raterId: cookie.split('=')[1], value: 'down', reason: 'outdated_source' }]);
    expect(h.logs.join('')).not.toContain('555-123-4567');

    expect((await fetch(`${h.url}/api/rate`, json({ answerId: 'missing', value: 'up' }))).status).toBe(404);
    expect((await fetch(`${h.url}/api/rate`, json({ answerId: asked.answerId, value: 'meh' }))).status).toBe(400);
    const badReason = await fetch(`${h.url}/api/rate`, json({ answerId: asked.answerId, value: 'down', reason: 'boring' }));
    expect(badReason.status).toBe(400);
    expect(((await badReason.json()) as { message: string }).message).toContain('incorrect, outdated_source');
  });

  it('can be switched off while health, metrics and review stay up', async () => {
    h = await startWeb(createFakeService(), { WEB_PLAYGROUND: 'false' });
    const page = await fetch(`${h.url}/`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('WEB_PLAYGROUND=true');
    expect((await fetch(`${h.url}/api/ask`, json({ text: 'x' }))).status).toBe(404);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.url}/review`)).status).toBe(200);
  });
});

describe('/healthz and /metrics', () => {
  it('returns 200 when healthy and 503 with the report when not', async () => {
    h = await startWeb(createFakeService());
    const ok = await fetch(`${h.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, chroma: { ok: true }, store: { ok: true } });
    await h.close();
    h = await startWeb(
      createFakeService({
        health: {
          ok: false,
          chroma: { ok: false, location: 'http://127.0.0.1:1', error: 'ECONNREFUSED' },
          store: { ok: true },
          llm: { configured: false },
        },
      }),
    );
    const bad = await fetch(`${h.url}/healthz`);
    expect(bad.status).toBe(503);
    expect(await bad.json()).toMatchObject({ ok: false, chroma: { error: 'ECONNREFUSED' } });
  });

  it('exposes answers and ratings made through the API', async () => {
    h = await startWeb(createFakeService());
    await fetch(`${h.url}/api/ask`, json({ text: '', profile: 'general' }));
    const res = await fetch(`${h.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(await res.text()).toContain('rounds_answers_total{label="insufficient",platform="web",status="refused"} 1');
  });
});

describe('review console access', () => {
  it('is off without sign-in configured and says how to turn it on', async () => {
    h = await startWeb(createFakeService(), { REVIEW_SECRET: '' });
    const res = await fetch(`${h.url}/review`);
    const text = await res.text();
    expect(text).toContain('set <code>REVIEW_OIDC_ISSUER</code>');
    expect(text).toContain('<code>REVIEW_SECRET</code>');
    expect((await fetch(`${h.url}/review/sign-in`)).status).toBe(404);
    expect((await fetch(`${h.url}/review/login`, form({ reviewer: 'a', secret: 'x' }))).status).toBe(404);
  });

  it('asks for login, refuses a wrong secret and a bad reviewer id', async () => {
    h = await startWeb(createFakeService());
    expect(await (await fetch(`${h.url}/review`)).text()).toContain('Review secret');
    const wrong = await fetch(`${h.url}/review/login`, form({ reviewer: 'r1', secret: 'not-the-secret-at-all' }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const badId = await fetch(`${h.url}/review/login`, form({ reviewer: '<b>me</b>', secret: SECRET }));
    expect(badId.status).toBe(400);
    expect(h.logs.join('')).not.toContain(SECRET);
  });

  it('requires the session CSRF token and same origin for reviewer ratings, then stores role reviewer', async () => {
    const fake = createFakeService();
    h = await startWeb(fake);
    const a = await h.service.ask({ platform: 'slack', channelId: 'C1', text: 'vancomycin loading dose mg/kg actual body weight' });
    const { cookie, csrf } = await login(h.url);
    const fields = { answerId: a.id, value: 'down', reason: 'unsafe', comment: 'dose cap wrong', return: '/review?label=high' };
    expect((await fetch(`${h.url}/review/rate`, form(fields, { cookie }))).status).toBe(403);
    expect((await fetch(`${h.url}/review/rate`, form({ ...fields, csrf }, { cookie, origin: 'http://evil.example' }))).status).toBe(403);
    expect((await fetch(`${h.url}/review/rate`, form({ ...fields, csrf }))).status).toBe(401);
    const ok = await fetch(`${h.url}/review/rate`, form({ ...fields, csrf }, { cookie }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/review?label=high&flash=rated#a-${a.id}`);
    expect((await fake.store.getAnswer(a.id))?.ratings).toMatchObject([
      { raterId: 'pharm.lee', role: 'reviewer', value: 'down', reason: 'unsafe' },
    ]);
    // An open redirect through `return` falls back to the console.
    const evil = await fetch(`${h.url}/review/rate`, form({ ...fields, csrf, return: 'https://evil.example/' }, { cookie }));
    expect(evil.headers.get('location')).toMatch(/^\/review\?flash=rated/);
    const unknown = await fetch(`${h.url}/review/rate`, form({ ...fields, csrf, answerId: 'nope' }, { cookie }));
    expect(unknown.headers.get('location')).toContain('flash=unknown');
  });

  it('filters answers, escapes stored text and shows the audit record', async () => {
    h = await startWeb(createFakeService());
    const evil = await h.service.ask({
      platform: 'web',
      channelId: 'general',
      text: '<img src=x onerror=alert(1)> hand hygiene before touching patient',
    });
    const other = await h.service.ask({
      platform: 'web',
      channelId: 'pharmacy',
      text: 'vancomycin loading dose actual body weight maximum',
    });
    const { cookie } = await login(h.url);
    const all = await (await fetch(`${h.url}/review`, { headers: { cookie } })).text();
    expect(all).toContain(`id="a-${evil.id}"`);
    expect(all).toContain(`id="a-${other.id}"`);
    expect(all).not.toContain('<img src=x');
    expect(all).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(all).toContain('Prompt version');
    expect(all).toContain('hand-hygiene#0000');
    const pharmacy = await (await fetch(`${h.url}/review?channel=pharmacy`, { headers: { cookie } })).text();
    expect(pharmacy).toContain(`id="a-${other.id}"`);
    expect(pharmacy).not.toContain(`id="a-${evil.id}"`);
    const bad = await fetch(`${h.url}/review?label=great`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Unknown confidence label &quot;great&quot;');
  });
});

describe('playground follow-ups', () => {
  it('rebuilds history from this browser’s own earlier answers only, with the thread id', async () => {
    const fake = createFakeService();
    const seen: { history?: unknown; threadId?: string }[] = [];
    const ask = fake.ask.bind(fake);
    fake.ask = async (q, c) => {
      seen.push({ history: q.history, threadId: q.threadId });
      return ask(q, c);
    };
    h = await startWeb(fake);
    const mine = (await fetch(`${h.url}/`)).headers.get('set-cookie')!.split(';')[0]!;
    const theirs = (await fetch(`${h.url}/`)).headers.get('set-cookie')!.split(';')[0]!;
    const first = (await (
      await fetch(`${h.url}/api/ask`, json({ text: 'hand hygiene moments before touching patient', profile: 'general' }, { cookie: mine }))
    ).json()) as {
      answerId: string;
    };
    const other = (await (
      await fetch(`${h.url}/api/ask`, json({ text: 'sepsis hour-1 bundle lactate cultures', profile: 'general' }, { cookie: theirs }))
    ).json()) as {
      answerId: string;
    };
    const res = await fetch(
      `${h.url}/api/ask`,
      json(
        {
          text: 'and after touching surroundings?',
          profile: 'general',
          threadId: 'thread-abc123',
          history: [first.answerId, other.answerId, 'missing'],
        },
        { cookie: mine },
      ),
    );
    expect(res.status).toBe(200);
    const last = seen.at(-1)!;
    expect(last.threadId).toBe('thread-abc123');
    expect(last.history).toEqual([
      { role: 'user', text: 'hand hygiene moments before touching patient' },
      { role: 'assistant', text: expect.stringContaining('Clean hands') },
    ]);
    const bad = await fetch(`${h.url}/api/ask`, json({ text: 'x', profile: 'general', history: 'nope' }, { cookie: mine }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('"history"');
  });
});

describe('review console faults', () => {
  it('shows a clear 503 with a reference when the store cannot be read', async () => {
    const fake = createFakeService();
    fake.store.listAnswers = async () => {
      throw new RoundsError(ErrorCode.StoreFailed, 'SQLITE_CANTOPEN');
    };
    h = await startWeb(fake);
    const { cookie } = await loginWith(h.url);
    const res = await fetch(`${h.url}/review`, { headers: { cookie } });
    expect(res.status).toBe(503);
    const ref = /reference ([0-9a-f]{8})/.exec(await res.text())?.[1];
    expect(ref).toBeTruthy();
    expect(h.logs.join('')).toContain(ref);
  });
});
