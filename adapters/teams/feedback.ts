/**
 * The two ways a Teams user rates an answer:
 * - the built-in feedback loop (channelData.feedbackLoopEnabled): an `invoke` named `message/submitAction` with
 *   value { actionName: 'feedback', actionValue: { reaction: 'like' | 'dislike', feedback: '{"feedbackText":"…"}' } }
 *   and replyToId = the activity id of our reply (mapped back to the answer through the store);
 * - the Adaptive Card fallback: a `message` whose value is the 👍/👎 button's data (it names the answer id).
 */
import type { Activity } from 'botbuilder';
import type { RatingValue } from '../../src/core/ports.js';
import { type CardFeedbackData, FEEDBACK_MARKER } from './card.js';

export const FEEDBACK_INVOKE = 'message/submitAction';

/** Teams caps the feedback text box, but a modified client could send anything: keep comments bounded. */
const COMMENT_MAX = 2000;

export type ParsedFeedback = { ok: true; replyToId: string; value: RatingValue; comment?: string } | { ok: false; reason: string };

function commentFrom(feedback: unknown): string | undefined {
  if (typeof feedback !== 'string' || feedback.trim() === '') return undefined;
  let text: unknown = feedback;
  try {
    const parsed = JSON.parse(feedback) as { feedbackText?: unknown };
    text = typeof parsed === 'object' && parsed !== null ? parsed.feedbackText : undefined;
  } catch {
    // Not JSON: some clients send the text itself.
  }
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  return text.trim().slice(0, COMMENT_MAX);
}

export function isFeedbackInvoke(activity: Activity): boolean {
  return activity.type === 'invoke' && activity.name === FEEDBACK_INVOKE;
}

export function parseFeedbackInvoke(activity: Activity): ParsedFeedback {
  // biome-ignore lint/suspicious/noExplicitAny: untyped invoke payload, checked field by field.
  const value = activity.value as any;
  if (value?.actionName !== 'feedback') return { ok: false, reason: 'unsupported actionName' };
  const reaction = value.actionValue?.reaction;
  if (reaction !== 'like' && reaction !== 'dislike') return { ok: false, reason: 'reaction must be like or dislike' };
  if (typeof activity.replyToId !== 'string' || activity.replyToId === '') return { ok: false, reason: 'missing replyToId' };
  const comment = commentFrom(value.actionValue?.feedback);
  return { ok: true, replyToId: activity.replyToId, value: reaction === 'like' ? 'up' : 'down', ...(comment ? { comment } : {}) };
}

/** The card's submit data, or undefined when this message is not one of our rating buttons. */
export function cardFeedback(activity: Activity): CardFeedbackData | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: untyped submit data, checked field by field.
  const v = activity.value as any;
  if (activity.type !== 'message' || v?.kind !== FEEDBACK_MARKER) return undefined;
  if (typeof v.answerId !== 'string' || v.answerId === '' || (v.value !== 'up' && v.value !== 'down')) return undefined;
  return { kind: FEEDBACK_MARKER, answerId: v.answerId, value: v.value };
}

export function isCardSubmit(activity: Activity): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: untyped submit data.
  return activity.type === 'message' && (activity.value as any)?.kind === FEEDBACK_MARKER;
}
