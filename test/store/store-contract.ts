/**
 * One contract for every RoundsStore (GUIDE refactor 3): the same behaviour on SQLite and PostgreSQL.
 * store-contract-sqlite.test.ts and store-contract-postgres.test.ts run it; store-specific checks (file bytes
 * after a purge, pragmas) stay in their own files.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import type { Clock, RatingInput } from '../../src/core/ports.js';
import { LATEST_VERSION } from '../../src/store/migrations.js';
import type { RoundsStore } from '../../src/store/store.js';
import { createAnswer, createCitation, createContext, fakeClock } from './factories.js';

export interface StoreHarness {
  /** A new, empty store location (a file path, a database URL). */
  create(): Promise<string>;
  open(location: string, opts: { clock: Clock; retentionDays?: number; purgeAtOpen?: boolean }): Promise<RoundsStore>;
  dispose(location: string): Promise<void>;
}

async function expectCode(p: Promise<unknown>, code: ErrorCode): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isRoundsError(err, code), `expected ${code}, got ${String(err)}`).toBe(true);
  return err as Error;
}

export function storeContract(name: string, harness: StoreHarness): void {
  let location: string;
  let store: RoundsStore;
  const clock = fakeClock('2025-03-01T10:00:00.000Z');
  const reopen = async (opts: { retentionDays?: number; purgeAtOpen?: boolean } = {}) => {
    await store.close();
    store = await harness.open(location, { clock, ...opts });
  };

  beforeEach(async () => {
    clock.set('2025-03-01T10:00:00.000Z');
    location = await harness.create();
    store = await harness.open(location, { clock });
  });
  afterEach(async () => {
    await store.close();
    await harness.dispose(location);
  });

  describe(`${name}: answers`, () => {
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

    it('keeps unusual text intact: quotes, emoji, non-Latin script, SQL-looking input', async () => {
      const question = `O'Brien's "dose"? 💊 Ходьба; DROP TABLE answers; -- ?`;
      const answer = createAnswer({ question, normalizedQuestion: question.toLowerCase() });
      await store.recordAnswer(answer, createContext());
      expect((await store.getAnswer(answer.id))?.answer.question).toBe(question);
      expect((await store.stats()).answers).toBe(1);
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
      expect(await ids({ rating: 'none' })).toEqual([]);
      expect(await ids({ needsReview: true })).toEqual([c.id, b.id]);
      expect(await ids({ needsReview: false })).toEqual([a.id]);
      expect(await ids({ limit: 1, offset: 1 })).toEqual([b.id]);
      await expectCode(store.listAnswers({ since: 'last week' }), ErrorCode.InvalidInput);
      await expectCode(store.listAnswers({ limit: 0 }), ErrorCode.InvalidInput);
    });
  });

  describe(`${name}: ratings`, () => {
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
      expect(await store.stats()).toMatchObject({ answers: 1, ratings: 2, reviewerRatings: 1 });
      expect((await store.listRatings({ role: 'reviewer' })).map((r) => r.raterId)).toEqual(['U1']);
      expect((await store.listRatings({ since: '2025-03-04' })).map((r) => r.raterId)).toEqual(['U2']);
      expect(await store.listRatings({ answerId: 'other' })).toEqual([]);
    });

    it('keeps every rating given at once by many raters (no lost writes)', async () => {
      const answer = createAnswer();
      await store.recordAnswer(answer, createContext());
      await Promise.all(
        Array.from({ length: 25 }, (_, i) => store.rate({ answerId: answer.id, raterId: `U${i}`, value: i % 2 ? 'up' : 'down' })),
      );
      expect((await store.getAnswer(answer.id))?.ratings).toHaveLength(25);
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
      expect((await store.stats()).ratings).toBe(0);
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
      await reopen({ retentionDays: 30 });
      const answer = createAnswer({ createdAt: '2025-03-01T09:00:00Z' });
      await store.recordAnswer(answer, createContext());
      clock.advanceDays(45);
      expect((await store.purgeExpired()).answersPurged).toBe(1);
      const late = await store.rate({ answerId: answer.id, raterId: 'U1', value: 'up', role: 'reviewer' });
      expect(late.createdAt).toBe('2025-04-15T10:00:00.000Z');
    });
  });

  describe(`${name}: retention`, () => {
    it('purges question, answer text and comments after N days but keeps ids, ratings, labels and sources', async () => {
      await reopen({ retentionDays: 30 });
      const old = createAnswer({ createdAt: '2025-03-01T09:00:00Z', question: 'Patient [NAME] on vancomycin: trough target?' });
      const recent = createAnswer({ createdAt: '2025-03-25T09:00:00Z' });
      await store.recordAnswer(old, createContext());
      await store.recordAnswer(recent, createContext());
      await store.rate({
        answerId: old.id,
        raterId: 'U1',
        value: 'down',
        reason: 'incorrect',
        comment: 'trough is wrong',
        role: 'reviewer',
      });
      await reopen({ retentionDays: 30, purgeAtOpen: false });

      clock.set('2025-04-10T00:00:00Z');
      expect(await store.purgeExpired()).toEqual({ answersPurged: 1, commentsPurged: 1 });
      expect(await store.purgeExpired()).toEqual({ answersPurged: 0, commentsPurged: 0 });

      const purged = await store.getAnswer(old.id);
      expect(purged?.answer).toMatchObject({ question: '', normalizedQuestion: '', text: '', sentences: [] });
      expect(purged?.answer.citations).toEqual(old.citations);
      expect(purged?.answer.confidence).toEqual(old.confidence);
      expect(purged?.ratings[0]).toMatchObject({ value: 'down', reason: 'incorrect' });
      expect(purged?.ratings[0]?.comment).toBeUndefined();
      expect((await store.getAnswer(recent.id))?.answer.question).toBe(recent.question);
      expect((await store.stats()).purgedAnswers).toBe(1);
    });

    it('runs the purge at open', async () => {
      const answer = createAnswer({ createdAt: '2025-01-01T00:00:00Z' });
      await store.recordAnswer(answer, createContext());
      await reopen({ retentionDays: 7 });
      expect((await store.getAnswer(answer.id))?.answer.question).toBe('');
    });

    it('refuses a nonsensical retention period', async () => {
      await expect(harness.open(location, { clock, retentionDays: 0 })).rejects.toThrow(/retention.days/);
    });
  });

  describe(`${name}: schema`, () => {
    it('is at the latest version and reopening does not re-apply migrations', async () => {
      expect(await store.schemaVersion()).toBe(LATEST_VERSION);
      const answer = createAnswer();
      await store.recordAnswer(answer, createContext());
      await reopen();
      expect(await store.schemaVersion()).toBe(LATEST_VERSION);
      expect((await store.getAnswer(answer.id))?.answer.id).toBe(answer.id);
    });

    it('several instances opening the same new store at once migrate it once', async () => {
      const fresh = await harness.create();
      try {
        const stores = await Promise.all([1, 2, 3].map(() => harness.open(fresh, { clock })));
        for (const s of stores) expect(await s.schemaVersion()).toBe(LATEST_VERSION);
        await Promise.all(stores.map((s) => s.close()));
      } finally {
        await harness.dispose(fresh);
      }
    });
  });

  describe(`${name}: shared state`, () => {
    it('claims an event once within its TTL, from any instance, and again after it expires', async () => {
      const other = await harness.open(location, { clock });
      try {
        expect(await store.claimEvent('event:Ev1', 60_000)).toBe(true);
        expect(await other.claimEvent('event:Ev1', 60_000)).toBe(false);
        expect(await store.claimEvent('event:Ev1', 60_000)).toBe(false);
        expect(await other.claimEvent('event:Ev2', 60_000)).toBe(true);
        clock.advanceDays(1);
        expect(await other.claimEvent('event:Ev1', 60_000)).toBe(true);
      } finally {
        await other.close();
      }
    });

    it('lets exactly one of many simultaneous claims of one key win', async () => {
      const other = await harness.open(location, { clock });
      try {
        const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).claimEvent('msg:C1:17.1', 60_000)));
        expect(claims.filter(Boolean)).toHaveLength(1);
      } finally {
        await other.close();
      }
    });

    it('keeps sessions until they expire, across instances, and forgets deleted ones', async () => {
      const other = await harness.open(location, { clock });
      try {
        const expires = new Date(clock.now().getTime() + 3_600_000);
        await store.putSession('sid-secret-1', '{"user":"lead@example.org"}', expires);
        expect(await other.getSession('sid-secret-1')).toBe('{"user":"lead@example.org"}');
        expect(await other.getSession('sid-unknown')).toBeUndefined();
        await other.putSession('sid-secret-1', '{"user":"lead@example.org","csrf":"x"}', expires);
        expect(await store.getSession('sid-secret-1')).toBe('{"user":"lead@example.org","csrf":"x"}');
        await store.putSession('sid-secret-2', '{}', expires);
        await other.deleteSession('sid-secret-2');
        expect(await store.getSession('sid-secret-2')).toBeUndefined();
        clock.advanceDays(1);
        expect(await store.getSession('sid-secret-1')).toBeUndefined();
      } finally {
        await other.close();
      }
    });
  });
}
