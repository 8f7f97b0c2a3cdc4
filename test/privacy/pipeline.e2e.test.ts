/**
 * Every synthetic identifier in test/privacy/identifiers.jsonl (made by make-identifiers.py) goes through the real
 * pipeline — the playground's ask API over the real runtime (embedded Chroma with the demo pack, SQLite), with an LLM
 * configured to a local OpenAI-compatible server that records each request — and must be absent from: the LLM
 * requests, the captured logs, every file under ROUNDS_DATA_DIR (searched as bytes), the API responses, the review
 * console's pages and the feedback export. Ratings carry the question as their comment, so comments are covered too.
 * Prints the share removed per kind and place (the figures the privacy docs quote).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/runtime.js';
import { exportFeedback } from '../../src/store/export.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';
import { DEMO_KNOWLEDGE } from '../helpers/runtime.js';
import { SECRET, startWeb, type WebHarness } from '../web/harness.js';

interface Identifier {
  kind: string;
  hipaa: number;
  value: string;
}
interface Case {
  question: string;
  identifiers: Identifier[];
}

const CASES: Case[] = readFileSync(join(import.meta.dirname, 'identifiers.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Case);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The identifier as a whole word or number, any case: "Patel" is not found inside "patella". */
const pattern = (value: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(value)}(?![\\p{L}\\p{N}])`, 'iu');
/** The same over raw bytes: both sides read as latin1, so UTF-8 sequences compare byte for byte. */
const bytePattern = (value: string) =>
  new RegExp(`(?<![A-Za-z0-9])${escapeRe(Buffer.from(value, 'utf8').toString('latin1'))}(?![A-Za-z0-9])`, 'i');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let fake: FakeOpenAi;
let h: WebHarness;
const responses: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAi();
  h = await startWeb(
    async (config, logger) => {
      const runtime = await createRuntime(config, logger, { autoIngest: 'always' });
      return { service: runtime.service, close: () => runtime.close() };
    },
    { KNOWLEDGE_DIR: DEMO_KNOWLEDGE, LLM_MODEL: 'fake-model', OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'test-key' },
  );
}, 240_000);

afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe('patient identifiers never leave the question', () => {
  it('the set is what the issue asks: at least 400 identifiers of at least 15 kinds, none of them in the knowledge base', () => {
    const ids = CASES.flatMap((c) => c.identifiers);
    expect(ids.length).toBeGreaterThanOrEqual(400);
    expect(new Set(ids.map((i) => i.kind)).size).toBeGreaterThanOrEqual(15);
    // A value the knowledge base itself contains would be found in citations and prove nothing.
    const kb = files(DEMO_KNOWLEDGE)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(ids.filter((i) => pattern(i.value).test(kb)).map((i) => i.value)).toEqual([]);
    for (const c of CASES) for (const i of c.identifiers) expect(c.question, i.value).toMatch(pattern(i.value));
  });

  it('removes every identifier from the LLM requests, logs, data files, API responses, review console and export', async () => {
    for (const c of CASES) {
      const res = await fetch(`${h.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: c.question }),
      });
      const body = await res.text();
      expect(res.status, body).toBe(200);
      responses.push(body);
      const { answerId } = JSON.parse(body) as { answerId: string };
      // The asker pastes the question again as a 👎 comment: comments are stored, shown and exported too.
      const rated = await fetch(`${h.url}/api/rate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answerId, value: 'down', reason: 'other', comment: c.question }),
      });
      expect(rated.status, await rated.text()).toBe(200);
    }
    expect(fake.requests.length).toBeGreaterThan(CASES.length / 2);

    const login = await fetch(`${h.url}/review/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ reviewer: 'privacy.check', secret: SECRET }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const pages: string[] = [];
    for (let offset = 0; ; offset += 25) {
      const page = await (await fetch(`${h.url}/review?offset=${offset}`, { headers: { cookie } })).text();
      pages.push(page);
      if (!page.includes('Older →') || offset > 2000) break;
    }
    expect(pages.join('\n')).toContain('removed before searching');
    const exported = JSON.stringify(await exportFeedback(h.service.store, {}));

    const places: Record<string, { text: string } | { bytes: string }> = {
      'LLM requests': { text: JSON.stringify(fake.requests.map((r) => r.body)) },
      logs: { text: h.logs.join('\n') },
      'data files': {
        bytes: files(h.config.dataDir)
          .map((f) => readFileSync(f).toString('latin1'))
          .join('\n'),
      },
      'API responses': { text: responses.join('\n') },
      'review console': { text: pages.join('\n') },
      'feedback export': { text: exported },
    };
    const table: Record<string, Record<string, string>> = {};
    const leaks: string[] = [];
    const kinds = [...new Set(CASES.flatMap((c) => c.identifiers.map((i) => i.kind)))];
    for (const kind of kinds) {
      const ids = CASES.flatMap((c) => c.identifiers.filter((i) => i.kind === kind));
      const row: Record<string, string> = { identifiers: String(ids.length) };
      for (const [place, hay] of Object.entries(places)) {
        const found = ids.filter((i) => ('text' in hay ? pattern(i.value).test(hay.text) : bytePattern(i.value).test(hay.bytes)));
        for (const f of found) leaks.push(`${place}: ${kind} "${f.value}"`);
        row[place] = `${(((ids.length - found.length) / ids.length) * 100).toFixed(0)}%`;
      }
      table[kind] = row;
    }
    console.table(table);
    expect(leaks).toEqual([]);
    // Redaction tokens are no question words: no warning says the knowledge base never mentions "NAME" or "AGE".
    expect(responses.join('\n')).not.toMatch(
      /never mentions[^<]*&quot;(?:NAME|AGE|MRN|LOCATION|ADDRESS|POSTCODE|ZIP|DOB|DATE|ID|PHONE)&quot;/,
    );
    expect(responses.join('\n')).toContain('removed before searching');
  }, 600_000);
});
