/**
 * What an audit entry's content hash covers, per kind of record (content format 1): the record's columns as the
 * store holds them, named explicitly so a column a later migration adds does not change the hash of rows written
 * before it. An answer's content includes its cited-source rows. The SQL is shared by both stores (`?`
 * placeholders; PostgreSQL's are converted), and so is the mapping from rows to content.
 */
import { type RecordKind, ratingRef, wellFormed } from './audit-chain.js';

const ANSWER_COLUMNS = [
  'id',
  'created_at',
  'platform',
  'workspace_id',
  'channel_id',
  'thread_id',
  'message_id',
  'reply_id',
  'asker_id',
  'status',
  'label',
  'score',
  'composer',
  'prompt_version',
  'llm_model',
  'embedder',
  'channel_profile',
  'collections',
  'question',
  'normalized_question',
  'answer_text',
  'sentences_json',
  'citations_json',
  'answer_json',
  'purged_at',
];
const SOURCE_COLUMNS = ['n', 'doc_id', 'version', 'collection', 'chunk_id', 'score'];
const RATING_COLUMNS = [
  'answer_id',
  'rater_id',
  'role',
  'value',
  'reason',
  'comment',
  'comment_redactions',
  'platform',
  'workspace_id',
  'created_at',
  'updated_at',
];
const EVENT_COLUMNS = ['id', 'answer_id', 'at', 'action', 'actor_id', 'actor_name', 'auth_method', 'value', 'previous_value', 'reason'];
const ESCALATION_COLUMNS = [
  'id',
  'answer_id',
  'platform',
  'status',
  'requested_by',
  'channel_profile',
  'notice_channel_id',
  'notice_id',
  'reply_text',
  'reply_redactions',
  'reply_by',
  'reply_id',
  'replied_at',
  'created_at',
  'updated_at',
  'closed_at',
];

export type Row = Record<string, unknown>;

interface RecordTable {
  table: string;
  columns: string[];
  /** Key columns, in sort order (keyset pagination). */
  key: string[];
  ref(row: Row): string;
  /** The key values of a ref. */
  keyOf(ref: string): unknown[];
}

export const RECORD_TABLES: Record<RecordKind, RecordTable> = {
  answer: { table: 'answers', columns: ANSWER_COLUMNS, key: ['id'], ref: (r) => String(r.id), keyOf: (ref) => [ref] },
  rating: {
    table: 'ratings',
    columns: RATING_COLUMNS,
    key: ['answer_id', 'rater_id'],
    ref: (r) => ratingRef(String(r.answer_id), String(r.rater_id)),
    keyOf: (ref) => {
      const parsed: unknown = JSON.parse(ref);
      return Array.isArray(parsed) && parsed.length === 2 ? parsed : [ref, ''];
    },
  },
  reviewer_event: { table: 'reviewer_events', columns: EVENT_COLUMNS, key: ['id'], ref: (r) => String(r.id), keyOf: (ref) => [ref] },
  escalation: { table: 'escalations', columns: ESCALATION_COLUMNS, key: ['id'], ref: (r) => String(r.id), keyOf: (ref) => [ref] },
};

/** One record by its ref. */
export function oneRecordSql(kind: RecordKind): string {
  const t = RECORD_TABLES[kind];
  return `SELECT ${t.columns.join(', ')} FROM ${t.table} WHERE ${t.key.map((k) => `${k} = ?`).join(' AND ')}`;
}

export const SOURCES_OF_ONE_SQL = `SELECT answer_id, ${SOURCE_COLUMNS.join(', ')} FROM answer_sources WHERE answer_id = ? ORDER BY n`;
/** The sources of a page of answers (ids between the page's first and last, in the same order). */
export const SOURCES_OF_RANGE_SQL = `SELECT answer_id, ${SOURCE_COLUMNS.join(', ')} FROM answer_sources WHERE answer_id >= ? AND answer_id <= ? ORDER BY answer_id, n`;

/** A page of records after `after` (the key of the last row of the previous page; start with firstKey()). */
export function recordPageSql(kind: RecordKind, limit: number): string {
  const t = RECORD_TABLES[kind];
  // (a > ?) OR (a = ? AND b > ?): row-value comparison spelled out, the same in SQLite and PostgreSQL.
  const after = t.key.length === 1 ? `${t.key[0]} > ?` : `(${t.key[0]} > ? OR (${t.key[0]} = ? AND ${t.key[1]} > ?))`;
  return `SELECT ${t.columns.join(', ')} FROM ${t.table} WHERE ${after} ORDER BY ${t.key.join(', ')} LIMIT ${limit}`;
}

export function pageParams(kind: RecordKind, lastRow: Row | undefined): unknown[] {
  const t = RECORD_TABLES[kind];
  const key = lastRow ? t.key.map((k) => lastRow[k]) : t.key.map(() => '');
  return t.key.length === 1 ? key : [key[0], key[0], key[1]];
}

/** The content the hash covers: the record's columns, and for an answer its sources. */
export function recordContent(kind: RecordKind, row: Row, sources: Row[] = []): Row {
  const t = RECORD_TABLES[kind];
  const content: Row = {};
  for (const c of t.columns) content[c] = normalise(row[c]);
  if (kind === 'answer') {
    content.sources = sources.map((s) => {
      const out: Row = {};
      for (const c of SOURCE_COLUMNS) out[c] = normalise(s[c]);
      return out;
    });
  }
  return content;
}

/** Both stores return numbers and text alike; undefined (a column missing) hashes as null; text is well-formed. */
function normalise(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return wellFormed(v);
  return v;
}
