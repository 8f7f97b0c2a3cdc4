/**
 * Copies an existing SQLite store into PostgreSQL (`rounds feedback copy-to-postgres`), for a deployment that
 * grows from one instance to several. Both stores are first brought to this build's schema version, then every
 * row of the audit tables is copied in one PostgreSQL transaction (all or nothing). Rows already there (same
 * primary key) are kept, so the copy can be re-run, e.g. once more after the last SQLite instance stopped.
 * Transient shared state (dedupe keys, sessions) is not copied.
 * The audit chain is not copied row for row: PostgreSQL has its own chain (its order is the one every instance
 * appends to). The copy appends an 'import' entry naming the SQLite chain's head and whether it verified, then one
 * 'imported' entry per record copied, in the same transaction; the SQLite file stays verifiable on its own.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Logger } from '../logger.js';
import type { AuditHead } from './audit-chain.js';
import { pgChainUnchained } from './pg-audit.js';
import { openPgStore, redactUrl } from './pg-store.js';
import { openSqliteStore } from './sqlite-store.js';

/** Parents before children (foreign keys); tables a later migration adds follow in name order. */
const FIRST = ['answers', 'answer_sources', 'ratings'];
const SKIP = new Set(['schema_migrations', 'seen_events', 'sessions', 'audit_chain']);
const BATCH = 500;

export interface CopyResult {
  tables: { table: string; read: number; copied: number }[];
  schemaVersion: number;
  /** The SQLite store's audit chain: its head and whether it verified before the copy. */
  sourceAudit: { head?: AuditHead; ok: boolean; problems: number };
  /** Records chained in PostgreSQL as imported. */
  chained: number;
}

export async function copySqliteToPostgres(from: string, to: string, logger?: Logger): Promise<CopyResult> {
  // Opening migrates each store to this build's schema (and refuses a newer one), so their tables match.
  const sqliteStore = openSqliteStore({ path: from, purgeAtOpen: false, ...(logger ? { logger } : {}) });
  const schemaVersion = await sqliteStore.schemaVersion();
  const verified = await sqliteStore.verifyAudit().finally(() => sqliteStore.close());
  const sourceAudit = { ...(verified.head ? { head: verified.head } : {}), ok: verified.ok, problems: verified.problemCount };
  const pgStore = await openPgStore({ url: to, purgeAtOpen: false, ...(logger ? { logger } : {}) });
  await pgStore.close();

  const src = new Database(from, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: to });
  await client.connect();
  try {
    const present = (
      src.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]
    )
      .map((r) => r.name)
      .filter((n) => !SKIP.has(n));
    const tables = [...FIRST.filter((t) => present.includes(t)), ...present.filter((t) => !FIRST.includes(t)).sort()];
    const result: CopyResult = { tables: [], schemaVersion, sourceAudit, chained: 0 };
    await client.query('BEGIN');
    for (const table of tables) {
      const pgCols = new Set(
        (
          await client.query<{ column_name: string }>(
            'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
            [table],
          )
        ).rows.map((r) => r.column_name),
      );
      if (pgCols.size === 0) {
        throw new RoundsError(
          ErrorCode.StoreFailed,
          `PostgreSQL has no table ${table} that the SQLite store has: is it the same Rounds version?`,
        );
      }
      const cols = (src.prepare(`PRAGMA table_info(${JSON.stringify(table)})`).all() as { name: string }[])
        .map((c) => c.name)
        .filter((c) => pgCols.has(c));
      const rows = src
        .prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)
        .raw()
        .all() as unknown[][];
      let copied = 0;
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        const params: unknown[] = [];
        const tuples = batch.map(
          (row) => `(${row.map((v) => `$${params.push(typeof v === 'string' ? v.replaceAll('\u0000', '') : v)}`).join(', ')})`,
        );
        const res = await client.query(
          `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
          params,
        );
        copied += res.rowCount ?? 0;
      }
      result.tables.push({ table, read: rows.length, copied });
    }
    const header = {
      kind: 'import' as const,
      ref: verified.head?.hash ?? 'no chain',
      action: 'copied from SQLite',
      content: { sourceHead: verified.head ?? null, sourceVerified: verified.ok, sourceProblems: verified.problemCount },
    };
    result.chained = await pgChainUnchained(client, header, 'imported', () => new Date());
    await client.query('COMMIT');
    logger?.info({ to: redactUrl(to), tables: result.tables }, 'sqlite store copied to postgres');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error instanceof RoundsError
      ? error
      : new RoundsError(ErrorCode.StoreFailed, `Copy to ${redactUrl(to)} failed (nothing was written): ${(error as Error).message}`, {
          cause: error,
        });
  } finally {
    src.close();
    await client.end();
  }
}
