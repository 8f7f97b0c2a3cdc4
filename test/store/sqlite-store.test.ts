import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { createAnswer, createContext, fakeClock, tempDir } from './factories.js';

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

// The behaviour every store shares is in store-contract.ts; these are the SQLite file's own guarantees.
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
    await store.close();

    // The text is gone from the file itself, not only from query results (secure_delete + WAL checkpoint).
    const bytes = readFileSync(path).toString('latin1');
    expect(bytes).not.toContain('trough target');
    expect(bytes).not.toContain('AUC-guided');
    expect(bytes).toContain(recent.question);
    store = openSqliteStore({ path, clock });
  });
});

describe('SqliteFeedbackStore: opening', () => {
  it('sets WAL mode', () => {
    const db = new Database(join(tmp.dir, 'rounds.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('explains what to fix when the file cannot be opened', () => {
    const notADir = join(tmp.dir, 'plain-file');
    writeFileSync(notADir, 'x');
    expect(() => openSqliteStore({ path: join(notADir, 'rounds.db') })).toThrow(/ROUNDS_DATA_DIR is writable/);
  });
});
