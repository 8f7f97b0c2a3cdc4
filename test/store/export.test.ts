import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readQuestions } from '../../src/eval/eval-set.js';
import { collectFeedback, exportFeedback, toJsonl } from '../../src/store/export.js';
import { openSqliteStore, type SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { createAnswer, createCitation, createContext, fakeClock, tempDir } from './factories.js';

let tmp: ReturnType<typeof tempDir>;
let store: SqliteFeedbackStore;
const clock = fakeClock('2025-03-10T00:00:00.000Z');

beforeEach(() => {
  tmp = tempDir();
  store = openSqliteStore({ path: join(tmp.dir, 'rounds.db'), clock });
});
afterEach(async () => {
  await store.close();
  tmp.cleanup();
});

describe('exportFeedback', () => {
  it('turns rated answers into eval questions: 👍 cites relevant docs, 👎 keeps reasons and the expected behaviour', async () => {
    const good = createAnswer({
      createdAt: '2025-03-01T00:00:00Z',
      citations: [createCitation(), createCitation({ n: 2, docId: 'news2' }), createCitation({ n: 3 })],
    });
    const bad = createAnswer({ createdAt: '2025-03-02T00:00:00Z', question: 'Vancomycin trough target?' });
    const abstainedOk = createAnswer({ createdAt: '2025-03-03T00:00:00Z', status: 'insufficient_evidence', label: 'insufficient' });
    const abstainedBad = createAnswer({ createdAt: '2025-03-04T00:00:00Z', status: 'insufficient_evidence', label: 'insufficient' });
    const refused = createAnswer({ createdAt: '2025-03-05T00:00:00Z', status: 'refused', question: '[MRN]' });
    const unrated = createAnswer({ createdAt: '2025-03-06T00:00:00Z' });
    const disputed = createAnswer({ createdAt: '2025-03-07T00:00:00Z' });
    for (const a of [good, bad, abstainedOk, abstainedBad, refused, unrated, disputed]) await store.recordAnswer(a, createContext());
    await store.rate({ answerId: good.id, raterId: 'R1', value: 'up', role: 'reviewer' });
    await store.rate({ answerId: good.id, raterId: 'U9', value: 'down', reason: 'other' });
    await store.rate({ answerId: bad.id, raterId: 'R1', value: 'down', reason: 'outdated_source', role: 'reviewer' });
    await store.rate({ answerId: bad.id, raterId: 'R2', value: 'down', reason: 'unsafe', role: 'reviewer' });
    await store.rate({ answerId: abstainedOk.id, raterId: 'U1', value: 'up' });
    await store.rate({ answerId: abstainedBad.id, raterId: 'R1', value: 'down', reason: 'missing_information', role: 'reviewer' });
    await store.rate({ answerId: refused.id, raterId: 'R1', value: 'down', role: 'reviewer' });
    await store.rate({ answerId: disputed.id, raterId: 'U1', value: 'up' });
    await store.rate({ answerId: disputed.id, raterId: 'U2', value: 'down', reason: 'incorrect' });

    const { questions, skipped } = await collectFeedback(store);
    expect(skipped).toEqual({ purged: 0, unrated: 1, refused: 1 });
    const byAnswer = new Map(questions.map((q) => [q.answer_id, q]));
    // Oldest first, so a regression file reads in the order things happened.
    expect(questions.map((q) => q.answer_id)).toEqual([good.id, bad.id, abstainedOk.id, abstainedBad.id, disputed.id]);
    // The reviewer outweighs another user's 👎.
    expect(byAnswer.get(good.id)).toMatchObject({
      id: `fb-${good.id}`,
      question: good.question,
      relevant: ['sepsis-protocol', 'news2'],
      rating: 'up',
      expected_status: 'answered',
      reviewed: true,
      up: 1,
      down: 0,
    });
    expect(byAnswer.get(bad.id)).toMatchObject({
      relevant: [],
      rating: 'down',
      reasons: ['outdated_source', 'unsafe'],
      expected_status: 'insufficient_evidence',
      cited: ['sepsis-protocol'],
    });
    expect(byAnswer.get(abstainedOk.id)).toMatchObject({
      relevant: [],
      rating: 'up',
      expected_status: 'insufficient_evidence',
      reviewed: false,
    });
    expect(byAnswer.get(abstainedBad.id)).toMatchObject({ rating: 'down', expected_status: 'answered', reasons: ['missing_information'] });
    // A tie is re-checked, never kept as a gold example.
    expect(byAnswer.get(disputed.id)).toMatchObject({ rating: 'down', relevant: [], reasons: ['incorrect'] });

    const reviewed = await exportFeedback(store, { reviewersOnly: true });
    expect(reviewed.map((q) => q.answer_id)).toEqual([good.id, bad.id, abstainedBad.id]);
    const recent = await exportFeedback(store, { since: '2025-03-04' });
    expect(recent.map((q) => q.answer_id)).toEqual([abstainedBad.id, disputed.id]);

    // The file is what `rounds eval --questions` reads.
    const file = join(tmp.dir, 'questions.jsonl');
    writeFileSync(file, toJsonl(questions));
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(5);
    const parsed = readQuestions(file);
    expect(parsed.map((q) => [q.id, q.relevant])).toEqual(questions.map((q) => [q.id, q.relevant]));
  });

  it('skips answers whose text was purged and counts them', async () => {
    await store.close();
    store = openSqliteStore({ path: join(tmp.dir, 'rounds.db'), clock, retentionDays: 5 });
    const old = createAnswer({ createdAt: '2025-03-01T00:00:00Z' });
    const fresh = createAnswer({ createdAt: '2025-03-09T00:00:00Z' });
    await store.recordAnswer(old, createContext());
    await store.recordAnswer(fresh, createContext());
    await store.rate({ answerId: old.id, raterId: 'R1', value: 'up', role: 'reviewer' });
    await store.rate({ answerId: fresh.id, raterId: 'R1', value: 'up', role: 'reviewer' });
    await store.purgeExpired();
    const { questions, skipped } = await collectFeedback(store);
    expect(questions.map((q) => q.answer_id)).toEqual([fresh.id]);
    expect(skipped.purged).toBe(1);
  });
});
