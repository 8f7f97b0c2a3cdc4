/**
 * Turns an `AnswerQuery` into one parameterised SQL statement over `answers` (never string-built from values).
 * "Needs review" means any 👎 (from a reviewer or an asker) or any rating with reason "unsafe": the answers a
 * clinician lead must look at. The asker of a 👎 is told reviewers will look at it, so every 👎 must reach them.
 */
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { AnswerQuery } from '../core/ports.js';
import { isoOrThrow } from './answer-row.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export const NEEDS_REVIEW_SQL = "EXISTS (SELECT 1 FROM ratings r WHERE r.answer_id = a.id AND (r.value = 'down' OR r.reason = 'unsafe'))";

/** `?` placeholders become `$1..$n` for PostgreSQL (the statements here never hold a literal `?`). */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export function buildAnswerQuery(q: AnswerQuery, dialect: 'sqlite' | 'postgres' = 'sqlite'): { sql: string; params: unknown[] } {
  // Collections are a JSON array in a text column in both stores.
  const collectionsOf = dialect === 'postgres' ? 'jsonb_array_elements_text(a.collections::jsonb) AS c(value)' : 'json_each(a.collections)';
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.since !== undefined) {
    where.push('a.created_at >= ?');
    params.push(isoOrThrow(q.since, 'since'));
  }
  if (q.label !== undefined) {
    where.push('a.label = ?');
    params.push(q.label);
  }
  if (q.status !== undefined) {
    where.push('a.status = ?');
    params.push(q.status);
  }
  if (q.collection !== undefined) {
    where.push(
      `(EXISTS (SELECT 1 FROM ${collectionsOf} WHERE value = ?) OR EXISTS (SELECT 1 FROM answer_sources s WHERE s.answer_id = a.id AND s.collection = ?))`,
    );
    params.push(q.collection, q.collection);
  }
  if (q.channelId !== undefined) {
    where.push('a.channel_id = ?');
    params.push(q.channelId);
  }
  if (q.rating === 'none') {
    where.push('NOT EXISTS (SELECT 1 FROM ratings r WHERE r.answer_id = a.id)');
  } else if (q.rating === 'up' || q.rating === 'down') {
    where.push('EXISTS (SELECT 1 FROM ratings r WHERE r.answer_id = a.id AND r.value = ?)');
    params.push(q.rating);
  } else if (q.rating !== undefined) {
    throw new RoundsError(ErrorCode.InvalidInput, `rating filter "${String(q.rating)}" is not one of: up, down, none`);
  }
  if (q.needsReview === true) where.push(NEEDS_REVIEW_SQL);
  else if (q.needsReview === false) where.push(`NOT ${NEEDS_REVIEW_SQL}`);

  const limit = q.limit ?? DEFAULT_LIMIT;
  const offset = q.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new RoundsError(ErrorCode.InvalidInput, `limit must be an integer from 1 to ${MAX_LIMIT} (got ${String(limit)})`);
  }
  if (!Number.isInteger(offset) || offset < 0) throw new RoundsError(ErrorCode.InvalidInput, `offset must be a non-negative integer`);
  params.push(limit, offset);
  const sql = `SELECT a.* FROM answers a ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.created_at DESC, a.id ASC LIMIT ? OFFSET ?`;
  return { sql: dialect === 'postgres' ? toPgPlaceholders(sql) : sql, params };
}
