/**
 * Checks and cleans a rating before it is stored: fixed values and reasons only, and free-text comments
 * redacted like questions (a reviewer may well paste an MRN into "what was wrong") and capped in length.
 */
import { ErrorCode, RoundsError } from '../core/errors.js';
import { RATING_REASONS, type RatingInput, type RatingReason, type RatingRole, type RatingValue } from '../core/ports.js';
import { redact } from '../core/redact/redact.js';

/** Stored comment length. Slack modal text inputs allow 3000 characters; a reason needs far fewer. */
export const MAX_COMMENT_CHARS = 1000;
/** Longer input is cut (at a word boundary) before redaction so a pasted document cannot stall the regexes. */
const MAX_COMMENT_INPUT_CHARS = 8000;
const MAX_ID_CHARS = 256;
const ROLES: readonly RatingRole[] = ['reviewer', 'asker', 'other'];

export interface CleanRating {
  answerId: string;
  raterId: string;
  role: RatingRole;
  value: RatingValue;
  reason: RatingReason | null;
  comment: string | null;
  /** Kinds of identifiers removed from the comment, e.g. ["mrn"] (recorded for audit, never the values). */
  commentRedactions: string[];
  platform: string | null;
  workspaceId: string | null;
}

function invalid(message: string): RoundsError {
  return new RoundsError(ErrorCode.InvalidInput, message);
}

function id(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${what} is required (a non-empty string)`);
  if (value.length > MAX_ID_CHARS) throw invalid(`${what} is too long (${value.length} characters, at most ${MAX_ID_CHARS})`);
  return value;
}

export function cleanComment(comment: string): { text: string; kinds: string[] } | null {
  let raw = comment.trim();
  if (raw === '') return null;
  if (raw.length > MAX_COMMENT_INPUT_CHARS) {
    const cut = raw.lastIndexOf(' ', MAX_COMMENT_INPUT_CHARS);
    raw = raw.slice(0, cut > 0 ? cut : MAX_COMMENT_INPUT_CHARS);
  }
  const first = redact(raw);
  let text = first.text;
  if (text.length > MAX_COMMENT_CHARS) {
    // Cutting can split a redaction token or a word; redact again so no partial identifier survives the cut.
    text = `${redact(text.slice(0, MAX_COMMENT_CHARS - 1)).text}…`;
  }
  return { text, kinds: first.kinds };
}

export function cleanRating(input: RatingInput): CleanRating {
  if (input === null || typeof input !== 'object') throw invalid('a rating must be an object with answerId, raterId and value');
  const answerId = id(input.answerId, 'answerId');
  const raterId = id(input.raterId, 'raterId');
  if (input.value !== 'up' && input.value !== 'down') {
    throw invalid(`rating value "${String(input.value)}" is not valid: use "up" (👍) or "down" (👎)`);
  }
  if (input.reason !== undefined && input.reason !== null && !RATING_REASONS.includes(input.reason)) {
    throw invalid(`rating reason "${String(input.reason)}" is not one of: ${RATING_REASONS.join(', ')}`);
  }
  const role = input.role ?? 'other';
  if (!ROLES.includes(role)) throw invalid(`rating role "${String(role)}" is not one of: ${ROLES.join(', ')}`);
  if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string') {
    throw invalid('rating comment must be text');
  }
  const comment = input.comment ? cleanComment(input.comment) : null;
  return {
    answerId,
    raterId,
    role,
    value: input.value,
    reason: input.reason ?? null,
    comment: comment?.text ?? null,
    commentRedactions: comment?.kinds ?? [],
    platform: input.platform ?? null,
    workspaceId: input.workspaceId ?? null,
  };
}
