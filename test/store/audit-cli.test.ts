/**
 * The inspector's commands as run on a real deployment's store: `rounds audit anchor`, `verify` (with and without
 * the anchor, after an edit made behind Rounds' back), `show`, and `feedback purge` leaving a chain that verifies.
 * Also an upgraded store (v5, written before the chain existed) verifies from its first open.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerToRow } from '../../src/store/answer-row.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { openPgStore } from '../../src/store/pg-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { freshDatabase } from '../helpers/postgres.js';
import { REPO_ROOT } from '../helpers/runtime.js';
import { createAnswer, createContext, tempDir } from './factories.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const dbPath = () => join(tmp.dir, 'data', 'rounds.db');

function rounds(args: string[], config = join(tmp.dir, 'rounds.config.yaml')) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'rounds.js'), ...args], {
    cwd: tmp.dir,
    env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, ROUNDS_DATA_DIR: join(tmp.dir, 'data'), ROUNDS_CONFIG: config, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rounds audit', () => {
  it('prints the anchor, verifies, names an edited entry, checks the anchor and shows an answer history', async () => {
    writeFileSync(join(tmp.dir, 'rounds.config.yaml'), 'defaultProfile: general\nretention:\n  days: 30\n');
    const store = openSqliteStore({ path: dbPath() });
    await store.recordAnswer(createAnswer({ id: 'old-1', createdAt: '2025-01-01T09:00:00.000Z' }), createContext());
    await store.rate({ answerId: 'old-1', raterId: 'U1', value: 'down', comment: 'wrong' });
    await store.recordAnswer(createAnswer({ id: 'new-1', createdAt: new Date().toISOString() }), createContext());
    await store.close();

    const anchor = rounds(['audit', 'anchor']);
    expect(anchor.code, anchor.stderr).toBe(0);
    const head = /^#(\d+):([0-9a-f]{64})$/m.exec(anchor.stdout);
    expect(head?.[1]).toBe('4');

    // Purge (retention 30 days): the chain still verifies, holds the anchor, and the history shows the tombstone.
    const purge = rounds(['feedback', 'purge']);
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.stdout).toContain('each purged record keeps its hashes in the audit chain');
    const ok = rounds(['audit', 'verify', '--anchor', `#${head?.[1]}:${head?.[2]}`]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('audit chain: 6 entries, 3 records');
    expect(ok.stdout).toContain('found at #4: the history up to it is unchanged');
    const show = rounds(['audit', 'show', 'old-1']);
    expect(show.stdout).toMatch(/#2 .* answer old-1 {2}recorded/);
    expect(show.stdout).toMatch(/#3 .* rating by U1 of answer old-1 {2}rated/);
    expect(show.stdout).toMatch(
      /#6 .* answer old-1 {2}purged by rounds feedback purge by .*"fields":\["question","normalized_question","answer_text","sentences_json"\]/,
    );

    // Someone with database access edits an answer: verify fails and names the entry.
    const db = new Database(dbPath());
    db.prepare("UPDATE answers SET label = 'high', score = 0.99 WHERE id = 'new-1'").run();
    db.close();
    const bad = rounds(['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('NOT verified: 1 problem; the first:');
    expect(bad.stdout).toMatch(/entry #4 \(answer new-1, recorded [^)]+\): the answer was edited since/);

    const wrong = rounds(['audit', 'verify', '--anchor', 'not-a-hash']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--anchor "not-a-hash" is not a head hash');
  }, 240_000);
});

/** A store as Rounds wrote it before the audit chain (schema v5), with a few records. */
async function v5Rows(exec: (sql: string, params: unknown[]) => Promise<unknown> | unknown): Promise<void> {
  const row = answerToRow(createAnswer({ id: 'pre-1' }), createContext());
  const cols = Object.keys(row);
  await exec(`INSERT INTO answers (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, Object.values(row));
  await exec("INSERT INTO answer_sources (answer_id, n, doc_id, version) VALUES ('pre-1', 1, 'sepsis-protocol', '3.1')", []);
  await exec(
    "INSERT INTO ratings (answer_id, rater_id, role, value, created_at, updated_at) VALUES ('pre-1', 'U1', 'reviewer', 'up', '2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z')",
    [],
  );
}

describe('upgrading a store written before the audit chain', () => {
  it('chains the records already there (SQLite) so the upgraded store verifies', async () => {
    const raw = new Database(join(tmp.dir, 'v5.db'));
    migrate(
      raw,
      () => new Date('2025-01-01T00:00:00.000Z'),
      MIGRATIONS.filter((m) => m.version <= 5),
    );
    await v5Rows((sql, params) => raw.prepare(sql).run(...params));
    raw.close();
    const store = openSqliteStore({ path: join(tmp.dir, 'v5.db') });
    try {
      expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: 3, records: 2 });
      expect((await store.auditHistory('answer', 'pre-1')).map((e) => e.action)).toEqual(['existing']);
    } finally {
      await store.close();
    }
  });

  it('chains the records already there (PostgreSQL) so the upgraded store verifies', async () => {
    const db = await freshDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const m of MIGRATIONS.filter((x) => x.version <= 5)) {
        await client.query(m.postgres);
        await client.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [m.version, m.name, '2025-01-01T00:00:00.000Z']);
      }
      await v5Rows((sql, params) => {
        let n = 0;
        return client.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        );
      });
    } finally {
      await client.end();
    }
    const store = await openPgStore({ url: db.url });
    try {
      expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: 3, records: 2 });
      expect((await store.auditHistory('rating', '["pre-1","U1"]')).map((e) => e.action)).toEqual(['existing']);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
