/**
 * The audit chain on PostgreSQL, shared by several Rounds instances. One chain, one order: an append takes a
 * transaction-scoped advisory lock (`pg_advisory_xact_lock`) before it reads the head and inserts, and holds it to
 * COMMIT, so entries from every instance take consecutive numbers in commit order and each links to the one
 * committed before it. The lock is taken last in the write transaction, after the records are written and their
 * hashes computed, so it is held only for one read, one insert and the commit; and a transaction that holds it
 * never waits for a row lock, so it cannot deadlock with another writer. (Per-instance chains joined by anchor
 * entries were weighed and dropped: they would give no single order to verify, and the lock measured no
 * throughput problem at the store's write rates, see docs/feedback.md.)
 */
import type pg from 'pg';
import { toPgPlaceholders } from './answer-query.js';
import {
  type AuditEntry,
  type AuditEntryRow,
  type AuditHead,
  type AuditStep,
  contentHash,
  entryToParams,
  INSERT_ENTRY_COLUMNS,
  linkEntries,
  RECORD_KINDS,
  type RecordKind,
  rowToEntry,
} from './audit-chain.js';
import {
  oneRecordSql,
  pageParams,
  RECORD_TABLES,
  type Row,
  recordContent,
  recordPageSql,
  SOURCES_OF_ONE_SQL,
  SOURCES_OF_RANGE_SQL,
} from './audit-records.js';
import { type Anchor, type AuditReport, ChainVerifier } from './audit-verify.js';

/** Any constant works: it only has to be the same in every instance writing the same database ("rchn"). */
export const CHAIN_LOCK = 0x7263686e;
const PAGE = 1000;
/** 11 parameters an entry; PostgreSQL allows 65535 parameters a statement. */
const INSERT_BATCH = 500;

type Db = pg.Pool | pg.ClientBase;

async function rows<R extends pg.QueryResultRow = Row>(c: Db, sql: string, params: unknown[] = []): Promise<R[]> {
  return (await c.query<R>(toPgPlaceholders(sql), params)).rows;
}

/** Appends entries for `steps`; `c` is the client of the write transaction that wrote the records. */
export async function appendPg(c: pg.ClientBase, steps: (AuditStep & { contentHash?: string })[], now: () => Date): Promise<AuditEntry[]> {
  if (steps.length === 0) return [];
  const hashed: (AuditStep & { contentHash: string })[] = [];
  for (const s of steps) hashed.push(s.contentHash ? { ...s, contentHash: s.contentHash } : { ...s, ...(await hashOf(c, s)) });
  await c.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const [head] = await rows<AuditHead>(c, 'SELECT seq, hash, at FROM audit_chain ORDER BY seq DESC LIMIT 1');
  // The time is read under the lock, so entry times never go backwards along the chain.
  const entries = linkEntries(head ? { seq: Number(head.seq), hash: head.hash } : undefined, hashed, now().toISOString());
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    const batch = entries.slice(i, i + INSERT_BATCH);
    const params: unknown[] = [];
    const tuples = batch.map(
      (e) =>
        `(${entryToParams(e)
          .map((v) => `$${params.push(v)}`)
          .join(', ')})`,
    );
    await c.query(`INSERT INTO audit_chain (${INSERT_ENTRY_COLUMNS}) VALUES ${tuples.join(', ')}`, params);
  }
  return entries;
}

/** The content hash of a step, and for a record its ref as stored (see wellFormed()). */
async function hashOf(c: Db, step: AuditStep): Promise<{ contentHash: string; ref: string }> {
  if (step.content) return { contentHash: contentHash(step.content), ref: step.ref };
  const kind = step.kind as RecordKind;
  if (!(RECORD_KINDS as readonly string[]).includes(kind)) throw new Error(`audit step ${step.kind} needs content`);
  const [row] = await rows(c, oneRecordSql(kind), RECORD_TABLES[kind].keyOf(step.ref));
  if (!row) throw new Error(`audit step for a ${kind} that is not stored: ${step.ref}`);
  const sources = kind === 'answer' ? await rows(c, SOURCES_OF_ONE_SQL, [step.ref]) : [];
  return { contentHash: contentHash(recordContent(kind, row, sources)), ref: RECORD_TABLES[kind].ref(row) };
}

