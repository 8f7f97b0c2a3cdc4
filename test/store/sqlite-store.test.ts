import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import type { RatingInput } from '../../src/core/ports.js';
import { LATEST_VERSION } from '../../src/store/migrations.js';
import { openSqliteStore, type SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { createAnswer, createCitation, createContext, fakeClock, tempDir } from './factories.js';

let tmp: ReturnType<typeof tempDir>;
let store: SqliteFeedbackStore;
const clock = fakeClock('2025-03-01T10:00:00.000Z');

beforeEach(() => {
  tmp = tempDir();
  clock.set('2025-03-01T10:00:00.000Z');
  store = openSqliteStore({ path: join(tmp.dir, 'rounds.db'), clock });
});
afterEach(async () => {
  await store.close();
  tmp.cleanup();
});

async function expectCode(p: Promise<unknown>, code: ErrorCode): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isRoundsError(err, code), `expected ${code}, got ${String(err)}`).toBe(true);
  return err as Error;
}

describe('SqliteFeedbackStore: answers', () => {
  it('records the whole answer faithfully and finds it by id and by reply id', async () => {
    const answer = createAnswer({
      citations: [
        createCitation(),
        createCitation({ n: 2, docId: 'abx-guide', chunkId: 'abx-guide#0001', collection: 'pharmacy', version: '7' }),
      ],
      fallbackReason: 'llm_timeout',
      warnings: ['Past its review date'],
    });
    const context = createContext();
    await store.recordAnswer(answer, context);
    await store.setReplyId(answer.id, '1700000000.000200');

    const got = await store.getAnswer(answer.id);
    expect(got?.answer).toEqual(answer);
    expect(got?.context).toEqual({ ...context, replyId: '1700000000.000200' });
    expect(got?.ratings).toEqual([]);

    const byReply = await store.findAnswerByReplyId('slack', '1700000000.000200');
    expect(byReply?.answer.id).toBe(answer.id);
    expect(await store.findAnswerByReplyId('teams', '1700000000.000200')).toBeUndefined();
    await expectCode(store.setReplyId('nope', 'x'), ErrorCode.UnknownAnswer);
  });

  it('keeps the first record when the same answer id is recorded twice (audit records are immutable)', async () => {
    const answer = createAnswer();
    await store.recordAnswer(answer, createContext());
    await store.recordAnswer({ ...answer, text: 'tampered' }, createContext());
    expect((await store.getAnswer(answer.id))?.answer.text).toBe(answer.text);
  });

  it('refuses an answer with an unparseable date with a clear error', async () => {
    const err = await expectCode(store.recordAnswer(createAnswer({ createdAt: 'yesterday' }), createContext()), ErrorCode.InvalidInput);
    expect(err.message).toMatch(/createdAt "yesterday" is not a date/);
  });

  it('filters answers by label, status, collection, channel, rating and needs-review', async () => {
    const a = createAnswer({ label: 'high', createdAt: '2025-03-01T08:00:00Z' });
    const b = createAnswer({
      label: 'low',
      score: 0.3,
      createdAt: '2025-03-02T08:00:00Z',
      collections: ['pharmacy'],
      citations: [createCitation({ collection: 'pharmacy', docId: 'abx' })],
    });
    const c = createAnswer({ label: 'insufficient', status: 'insufficient_evidence', createdAt: '2025-03-03T08:00:00Z' });
    await store.recordAnswer(a, createContext({ channelId: 'C1' }));
    await store.recordAnswer(b, createContext({ channelId: 'C2' }));
    await store.recordAnswer(c, createContext({ channelId: 'C1' }));
    await store.rate({ answerId: a.id, raterId: 'U1', value: 'up', role: 'reviewer' });
    await store.rate({ answerId: b.id, raterId: 'U1', value: 'down', reason: 'incorrect', role: 'reviewer' });
    await store.rate({ answerId: c.id, raterId: 'U2', value: 'down', reason: 'unsafe' });

    const ids = async (q: Parameters<typeof store.listAnswers>[0]) => (await store.listAnswers(q)).map((r) => r.answer.id);
    expect(await ids({})).toEqual([c.id, b.id, a.id]);
    expect(await ids({ since: '2025-03-02' })).toEqual([c.id, b.id]);
    expect(await ids({ label: 'low' })).toEqual([b.id]);
    expect(await ids({ status: 'insufficient_evidence' })).toEqual([c.id]);
    expect(await ids({ collection: 'pharmacy' })).toEqual([b.id]);
    expect(await ids({ channelId: 'C1' })).toEqual([c.id, a.id]);
    expect(await ids({ rating: 'up' })).toEqual([a.id]);
    expect(await ids({ needsReview: true })).toEqual([c.id, b.id]);
    expect(await ids({ limit: 1, offset: 1 })).toEqual([b.id]);
    await expectCode(store.listAnswers({ since: 'last week' }), ErrorCode.InvalidInput);
    await expectCode(store.listAnswers({ limit: 0 }), ErrorCode.InvalidInput);
  });
});

