/**
 * The 👎 modal: a reason (RATING_REASONS) and free text. Everything the submission needs to find the answer
 * and its message rides in `private_metadata` (Slack caps it at 3,000 characters), so no session is kept.
 */
import type { types, ViewOutput } from '@slack/bolt';
import { z } from 'zod';
import { RATING_REASONS, type RatingReason } from '../../src/core/ports.js';
import type { FeedbackStyle } from './blocks.js';

export const DOWNVOTE_CALLBACK_ID = 'rounds_feedback_down';
const REASON_BLOCK = 'reason';
const COMMENT_BLOCK = 'comment';
/** The feedback store keeps comments up to 1,000 characters (src/store/rating-input.ts); Slack would allow 3,000. */
export const MAX_COMMENT_CHARS = 1000;

export const REASON_LABELS: Record<RatingReason, string> = {
  incorrect: 'Incorrect or misleading',
  outdated_source: 'Outdated source',
  missing_information: 'Missing information',
  irrelevant_source: 'Irrelevant source',
  unsafe: 'Unsafe for patients',
  other: 'Other',
};

const metaSchema = z.object({
  answerId: z.string().min(1),
  channel: z.string().optional(),
  ts: z.string().optional(),
  ephemeral: z.boolean().optional(),
  responseUrl: z.string().url().optional(),
  style: z.enum(['feedback_buttons', 'buttons', 'none']),
  sharedBy: z.string().optional(),
});
export type DownvoteMeta = z.infer<typeof metaSchema>;

export function buildDownvoteModal(meta: DownvoteMeta): types.ModalView {
  const privateMetadata = JSON.stringify(meta);
  if (privateMetadata.length > 3000) throw new Error('private_metadata over Slack’s 3,000-character limit');
  return {
    type: 'modal',
    callback_id: DOWNVOTE_CALLBACK_ID,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'What was wrong?' },
    submit: { type: 'plain_text', text: 'Send feedback' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Your 👎 is already recorded. A reason helps reviewers fix the knowledge base. Please do not include patient identifiers.',
        },
      },
      {
        type: 'input',
        block_id: REASON_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'radio_buttons',
          action_id: REASON_BLOCK,
          options: RATING_REASONS.map((r) => ({ text: { type: 'plain_text', text: REASON_LABELS[r] }, value: r })),
        },
      },
      {
        type: 'input',
        block_id: COMMENT_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Anything else?' },
        element: { type: 'plain_text_input', action_id: COMMENT_BLOCK, multiline: true, max_length: MAX_COMMENT_CHARS },
      },
    ],
  };
}

export type ParsedDownvote =
  | { ok: true; meta: DownvoteMeta; reason?: RatingReason; comment?: string }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; badMetadata: true };

/** Validates a view_submission; field errors go back to Slack as `response_action: 'errors'`. */
export function parseDownvote(view: ViewOutput): ParsedDownvote {
  let meta: DownvoteMeta;
  try {
    meta = metaSchema.parse(JSON.parse(view.private_metadata || '{}'));
  } catch {
    return { ok: false, badMetadata: true };
  }
  const values = view.state.values;
  const reasonValue = values[REASON_BLOCK]?.[REASON_BLOCK]?.selected_option?.value ?? undefined;
  const commentValue = values[COMMENT_BLOCK]?.[COMMENT_BLOCK]?.value?.trim() || undefined;
  const errors: Record<string, string> = {};
  if (reasonValue !== undefined && !(RATING_REASONS as readonly string[]).includes(reasonValue))
    errors[REASON_BLOCK] = 'Pick one of the listed reasons.';
  if (commentValue && commentValue.length > MAX_COMMENT_CHARS) errors[COMMENT_BLOCK] = `Keep it under ${MAX_COMMENT_CHARS} characters.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    meta,
    ...(reasonValue ? { reason: reasonValue as RatingReason } : {}),
    ...(commentValue ? { comment: commentValue } : {}),
  };
}

export type { FeedbackStyle };