export async function pgAuditHead(c: Db): Promise<AuditHead | undefined> {
  const [head] = await rows<AuditHead>(c, 'SELECT seq, hash, at FROM audit_chain ORDER BY seq DESC LIMIT 1');
  return head ? { seq: Number(head.seq), hash: head.hash, at: head.at } : undefined;
}

export async function pgLatestFor(c: Db, kind: RecordKind, refs: string[]): Promise<Map<string, AuditEntry>> {
  const out = new Map<string, AuditEntry>();
  if (refs.length === 0) return out;
  const found = await c.query<AuditEntryRow>(
    `SELECT DISTINCT ON (ref) * FROM audit_chain WHERE kind = $1 AND ref = ANY($2::text[]) ORDER BY ref, seq DESC`,
    [kind, [...new Set(refs)]],
  );
  for (const r of found.rows) out.set(r.ref, rowToEntry(r));
  return out;
}

export async function pgEntriesFor(c: Db, kind: RecordKind, ref: string): Promise<AuditEntry[]> {
  return (await rows<AuditEntryRow>(c, 'SELECT * FROM audit_chain WHERE kind = ? AND ref = ? ORDER BY seq', [kind, ref])).map(rowToEntry);
}

async function eachRecord(c: Db, kind: RecordKind, visit: (ref: string, hash: string) => void): Promise<void> {
  const t = RECORD_TABLES[kind];
  let last: Row | undefined;
  for (;;) {
    const page = await rows(c, recordPageSql(kind, PAGE), pageParams(kind, last));
    if (page.length === 0) return;
    const sources = new Map<string, Row[]>();
    if (kind === 'answer') {
      for (const s of await rows(c, SOURCES_OF_RANGE_SQL, [page[0]?.id, page[page.length - 1]?.id])) {
        const list = sources.get(String(s.answer_id)) ?? [];
        list.push(s);
        sources.set(String(s.answer_id), list);
      }
    }
    for (const row of page) visit(t.ref(row), contentHash(recordContent(kind, row, sources.get(String(row.id)) ?? [])));
    last = page[page.length - 1];
  }
}

/** Chains every record with no entry yet (genesis over an existing store; rows a copy brought in), after `header`. */
export async function pgChainUnchained(
  c: pg.ClientBase,
  header: AuditStep & { content: Record<string, unknown> },
  action: string,
  now: () => Date,
): Promise<number> {
  const steps: (AuditStep & { contentHash: string })[] = [];
  for (const kind of RECORD_KINDS) {
    // A table a lower-numbered migration creates may land after this one (migrations.ts): nothing to chain yet.
    const [exists] = await rows(c, 'SELECT to_regclass(?) AS t', [RECORD_TABLES[kind].table]);
    if (!exists?.t) continue;
    const chained = new Set(
      (await rows<{ ref: string }>(c, 'SELECT DISTINCT ref FROM audit_chain WHERE kind = ?', [kind])).map((r) => r.ref),
    );
    await eachRecord(c, kind, (ref, hash) => {
      if (!chained.has(ref)) steps.push({ kind, ref, action, contentHash: hash });
    });
  }
  await appendPg(c, [{ ...header, content: { ...header.content, records: steps.length } }, ...steps], now);
  return steps.length;
}

/** Verifies in one REPEATABLE READ transaction: the chain and the records as of one snapshot. */
export async function pgVerify(pool: pg.Pool, anchors: Anchor[] = []): Promise<AuditReport> {
  const v = new ChainVerifier(anchors);
  const c = await pool.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let after = 0;
    for (;;) {
      const page = await rows<AuditEntryRow>(c, 'SELECT * FROM audit_chain WHERE seq > ? ORDER BY seq LIMIT ?', [after, PAGE]);
      if (page.length === 0) break;
      for (const r of page) v.addEntry(rowToEntry(r));
      after = Number(page[page.length - 1]?.seq);
    }
    for (const kind of RECORD_KINDS) await eachRecord(c, kind, (ref, hash) => v.addRecord(kind, ref, hash));
    const report = v.finish();
    await c.query('COMMIT');
    return report;
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}
