/**
 * The `reviewer_events` row (migration 4) and the checks on a reviewer's identity before it enters the audit
 * trail. Shared by every FeedbackStore implementation that keeps the table (SQLite now, PostgreSQL later).
 */
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { RatingReason, RatingValue, ReviewerActor, ReviewerEvent } from '../core/ports.js';

export interface ReviewerEventRow {
  id: string;
  answer_id: string;
  at: string;
  action: ReviewerEvent['action'];
  actor_id: string;
  actor_name: string | null;
  auth_method: ReviewerActor['method'];
  value: string | null;
  previous_value: string | null;
  reason: string | null;
}

const MAX_ID_CHARS = 256;
const MAX_NAME_CHARS = 200;

/** The actor as stored: a non-empty id, a known method, a name without control characters and capped in length. */
export function cleanActor(actor: ReviewerActor): ReviewerActor {
  if (typeof actor?.id !== 'string' || actor.id.trim() === '' || actor.id.length > MAX_ID_CHARS) {
    throw new RoundsError(ErrorCode.InvalidInput, `a reviewer event needs the reviewer's id (1 to ${MAX_ID_CHARS} characters)`);
  }
  if (actor.method !== 'oidc' && actor.method !== 'secret') {
    throw new RoundsError(ErrorCode.InvalidInput, `reviewer sign-in method "${String(actor.method)}" is not one of: oidc, secret`);
  }
  const name =
    typeof actor.name === 'string'
      ? actor.name
          .replace(/[\u0000-\u001f\u007f]/g, ' ')
          .trim()
          .slice(0, MAX_NAME_CHARS)
      : '';
  return { id: actor.id, method: actor.method, ...(name ? { name } : {}) };
}

export function rowToReviewerEvent(row: ReviewerEventRow): ReviewerEvent {
  return {
    id: row.id,
    answerId: row.answer_id,
    at: row.at,
    action: row.action,
    actor: { id: row.actor_id, method: row.auth_method, ...(row.actor_name ? { name: row.actor_name } : {}) },
    ...(row.value ? { value: row.value as RatingValue } : {}),
    ...(row.previous_value ? { previousValue: row.previous_value as RatingValue } : {}),
    ...(row.reason ? { reason: row.reason as RatingReason } : {}),
  };
}
