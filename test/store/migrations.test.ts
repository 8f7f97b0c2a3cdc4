/**
 * Upgrading a database written by an older Rounds: the v1 schema is created here by hand (as the first release
 * wrote it), filled, then opened by the current store, which must migrate it in place and keep every row.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, pendingMigrations } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { createAnswer, createCitation, tempDir } from './factories.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const V1_SCHEMA = `
  CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
  INSERT INTO schema_migrations VALUES (1, 'answers and ratings', '2025-01-01T00:00:00.000Z');
  CREATE TABLE answers (
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL, platform TEXT NOT NULL, workspace_id TEXT, channel_id TEXT,
    thread_id TEXT, message_id TEXT, reply_id TEXT, asker_id TEXT, status TEXT NOT NULL, label TEXT NOT NULL,
    score REAL NOT NULL, composer TEXT, prompt_version TEXT, llm_model TEXT, embedder TEXT NOT NULL,
    channel_profile TEXT, collections TEXT NOT NULL, question TEXT, normalized_question TEXT, answer_text TEXT,
    sentences_json TEXT, citations_json TEXT NOT NULL, answer_json TEXT NOT NULL, purged_at TEXT);
  CREATE TABLE ratings (
    answer_id TEXT NOT NULL REFERENCES answers (id), rater_id TEXT NOT NULL,
    value TEXT NOT NULL CHECK (value IN ('up', 'down')), reason TEXT, comment TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (answer_id, rater_id));
`;

describe('migrations', () => {
  it('upgrades a v1 database in place, keeping answers and ratings and backfilling cited sources', async () => {
    const path = join(tmp.dir, 'rounds.db');
    const old = new Database(path);
    old.exec(V1_SCHEMA);
    const answer = createAnswer({
      citations: [createCitation(), createCitation({ n: 2, docId: 'vanc-dosing', collection: 'pharmacy', version: '2' })],
    });
    const { question, normalizedQuestion, text, sentences, citations, ...rest } = answer;
    old
      .prepare(
        `INSERT INTO answers (id, created_at, platform, channel_id, status, label, score, embedder, collections, question,
          normalized_question, answer_text, sentences_json, citations_json, answer_json)
         VALUES (?, ?, 'slack', 'C1', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        answer.id,
        answer.createdAt,
        answer.status,
        answer.confidence.label,
        answer.confidence.score,
        answer.embedder,
        JSON.stringify(answer.collections),
        question,
        normalizedQuestion,
        text,
        JSON.stringify(sentences),
        JSON.stringify(citations),
        JSON.stringify(rest),
      );
    old
      .prepare(
        "INSERT INTO ratings VALUES (?, 'U1', 'down', 'incorrect', 'dose is wrong', '2025-03-02T00:00:00.000Z', '2025-03-02T00:00:00.000Z')",
      )
      .run(answer.id);
    old.close();

    const store = openSqliteStore({ path });
    expect(await store.schemaVersion()).toBe(LATEST_VERSION);
    const got = await store.getAnswer(answer.id);
    expect(got?.answer).toEqual(answer);
    expect(got?.ratings).toEqual([
      {
        answerId: answer.id,
        raterId: 'U1',
        role: 'other',
        value: 'down',
        reason: 'incorrect',
        comment: 'dose is wrong',
        createdAt: '2025-03-02T00:00:00.000Z',
        updatedAt: '2025-03-02T00:00:00.000Z',
      },
    ]);
    // New in v2: the collection filter also sees cited sources, and ratings carry roles.
    expect((await store.listAnswers({ collection: 'pharmacy' })).map((r) => r.answer.id)).toEqual([answer.id]);
    await store.rate({ answerId: answer.id, raterId: 'U2', value: 'up', role: 'reviewer' });
    expect(await store.stats()).toMatchObject({ ratings: 2, reviewerRatings: 1 });
    await store.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT doc_id, version FROM answer_sources ORDER BY n').all()).toEqual([
      { doc_id: 'sepsis-protocol', version: '3.1' },
      { doc_id: 'vanc-dosing', version: '2' },
    ]);
    expect(raw.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version })).sort((a, b) => a.version - b.version),
    );
    raw.close();
  });

  it('opening twice does not re-apply migrations', async () => {
    const path = join(tmp.dir, 'rounds.db');
    await openSqliteStore({ path }).close();
    const again = openSqliteStore({ path });
    expect(await again.schemaVersion()).toBe(LATEST_VERSION);
    await again.close();
  });

  it('refuses a database written by a newer Rounds with an upgrade hint', () => {
    const path = join(tmp.dir, 'rounds.db');
    const db = new Database(path);
    db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
      INSERT INTO schema_migrations VALUES (${LATEST_VERSION + 1}, 'future', '2030-01-01');`);
    db.close();
    expect(() => openSqliteStore({ path })).toThrow(/knows only up to .*upgrade Rounds/);
  });

  it('applies every version a database lacks, not only those above its highest (parallel branches land in any order)', () => {
    const all = MIGRATIONS.map((m) => m.version);
    expect(pendingMigrations([]).map((m) => m.version)).toEqual(all);
    const missingOne = all.filter((_, i) => i !== 1);
    expect(pendingMigrations(missingOne).map((m) => m.version)).toEqual([all[1]]);
    expect(pendingMigrations(all)).toEqual([]);
    expect(() => pendingMigrations([...all, LATEST_VERSION + 7])).toThrow(/knows only up to .*upgrade Rounds/);
  });
});