describe('SqliteFeedbackStore: ratings', () => {
  it('replaces a rater’s rating when they change their mind, and ignores identical repeats', async () => {
    const answer = createAnswer();
    await store.recordAnswer(answer, createContext());
    const first = await store.rate({ answerId: answer.id, raterId: 'U1', value: 'up', role: 'reviewer' });
    clock.advanceDays(1);
    const repeat = await store.rate({ answerId: answer.id, raterId: 'U1', value: 'up', role: 'reviewer' });
    expect(repeat).toEqual(first);

    clock.advanceDays(1);
    const changed = await store.rate({ answerId: answer.id, raterId: 'U1', value: 'down', reason: 'outdated_source', role: 'reviewer' });
    expect(changed).toMatchObject({ value: 'down', reason: 'outdated_source', createdAt: first.createdAt });
    expect(changed.updatedAt).toBe('2025-03-03T10:00:00.000Z');
    clock.advanceDays(1);
    await store.rate({ answerId: answer.id, raterId: 'U2', value: 'up' });

    const got = await store.getAnswer(answer.id);
    expect(got?.ratings.map((r) => [r.raterId, r.value, r.role])).toEqual([
      ['U1', 'down', 'reviewer'],
      ['U2', 'up', 'other'],
    ]);
    expect(store.stats()).toMatchObject({ answers: 1, ratings: 2, reviewerRatings: 1 });
  });

  it('refuses a rating for an unknown answer, an unknown reason, value or role, with a clear error', async () => {
    const answer = createAnswer();
    await store.recordAnswer(answer, createContext());
    const unknown = await expectCode(store.rate({ answerId: 'ans-missing', raterId: 'U1', value: 'up' }), ErrorCode.UnknownAnswer);
    expect(unknown.message).toMatch(/No answer with id ans-missing/);
    const bad = (input: Partial<RatingInput>) => store.rate({ answerId: answer.id, raterId: 'U1', value: 'up', ...input } as RatingInput);
    expect((await expectCode(bad({ reason: 'boring' as never }), ErrorCode.InvalidInput)).message).toMatch(
      /reason "boring" is not one of: incorrect, outdated_source/,
    );
    expect((await expectCode(bad({ value: 'meh' as never }), ErrorCode.InvalidInput)).message).toMatch(/use "up"/);
    await expectCode(bad({ role: 'admin' as never }), ErrorCode.InvalidInput);
    await expectCode(bad({ raterId: '' }), ErrorCode.InvalidInput);
    expect(store.stats().ratings).toBe(0);
  });

  it('redacts patient identifiers in comments and caps their length', async () => {
    const answer = createAnswer();
    await store.recordAnswer(answer, createContext());
    const stored = await store.rate({
      answerId: answer.id,
      raterId: 'U1',
      value: 'down',
      reason: 'incorrect',
      comment: 'Wrong for MRN 12345678, call 020 7946 0958. Dose 15 mg/kg is fine. '.repeat(40),
    });
    expect(stored.comment).not.toMatch(/12345678|7946/);
    expect(stored.comment).toContain('[MRN]');
    expect(stored.comment).toContain('15 mg/kg');
    expect(stored.comment?.length).toBeLessThanOrEqual(1000);
  });

  it('accepts a late rating after the answer text was purged by retention', async () => {
    await store.close();
    store = openSqliteStore({ path: join(tmp.dir, 'rounds.db'), clock, retentionDays: 30 });
    const answer = createAnswer({ createdAt: '2025-03-01T09:00:00Z' });
    await store.recordAnswer(answer, createContext());
    clock.advanceDays(45);
    expect(store.purgeExpired().answersPurged).toBe(1);
    const late = await store.rate({ answerId: answer.id, raterId: 'U1', value: 'up', role: 'reviewer' });
    expect(late.createdAt).toBe('2025-04-15T10:00:00.000Z');
  });
});

