/**
 * The web surface fuzzed: the playground's ask and rate API and the review console's forms (sign-in, rating,
 * export) get bodies of every shape (wrong types, truncated JSON, invalid UTF-8, odd content types, lone
 * surrogates, NUL). Never a 500: a 4xx whose message names the problem, or a success. Afterwards the process
 * still answers, and the real SQLite store behind it verifies its audit chain: nothing was half-written.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { createFakeService } from '../teams/fake-service.js';
import { SECRET, startWeb, type WebHarness } from '../web/harness.js';
import { anyJson, body, contentType, nastyString, wrongTyped } from './arbitraries.js';
import { fuzzParams, fuzzTimeout } from './fuzz-settings.js';

let h: WebHarness;
let store: SqliteFeedbackStore;
const answerIds: string[] = [];
/** The fake service fails on purpose for questions naming "fault": that is a tested fault path, not fuzzing's. */
const noFault = (s: string) => s.replace(/fault/gi, 'f4ult');

async function post(path: string, data: Buffer | string, type: string, cookie?: string) {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { ...(type ? { 'content-type': type } : {}), ...(cookie ? { cookie } : {}) },
    body: data,
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A 4xx says what was wrong: a JSON message for the API, a page or message for a form. */
function expectClear(r: { status: number; text: string }, what: string) {
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
  if (r.status >= 400 && r.status !== 429) expect(r.text.trim().length, `${what}: empty ${r.status}`).toBeGreaterThan(10);
}

beforeAll(async () => {
  h = await startWeb(async (config) => {
    store = openSqliteStore({ path: join(config.dataDir, 'rounds.db') });
    return { service: createFakeService(config, store), close: () => store.close() };
  });
  for (const text of ['What is the sepsis hour-1 bundle?', 'unknown thing', 'NEWS2 of 7?']) {
    const r = await post('/api/ask', JSON.stringify({ text }), 'application/json');
    answerIds.push((JSON.parse(r.text) as { answerId: string }).answerId);
  }
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('fuzzing the web API and review forms', () => {
  it(
    'answers every ask body with a success or a 4xx naming the problem',
    async () => {
      const shaped = wrongTyped({
        text: nastyString.map(noFault),
        profile: fc.constantFrom('general', 'pharmacy', 'nope', ''),
        threadId: nastyString,
        history: fc.array(fc.oneof(fc.constantFrom(...answerIds), nastyString), { maxLength: 12 }),
      });
      await fc.assert(
        fc.asyncProperty(body(shaped), contentType, async (data, type) => {
          const r = await post('/api/ask', data, type);
          expectClear(r, `ask ${type} ${data.toString('utf8').slice(0, 120)}`);
          if (r.status >= 400 && r.status !== 429) expect(JSON.parse(r.text)).toMatchObject({ message: expect.any(String) });
        }),
        fuzzParams(60),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'answers every rate body with a success or a 4xx naming the problem',
    async () => {
      const shaped = wrongTyped({
        answerId: fc.oneof(fc.constantFrom(...answerIds), nastyString),
        value: fc.constantFrom('up', 'down', 'sideways'),
        reason: fc.constantFrom('unsafe', 'incorrect', 'other', 'bogus'),
        comment: nastyString,
      });
      await fc.assert(
        fc.asyncProperty(body(shaped), contentType, async (data, type) => {
          const r = await post('/api/rate', data, type);
          expectClear(r, `rate ${type} ${data.toString('utf8').slice(0, 120)}`);
        }),
        fuzzParams(60),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'answers every review-console form with a page, a redirect or a 4xx, signed in or not',
    async () => {
      const login = await post(
        '/review/login',
        new URLSearchParams({ secret: SECRET, reviewer: 'fuzz-lead' }).toString(),
        'application/x-www-form-urlencoded',
      );
      expect(login.status).toBe(303);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const page = await (await fetch(`${h.url}/review`, { headers: { cookie } })).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
      expect(csrf).not.toBe('');
      const field = fc.oneof(
        nastyString,
        anyJson.map((v) => JSON.stringify(v) ?? ''),
      );
      const form = fc.record(
        {
          csrf: fc.oneof(fc.constant(csrf), nastyString),
          answerId: fc.oneof(fc.constantFrom(...answerIds), nastyString),
          value: fc.constantFrom('up', 'down', 'x'),
          reason: fc.constantFrom('unsafe', '', 'bogus'),
          comment: field,
          return: fc.oneof(fc.constantFrom('/review', '//evil.example', 'javascript:alert(1)'), nastyString),
          reviewersOnly: fc.constantFrom('1', '0', ''),
          secret: fc.oneof(fc.constant(SECRET), nastyString),
          reviewer: field,
        },
        { requiredKeys: [] },
      );
      const raw = fc.oneof(
        { weight: 4, arbitrary: form.map((f) => new URLSearchParams(f as Record<string, string>).toString()) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a).toString('latin1')) },
        { weight: 1, arbitrary: fc.constantFrom('%', '%zz=1', 'a=%ff%fe', '=&=&&', 'csrf') },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/review/rate', '/review/export', '/review/login', '/review/logout'),
          raw,
          fc.constantFrom('application/x-www-form-urlencoded', 'application/json', ''),
          fc.boolean(),
          async (path, data, type, signedIn) => {
            // Logging out would end the shared session for the rest of the run: fuzz logout signed out only.
            const withCookie = signedIn && path !== '/review/logout' ? cookie : undefined;
            const r = await post(path, data, type, withCookie);
            expectClear(r, `${path} ${type} ${data.slice(0, 120)}`);
          },
        ),
        fuzzParams(80),
      );
    },
    fuzzTimeout(90_000),
  );

  it('still answers afterwards, and nothing in the store was half-written', async () => {
    const r = await post('/api/ask', JSON.stringify({ text: 'What is the sepsis hour-1 bundle?' }), 'application/json');
    expect(r.status).toBe(200);
    expect((await fetch(`${h.url}/healthz`)).status).toBeLessThan(500);
    const audit = await store.verifyAudit();
    expect(audit.problems).toEqual([]);
    expect(audit.records).toBeGreaterThan(answerIds.length);
  });
});
