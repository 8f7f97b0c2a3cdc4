/**
 * Versioned schema migrations for the feedback and audit store, one list for both stores: each version carries
 * its SQLite step and its PostgreSQL script, so the two schemas never drift apart. Each migration runs once, in
 * order, inside one transaction together with its row in `schema_migrations`, so several bot processes starting
 * at the same moment never apply one twice (SQLite: the second waits on the IMMEDIATE write lock; PostgreSQL: on
 * an advisory lock, see pg-store.ts), then sees the version. Never edit a released migration: add a new one.
 * Timestamps are ISO 8601 UTC text in both stores, so string order is time order and rows map the same way.
 * Since v6 the records (answers, sources, ratings, reviewer events, escalations) are covered by the audit chain:
 * a migration that changes existing rows of those tables must append an entry for each row it changes (action
 * 'migrated', see audit-chain.ts), or `rounds audit verify` will rightly report them as edited.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { AUDIT_CHAIN_DDL } from './audit-chain.js';
import { pgChainUnchained } from './pg-audit.js';
import { SqliteAuditChain } from './sqlite-audit.js';

export interface Migration {
  version: number;
  name: string;
  /** The SQLite step (DDL plus any backfill), run inside the migration's transaction. */
  sqlite(db: Database.Database, now: () => Date): void;
  /** The PostgreSQL step: one script of several statements, run inside the migration's transaction. */
  postgres: string;
  /** A PostgreSQL backfill that needs code (hashing), run after the script in the same transaction. */
  postgresBackfill?: (c: pg.ClientBase, now: () => Date) => Promise<void>;
}

/** v1's tables; portable SQL but for the float type (REAL is 4 bytes in PostgreSQL, 8 in SQLite). */
const V1 = (float: string) => `
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
    score ${float} NOT NULL,
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
`;

/** v2's DDL; PostgreSQL takes one ADD COLUMN per ALTER like SQLite, so the same text serves both. */
const V2 = (float: string) => `
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
    score ${float},
    PRIMARY KEY (answer_id, n)
  );
  CREATE INDEX answer_sources_doc ON answer_sources (doc_id, version);
`;

/**
 * v3: "Ask a person" escalations (open → answered → closed). One per answer: a repeat press finds the row and
 * notifies nobody again. Portable SQL (TEXT/INTEGER only): the same DDL serves both stores.
 */
const V3 = `
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
`;

/**
 * v4: the review console's audit trail. Every rating, change of rating and export by a reviewer, with the
 * identity as signed in (OIDC subject and name, or the typed id in shared-secret mode). Portable SQL.
 */
const V4 = `
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
`;

/**
 * v5's tables: state that several instances behind a load balancer must share. `seen_events` answers a
 * platform's redelivery once whichever instance receives it; `sessions` keeps a review-console sign-in valid on
 * every instance. Keys of sessions are SHA-256 hashes of the cookie value, so a database reader cannot sign in.
 */
const V5 = `
  CREATE TABLE seen_events (
    key TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX seen_events_expiry ON seen_events (expires_at);
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_expiry ON sessions (expires_at);
`;

/**
 * v6's genesis: the chain starts with one entry that says so, then one entry per record already stored (action
 * 'existing'), so an upgraded store verifies from its first day and shows what predates the chain.
 */
const GENESIS = {
  kind: 'genesis' as const,
  ref: 'v6',
  action: 'chain started',
  content: { note: 'records stored before the audit chain was added are chained as they were at upgrade' },
};

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'answers and ratings',
    sqlite(db) {
      db.exec(V1('REAL'));
    },
    postgres: V1('DOUBLE PRECISION'),
  },
  {
    // v2: rater roles (reviewer ratings are the evaluation data) and one row per cited source, so reports
    // and audits can ask "which answers relied on document X, version Y" without parsing JSON.
    version: 2,
    name: 'rating roles and cited sources',
    sqlite(db) {
      db.exec(V2('REAL'));
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
    // No backfill: a PostgreSQL store starts at v2 (there were never v1-only PostgreSQL stores); copies from
    // SQLite (`rounds feedback copy-to-postgres`) bring answer_sources with them.
    postgres: V2('DOUBLE PRECISION'),
  },
  {
    version: 3,
    name: 'escalations',
    sqlite(db) {
      db.exec(V3);
    },
    postgres: V3,
  },
  {
    version: 4,
    name: 'reviewer audit events',
    sqlite(db) {
      db.exec(V4);
    },
    postgres: V4,
  },
  {
    version: 5,
    name: 'shared state: seen events and sessions',
    sqlite(db) {
      db.exec(V5);
    },
    postgres: V5,
  },
  {
    // v6: the tamper-evident audit chain (audit-chain.ts), with the records already stored chained at upgrade.
    version: 6,
    name: 'audit chain',
    sqlite(db, now) {
      db.exec(AUDIT_CHAIN_DDL);
      new SqliteAuditChain(db, now).chainUnchained(GENESIS, 'existing');
    },
    postgres: AUDIT_CHAIN_DDL,
    async postgresBackfill(c, now) {
      await pgChainUnchained(c, GENESIS, 'existing', now);
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

export function currentVersion(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * The migrations a database lacks, in version order. Every missing version is applied, not only those above
 * the highest applied one, so migrations written in parallel branches can land in any order. Throws (with the
 * fix) for a database that has a version this build does not know: it was written by a newer Rounds.
 */
export function pendingMigrations(applied: Iterable<number>, migrations: Migration[] = MIGRATIONS): Migration[] {
  const have = new Set(applied);
  const known = new Set(migrations.map((m) => m.version));
  const latest = Math.max(...migrations.map((m) => m.version));
  if ([...have].some((v) => !known.has(v))) {
    const from = Math.max(...have);
    throw new Error(`database schema is version ${from} but this build of Rounds knows only up to ${latest}: upgrade Rounds`);
  }
  return migrations.filter((m) => !have.has(m.version)).sort((a, b) => a.version - b.version);
}

/** Applies pending migrations; returns the versions applied. Refuses a database newer than this build. */
export function migrate(db: Database.Database, now: () => Date, migrations: Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  const run = db.transaction(() => {
    currentVersion(db);
    const have = (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version);
    for (const m of pendingMigrations(have, migrations)) {
      m.sqlite(db, now);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now().toISOString());
      applied.push(m.version);
    }
  });
  run.immediate();
  return applied;
}