describe('SqliteFeedbackStore: retention', () => {
  it('purges question, answer text and comments after N days but keeps ids, ratings, labels and sources', async () => {
    await store.close();
    const path = join(tmp.dir, 'rounds.db');
    store = openSqliteStore({ path, clock, retentionDays: 30 });
    // A long answer spills onto overflow pages, which SQLite frees without zeroing unless secure_delete is on.
    const longText = `Aim for a trough of 10-15 mg/L [1]. ${'Recheck the AUC-guided dose after each change [1]. '.repeat(120)}`;
    const old = createAnswer({
      createdAt: '2025-03-01T09:00:00Z',
      question: 'Patient [NAME] on vancomycin: trough target?',
      text: longText,
      sentences: [{ text: longText, citations: [1], supported: true }],
    });
    const recent = createAnswer({ createdAt: '2025-03-25T09:00:00Z' });
    await store.recordAnswer(old, createContext());
    await store.recordAnswer(recent, createContext());
    await store.rate({ answerId: old.id, raterId: 'U1', value: 'down', reason: 'incorrect', comment: 'trough is wrong', role: 'reviewer' });
    // Reopen so the text is checkpointed into the main file before the purge, as on a long-running deployment.
    await store.close();
    store = openSqliteStore({ path, clock, retentionDays: 30, purgeAtOpen: false });

    clock.set('2025-04-10T00:00:00Z');
    expect(store.purgeExpired()).toEqual({ answersPurged: 1, commentsPurged: 1 });
    expect(store.purgeExpired()).toEqual({ answersPurged: 0, commentsPurged: 0 });

    const purged = await store.getAnswer(old.id);
    expect(purged?.answer).toMatchObject({ question: '', normalizedQuestion: '', text: '', sentences: [] });
    expect(purged?.answer.citations).toEqual(old.citations);
    expect(purged?.answer.confidence).toEqual(old.confidence);
    expect(purged?.ratings[0]).toMatchObject({ value: 'down', reason: 'incorrect' });
    expect(purged?.ratings[0]?.comment).toBeUndefined();
    expect((await store.getAnswer(recent.id))?.answer.question).toBe(recent.question);
    expect(store.stats().purgedAnswers).toBe(1);
    await store.close();

    // The text is gone from the file itself, not only from query results (secure_delete + WAL checkpoint).
    const bytes = readFileSync(path).toString('latin1');
    expect(bytes).not.toContain('trough target');
    expect(bytes).not.toContain('AUC-guided');
    expect(bytes).toContain(recent.question);
    store = openSqliteStore({ path, clock });
  });

  it('runs the purge at open', async () => {
    const answer = createAnswer({ createdAt: '2025-01-01T00:00:00Z' });
    await store.recordAnswer(answer, createContext());
    await store.close();
    store = openSqliteStore({ path: join(tmp.dir, 'rounds.db'), clock, retentionDays: 7 });
    expect((await store.getAnswer(answer.id))?.answer.question).toBe('');
  });

  it('refuses a nonsensical retention period', () => {
    expect(() => openSqliteStore({ path: join(tmp.dir, 'other.db'), retentionDays: 0 })).toThrow(/retention.days/);
  });
});

describe('SqliteFeedbackStore: opening', () => {
  it('sets WAL and synchronous=FULL and records the schema version', () => {
    const db = new Database(join(tmp.dir, 'rounds.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(store.schemaVersion()).toBe(LATEST_VERSION);
  });

  it('explains what to fix when the file cannot be opened', () => {
    const notADir = join(tmp.dir, 'plain-file');
    writeFileSync(notADir, 'x');
    expect(() => openSqliteStore({ path: join(notADir, 'rounds.db') })).toThrow(/ROUNDS_DATA_DIR is writable/);
  });
});
