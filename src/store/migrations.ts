/**
 * Versioned schema migrations for the feedback and audit store. Each migration runs once, in order, inside
 * one IMMEDIATE transaction together with its row in `schema_migrations`, so several bot processes starting
 * at the same moment never apply one twice (the second waits on the write lock, then sees the version).
 * Never edit a released migration: add a new one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'answers and ratings',
    up(db) {
      db.exec(`
        CREATE TABLE answers (
          id TEXT PRIMARY KEY,
          created_at TEXT NOT NULL,
          platform TEXT NOT NULL,
          workspace_id TEXT,
          channel_id TEXT,
          thread_id TEXT,
          message_id TEXT,
          reply_id TEXT,
          asker_id TEXT,
          status TEXT NOT NULL,
          label TEXT NOT NULL,
          score REAL NOT NULL,
          composer TEXT,
          prompt_version TEXT,
          llm_model TEXT,
          embedder TEXT NOT NULL,
          channel_profile TEXT,
          collections TEXT NOT NULL,
          question TEXT,
          normalized_question TEXT,
          answer_text TEXT,
          sentences_json TEXT,
          citations_json TEXT NOT NULL,
          answer_json TEXT NOT NULL,
          purged_at TEXT
        );
        CREATE INDEX answers_created ON answers (created_at);
        CREATE INDEX answers_reply ON answers (platform, reply_id);
        CREATE TABLE ratings (
          answer_id TEXT NOT NULL REFERENCES answers (id),
          rater_id TEXT NOT NULL,
          value TEXT NOT NULL CHECK (value IN ('up', 'down')),
          reason TEXT,
          comment TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (answer_id, rater_id)
        );
      `);
    },
  },
  {
    // v2: rater roles (reviewer ratings are the evaluation data) and one row per cited source, so reports
    // and audits can ask "which answers relied on document X, version Y" without parsing JSON.
    version: 2,
    name: 'rating roles and cited sources',
    up(db) {
      db.exec(`
        ALTER TABLE ratings ADD COLUMN role TEXT NOT NULL DEFAULT 'other';
        ALTER TABLE ratings ADD COLUMN platform TEXT;
        ALTER TABLE ratings ADD COLUMN workspace_id TEXT;
        ALTER TABLE ratings ADD COLUMN comment_redactions TEXT;
        CREATE INDEX ratings_updated ON ratings (updated_at);
        CREATE TABLE answer_sources (
          answer_id TEXT NOT NULL REFERENCES answers (id),
          n INTEGER NOT NULL,
          doc_id TEXT NOT NULL,
          version TEXT,
          collection TEXT,
          chunk_id TEXT,
          score REAL,
          PRIMARY KEY (answer_id, n)
        );
        CREATE INDEX answer_sources_doc ON answer_sources (doc_id, version);
      `);
      // Backfill from the citations every v1 answer already carries.
      const insert = db.prepare(
        'INSERT OR IGNORE INTO answer_sources (answer_id, n, doc_id, version, collection, chunk_id, score) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      // .all(), not .iterate(): better-sqlite3 refuses writes on a connection while a read cursor is open.
      const rows = db.prepare('SELECT id, citations_json FROM answers').all() as { id: string; citations_json: string }[];
      for (const row of rows) {
        for (const c of parseCitations(row.citations_json)) {
          insert.run(row.id, c.n, c.docId, c.version ?? null, c.collection ?? null, c.chunkId ?? null, c.score ?? null);
        }
      }
    },
  },
  {
    // v3: "Ask a person" escalations (open → answered → closed). One per answer: a repeat press finds the row and
    // notifies nobody again. Portable SQL (TEXT/INTEGER only) so the PostgreSQL store can run the same DDL.
    version: 3,
    name: 'escalations',
    up(db) {
      db.exec(`
        CREATE TABLE escalations (
          id TEXT PRIMARY KEY,
          answer_id TEXT NOT NULL REFERENCES answers (id),
          platform TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
          requested_by TEXT NOT NULL,
          channel_profile TEXT,
          notice_channel_id TEXT,
          notice_id TEXT,
          reply_text TEXT,
          reply_redactions TEXT,
          reply_by TEXT,
          reply_id TEXT,
          replied_at TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          closed_at TEXT
        );
        CREATE UNIQUE INDEX escalations_answer ON escalations (answer_id);
        CREATE INDEX escalations_notice ON escalations (platform, notice_channel_id, notice_id);
        CREATE INDEX escalations_created ON escalations (created_at);
      `);
    },
  },
  // `migrate` applies every version a database has not recorded: a database that reached 4 on a build without 3
  // still gets 3.
  {
    // v4: the review console's audit trail. Every rating, change of rating and export by a reviewer, with the
    // identity as signed in (OIDC subject and name, or the typed id in shared-secret mode). Portable SQL
    // (TEXT/INTEGER, no SQLite-only functions) so the PostgreSQL port can run it as written.
    version: 4,
    name: 'reviewer audit events',
    up(db) {
      db.exec(`
        CREATE TABLE reviewer_events (
          id TEXT PRIMARY KEY,
          answer_id TEXT NOT NULL REFERENCES answers (id),
          at TEXT NOT NULL,
          action TEXT NOT NULL CHECK (action IN ('rated', 'rating_changed', 'exported')),
          actor_id TEXT NOT NULL,
          actor_name TEXT,
          auth_method TEXT NOT NULL CHECK (auth_method IN ('oidc', 'secret')),
          value TEXT CHECK (value IN ('up', 'down')),
          previous_value TEXT CHECK (previous_value IN ('up', 'down')),
          reason TEXT
        );
        CREATE INDEX reviewer_events_answer ON reviewer_events (answer_id, at);
        CREATE INDEX reviewer_events_actor ON reviewer_events (actor_id, at);
      `);
    },
  },
];

interface SourceRow {
  n: number;
  docId: string;
  version?: string;
  collection?: string;
  chunkId?: string;
  score?: number;
}

function parseCitations(json: string): SourceRow[] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.filter((c): c is SourceRow => typeof c?.n === 'number' && typeof c?.docId === 'string');
  } catch {
    return [];
  }
}

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

function ensureTable(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
}

export function currentVersion(db: Database.Database): number {
  ensureTable(db);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Applies every migration the database has not recorded, in version order; returns the versions applied.
 * "Not recorded" rather than "above the highest recorded": migrations written on parallel branches may land
 * out of order (4 before 3), and a database already at 4 must still get 3. Refuses a database newer than this build.
 */
export function migrate(db: Database.Database, now: () => Date, migrations: Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  const latest = Math.max(...migrations.map((m) => m.version));
  const run = db.transaction(() => {
    const from = currentVersion(db);
    if (from > latest) {
      throw new Error(`database schema is version ${from} but this build of Rounds knows only up to ${latest}: upgrade Rounds`);
    }
    const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now().toISOString());
      applied.push(m.version);
    }
  });
  run.immediate();
  return applied;
}
