/**
 * The audit chain on the SQLite store. Appends run inside the caller's IMMEDIATE transaction, so a record and its
 * entry are written together or not at all, and SQLite's single writer gives the chain its one order. Verify
 * reads the chain and every record inside one read transaction: a snapshot, even while the bot writes.
 */
import type Database from 'better-sqlite3';
import {
  type AuditEntry,
  type AuditEntryRow,
  type AuditHead,
  type AuditStep,
  contentHash,
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

const PAGE = 1000;

export class SqliteAuditChain {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  /** Appends entries for `steps` after the head. Must run inside the write transaction of the records it covers. */
  append(steps: (AuditStep & { contentHash?: string })[]): AuditEntry[] {
    if (steps.length === 0) return [];
    if (!this.db.inTransaction) throw new Error('audit entries must be appended inside the write transaction');
    const hashed = steps.map((s) => (s.contentHash ? { ...s, contentHash: s.contentHash } : { ...s, ...this.hashOf(s) }));
    const entries = linkEntries(this.head(), hashed, this.now().toISOString());
    const insert = this.db.prepare(`INSERT INTO audit_chain (${INSERT_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const e of entries)
      insert.run(e.seq, e.at, e.kind, e.ref, e.action, e.actor, e.detail, e.format, e.contentHash, e.prevHash, e.hash);
    return entries;
  }

  /** The content hash of a step, and for a record its ref as stored (see wellFormed()). */
  private hashOf(step: AuditStep): { contentHash: string; ref: string } {
    if (step.content) return { contentHash: contentHash(step.content), ref: step.ref };
    const kind = step.kind as RecordKind;
    if (!(RECORD_KINDS as readonly string[]).includes(kind)) throw new Error(`audit step ${step.kind} needs content`);
    const row = this.db.prepare(oneRecordSql(kind)).get(...RECORD_TABLES[kind].keyOf(step.ref)) as Row | undefined;
    if (!row) throw new Error(`audit step for a ${kind} that is not stored: ${step.ref}`);
    const sources = kind === 'answer' ? (this.db.prepare(SOURCES_OF_ONE_SQL).all(step.ref) as Row[]) : [];
    return { contentHash: contentHash(recordContent(kind, row, sources)), ref: RECORD_TABLES[kind].ref(row) };
  }

  head(): AuditHead | undefined {
    const row = this.db.prepare('SELECT seq, hash, at FROM audit_chain ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined;
    return row ? { seq: Number(row.seq), hash: row.hash, at: row.at } : undefined;
  }

  /** The latest entry of each of these records (for the export's hashes). */
  latestFor(kind: RecordKind, refs: string[]): Map<string, AuditEntry> {
    const out = new Map<string, AuditEntry>();
    const stmt = this.db.prepare('SELECT * FROM audit_chain WHERE kind = ? AND ref = ? ORDER BY seq DESC LIMIT 1');
    for (const ref of new Set(refs)) {
      const row = stmt.get(kind, ref) as AuditEntryRow | undefined;
      if (row) out.set(ref, rowToEntry(row));
    }
    return out;
  }

  /** Every entry of these records, oldest first (an answer's history for an inspector). */
  entriesFor(kind: RecordKind, ref: string): AuditEntry[] {
    return (this.db.prepare('SELECT * FROM audit_chain WHERE kind = ? AND ref = ? ORDER BY seq').all(kind, ref) as AuditEntryRow[]).map(
      rowToEntry,
    );
  }

  /**
   * Chains every record that has no entry yet: all of them when the chain is created over an existing store
   * (genesis), the rows a copy brought in (import). `header` is the entry that says why, written first.
   */
  chainUnchained(header: AuditStep & { content: Record<string, unknown> }, action: string): number {
    const steps: (AuditStep & { contentHash: string })[] = [];
    for (const kind of RECORD_KINDS) {
      // A table a lower-numbered migration creates may land after this one (migrations.ts): nothing to chain yet.
      if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(RECORD_TABLES[kind].table)) continue;
      const chained = new Set(
        (this.db.prepare('SELECT DISTINCT ref FROM audit_chain WHERE kind = ?').all(kind) as { ref: string }[]).map((r) => r.ref),
      );
      this.eachRecord(kind, (ref, hash) => {
        if (!chained.has(ref)) steps.push({ kind, ref, action, contentHash: hash });
      });
    }
    this.append([{ ...header, content: { ...header.content, records: steps.length } }, ...steps]);
    return steps.length;
  }

  private eachRecord(kind: RecordKind, visit: (ref: string, hash: string) => void): void {
    const t = RECORD_TABLES[kind];
    const page = this.db.prepare(recordPageSql(kind, PAGE));
    const sourcesOf = this.db.prepare(SOURCES_OF_RANGE_SQL);
    let last: Row | undefined;
    for (;;) {
      const rows = page.all(...pageParams(kind, last)) as Row[];
      if (rows.length === 0) return;
      const sources = new Map<string, Row[]>();
      if (kind === 'answer') {
        for (const s of sourcesOf.all(rows[0]?.id, rows[rows.length - 1]?.id) as Row[]) {
          const list = sources.get(String(s.answer_id)) ?? [];
          list.push(s);
          sources.set(String(s.answer_id), list);
        }
      }
      for (const row of rows) visit(t.ref(row), contentHash(recordContent(kind, row, sources.get(String(row.id)) ?? [])));
      last = rows[rows.length - 1];
    }
  }

  async verify(anchors: Anchor[] = []): Promise<AuditReport> {
    const v = new ChainVerifier(anchors);
    // One read transaction: the chain and the records as of one moment.
    const walk = this.db.transaction(() => {
      const page = this.db.prepare('SELECT * FROM audit_chain WHERE seq > ? ORDER BY seq LIMIT ?');
      let after = 0;
      for (;;) {
        const rows = page.all(after, PAGE) as AuditEntryRow[];
        if (rows.length === 0) break;
        for (const r of rows) v.addEntry(rowToEntry(r));
        after = Number(rows[rows.length - 1]?.seq);
      }
      for (const kind of RECORD_KINDS) this.eachRecord(kind, (ref, hash) => v.addRecord(kind, ref, hash));
    });
    walk.deferred();
    return v.finish();
  }
}
