/**
 * The audit chain: every answer, rating, reviewer action, escalation step and purge appends one entry to the
 * `audit_chain` table, in the same transaction as the write it records. An entry holds the SHA-256 of its
 * record's content as stored (`content_hash`) and the hash of the entry before it (`prev_hash`); its own `hash`
 * covers both and everything else in the entry. Editing a record, or editing, deleting or reordering an entry,
 * breaks a hash that `rounds audit verify` recomputes, and the head hash kept outside the database (`rounds audit
 * anchor`, logged daily by `rounds start`) shows whether the history up to it was rewritten as a whole.
 *
 * Serialisation is RFC 8785 (JSON Canonicalization Scheme, the `canonicalize` package): sorted keys, ES number
 * form, so an inspector can recompute a hash with any JCS implementation, in any language, from an exported row.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** What an entry records. 'genesis' opens a chain; 'purge' is one retention run; 'import' a copy from another store. */
export type AuditKind = 'genesis' | 'answer' | 'rating' | 'reviewer_event' | 'escalation' | 'purge' | 'import';
export const RECORD_KINDS = ['answer', 'rating', 'reviewer_event', 'escalation'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * The content format: which columns of each record the content hash covers (audit-records.ts). A later schema
 * that adds a column keeps format 1 for existing entries and raises the format for new ones, so old hashes stay true.
 */
export const CONTENT_FORMAT = 1;

/** The prev_hash of the first entry. */
export const GENESIS_PREV = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  at: string;
  kind: AuditKind;
  /** The record's key: answer id, escalation id, event id, JSON [answer_id, rater_id] for a rating. */
  ref: string;
  /** What happened: recorded, reply_linked, rated, rating_changed, exported, opened, answered, closed, purged, … */
  action: string;
  /** Who did it, when the store knows (a reviewer, the operator who purged); null for the bot's own writes. */
  actor: string | null;
  /** Canonical JSON of facts about the step that are not in the record (a tombstone's purged fields), or null. */
  detail: string | null;
  format: number;
  contentHash: string;
  prevHash: string;
  hash: string;
}

/** One step to append: the store fills in the content hash (from the record as stored), seq, time and links. */
export interface AuditStep {
  kind: AuditKind;
  ref: string;
  action: string;
  actor?: string | null;
  detail?: Record<string, unknown> | null;
  /** Content for entries that are not records (genesis, purge, import): hashed as given. */
  content?: Record<string, unknown>;
}

export interface AuditHead {
  seq: number;
  hash: string;
  at: string;
}

/**
 * Lone UTF-16 surrogates (from a malformed payload) cannot be serialised canonically, and each database driver
 * stores them as U+FFFD in its own way: strings in an entry are made well-formed before they are hashed, so the
 * entry reads back exactly as hashed. Record refs are taken from the stored row for the same reason.
 */
export function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, '\uFFFD');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('audit content cannot be serialised');
  return text;
}

export function contentHash(content: unknown): string {
  return sha256(canonicalJson(content));
}

/** The entry's own hash: everything in the entry but the hash, canonically serialised. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return sha256(
    canonicalJson({
      seq: e.seq,
      at: e.at,
      kind: e.kind,
      ref: e.ref,
      action: e.action,
      actor: e.actor,
      detail: e.detail,
      format: e.format,
      content_hash: e.contentHash,
      prev_hash: e.prevHash,
    }),
  );
}

/** Links `steps` (with their content hashes) after `head`, all at time `at`. */
export function linkEntries(
  head: Pick<AuditHead, 'seq' | 'hash'> | undefined,
  steps: (AuditStep & { contentHash: string })[],
  at: string,
): AuditEntry[] {
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_PREV;
  return steps.map((s) => {
    seq += 1;
    const body: Omit<AuditEntry, 'hash'> = {
      seq,
      at,
      kind: s.kind,
      ref: wellFormed(s.ref),
      action: s.action,
      actor: s.actor == null ? null : wellFormed(s.actor),
      detail: s.detail ? canonicalJson(s.detail) : null,
      format: CONTENT_FORMAT,
      contentHash: s.contentHash,
      prevHash: prev,
    };
    const entry = { ...body, hash: entryHash(body) };
    prev = entry.hash;
    return entry;
  });
}

/** The audit_chain row as both stores return it. */
export interface AuditEntryRow {
  seq: number;
  at: string;
  kind: string;
  ref: string;
  action: string;
  actor: string | null;
  detail: string | null;
  format: number;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

export function rowToEntry(r: AuditEntryRow): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    kind: r.kind as AuditKind,
    ref: r.ref,
    action: r.action,
    actor: r.actor,
    detail: r.detail,
    format: Number(r.format),
    contentHash: r.content_hash,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export function entryToParams(e: AuditEntry): unknown[] {
  return [e.seq, e.at, e.kind, e.ref, e.action, e.actor, e.detail, e.format, e.contentHash, e.prevHash, e.hash];
}

export const INSERT_ENTRY_COLUMNS = 'seq, at, kind, ref, action, actor, detail, format, content_hash, prev_hash, hash';

/** The table, portable SQL. Entries are found by record (kind, ref) for the export and `rounds audit show`. */
export const AUDIT_CHAIN_DDL = `
  CREATE TABLE audit_chain (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT,
    detail TEXT,
    format INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_chain_ref ON audit_chain (kind, ref, seq);
  CREATE UNIQUE INDEX audit_chain_hash ON audit_chain (hash);
`;

/** How a record is named to a person: "answer ans-1", "rating by U1 of answer ans-1". */
export function describeRef(kind: string, ref: string): string {
  if (kind === 'rating') {
    try {
      const [answerId, raterId] = JSON.parse(ref) as [string, string];
      return `rating by ${raterId} of answer ${answerId}`;
    } catch {
      return `rating ${ref}`;
    }
  }
  return `${kind.replace('_', ' ')} ${ref}`;
}

export function ratingRef(answerId: string, raterId: string): string {
  return JSON.stringify([answerId, raterId]);
}
