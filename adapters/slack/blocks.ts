/**
 * Answer → Block Kit. Slack's limits shape this file: at most 50 blocks a message, at most 3,000 characters in a
 * section's text, 255 in a block_id, 2,000 in a button value. The answer id travels in block_ids (and in button
 * values) so feedback and "Share in channel" find the stored answer without any server-side session.
 */
import type { types } from '@slack/bolt';
import { calculationLine } from '../../src/core/compose/calculation-line.js';
import {
  abstentionHint,
  CONFIDENCE_EMOJI,
  CONFIDENCE_TITLE,
  citationLabel,
  citationVersionLine,
  confidenceLine,
  freshnessText,
  trimSnippet,
} from '../../src/core/compose/present.js';
import type { ChannelProfile, StoredRating } from '../../src/core/ports.js';
import type { Answer, Citation } from '../../src/core/types.js';
import { apologyText, type Fault } from '../fault.js';
import { clip, escapeMrkdwn, mrkdwnLink, splitText } from './mrkdwn.js';

type Block = types.KnownBlock;

/** Slack: "a maximum of 50 blocks" per message. */
export const MAX_BLOCKS = 50;
/** Slack: section text "Maximum length for this field is 3000 characters". */
export const MAX_SECTION_CHARS = 3000;
/** Context block text elements are capped at 2,000 characters by Slack. */
const MAX_CONTEXT_CHARS = 2000;
/** The notification/fallback `text` (also what thread history reads back). */
const MAX_FALLBACK_CHARS = 3000;

export type FeedbackStyle = 'feedback_buttons' | 'buttons' | 'none';

export const ACTION = {
  feedback: 'rounds_feedback',
  rateUp: 'rounds_rate_up',
  rateDown: 'rounds_rate_down',
  share: 'rounds_share',
  escalate: 'rounds_escalate',
} as const;

export const BLOCK_PREFIX = {
  answer: 'rounds_answer:',
  feedback: 'rounds_feedback:',
  share: 'rounds_share:',
  ratings: 'rounds_ratings:',
  escalate: 'rounds_escalate:',
} as const;

export interface RenderOptions {
  profile?: ChannelProfile;
  feedback: FeedbackStyle;
  /** Adds the "Share in channel" button (ephemeral slash-command answers). */
  share?: boolean;
  ratings?: StoredRating[];
  /** User id of whoever shared an ephemeral answer into the channel. */
  sharedBy?: string;
  /** Leave the answer text out: it was streamed (chat.startStream) and the blocks finish that message. */
  omitText?: boolean;
}

/** "Ask a person" is offered where the channel's profile names people to ask, on answers and abstentions alike. */
export function canEscalate(answer: Answer, profile: ChannelProfile | undefined): boolean {
  return answer.status !== 'refused' && Boolean(profile?.escalateTo?.slack);
}

function escalateBlock(answerId: string): Block {
  return {
    type: 'actions',
    block_id: `${BLOCK_PREFIX.escalate}${answerId}`,
    elements: [
      {
        type: 'button',
        action_id: ACTION.escalate,
        text: { type: 'plain_text', text: '🙋 Ask a person', emoji: true },
        value: answerId,
        accessibility_label: 'Send this question and answer to the people on call for this channel',
      },
    ],
  };
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** The answer id carried by one of our block_ids, or undefined. */
export function answerIdFromBlockId(blockId: string | undefined): string | undefined {
  if (!blockId) return undefined;
  for (const prefix of Object.values(BLOCK_PREFIX)) {
    if (blockId.startsWith(prefix)) return blockId.slice(prefix.length) || undefined;
  }
  return undefined;
}

function section(text: string, blockId?: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, MAX_SECTION_CHARS) }, ...(blockId ? { block_id: blockId } : {}) };
}

function context(text: string, blockId?: string): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: clip(text, MAX_CONTEXT_CHARS) }],
    ...(blockId ? { block_id: blockId } : {}),
  };
}

function citationBlocks(c: Citation): Block[] {
  const version = citationVersionLine(c);
  const lines = [`*[${c.n}]* ${mrkdwnLink(c.source, citationLabel(c))}`];
  if (version) lines.push(`_${escapeMrkdwn(version)}_`);
  lines.push(`> ${escapeMrkdwn(trimSnippet(c.snippet, 600))}`);
  if (c.source && !/^https?:\/\//i.test(c.source)) lines.push(`Source: ${escapeMrkdwn(c.source)}`);
  const blocks = [section(lines.join('\n'), `rounds_src_${c.n}`)];
  // Clinical safety: stale or superseded guidance must be visible next to the snippet, not only in a footer.
  if (c.warnings.length > 0) blocks.push(context(c.warnings.map((w) => `⚠️ ${escapeMrkdwn(freshnessText(w))}`).join('\n')));
  return blocks;
}

/** What screen readers say for the rating buttons (Slack: accessibility_label, at most 75 characters). */
const RATE_LABEL = { up: 'Rate this answer helpful', down: 'Rate this answer not helpful' } as const;

/**
 * The message's top-level `text`: what mobile notifications show and what screen readers fall back to when they
 * do not read the blocks. The answer, whom to ask when Rounds abstains, and the label in words (clipped so the
 * label always fits), escaped as mrkdwn like the blocks: a bare "<5 mg" would start a Slack control sequence.
 */
export function fallbackText(answer: Answer, profile?: ChannelProfile): string {
  const text = escapeMrkdwn(answer.text || 'Rounds answer');
  if (answer.status === 'refused') return clip(text, MAX_FALLBACK_CHARS);
  const tail = [
    ...(answer.status === 'insufficient_evidence' ? [escapeMrkdwn(abstentionHint(profile?.escalation))] : []),
    `${CONFIDENCE_EMOJI[answer.confidence.label]} ${CONFIDENCE_TITLE[answer.confidence.label]}`,
  ].join('\n');
  return `${clip(text, MAX_FALLBACK_CHARS - tail.length - 1)}\n${tail}`;
}

function feedbackBlock(answerId: string, style: FeedbackStyle, share: boolean): Block | undefined {
  const blockId = `${BLOCK_PREFIX.feedback}${answerId}`;
  if (style === 'feedback_buttons' && !share) {
    return {
      type: 'context_actions',
      block_id: blockId,
      elements: [
        {
          type: 'feedback_buttons',
          action_id: ACTION.feedback,
          positive_button: { text: { type: 'plain_text', text: '👍' }, value: 'up', accessibility_label: RATE_LABEL.up },
          negative_button: { text: { type: 'plain_text', text: '👎' }, value: 'down', accessibility_label: RATE_LABEL.down },
        },
      ],
    } as Block;
  }
  const elements: types.Button[] = [];
  if (share)
    elements.push({
      type: 'button',
      action_id: ACTION.share,
      text: { type: 'plain_text', text: 'Share in channel' },
      value: answerId,
      style: 'primary',
      accessibility_label: 'Share this answer in the channel',
    });
  if (style !== 'none') {
    elements.push(
      {
        type: 'button',
        action_id: ACTION.rateUp,
        text: { type: 'plain_text', text: '👍 Helpful', emoji: true },
        value: answerId,
        accessibility_label: RATE_LABEL.up,
      },
      {
        type: 'button',
        action_id: ACTION.rateDown,
        text: { type: 'plain_text', text: '👎 Not helpful', emoji: true },
        value: answerId,
        accessibility_label: RATE_LABEL.down,
      },
    );
  }
  if (elements.length === 0) return undefined;
  return { type: 'actions', block_id: share ? `${BLOCK_PREFIX.share}${answerId}` : blockId, elements };
}

/** "Rated: 👍 @Dr A (reviewer) · 👎 @B". Reviewer ratings are marked because they weigh more in evaluation. */
export function ratingsLine(ratings: StoredRating[]): string | undefined {
  if (ratings.length === 0) return undefined;
  const parts = ratings.map((r) => `${r.value === 'up' ? '👍' : '👎'} <@${r.raterId}>${r.role === 'reviewer' ? ' (reviewer)' : ''}`);
  return `Rated: ${parts.join(' · ')}`;
}

export function renderAnswer(answer: Answer, options: RenderOptions): SlackMessage {
  const head: Block[] = [];
  const textParts = options.omitText ? [] : splitText(escapeMrkdwn(answer.text || '(no answer text)'), MAX_SECTION_CHARS);
  textParts.forEach((part, i) => {
    head.push(section(part, i === 0 ? `${BLOCK_PREFIX.answer}${answer.id}` : undefined));
  });
  const calculation = calculationLine(answer);
  if (calculation) head.push(section(escapeMrkdwn(calculation)));
  if (options.sharedBy) head.unshift(context(`Shared by <@${options.sharedBy}> · question: ${escapeMrkdwn(clip(answer.question, 300))}`));
  if (answer.status !== 'refused') head.push(context(escapeMrkdwn(confidenceLine(answer))));
  // The figure behind the label and where it was measured (the evaluation sets, or this deployment's reviewers).
  if (answer.status !== 'refused' && answer.confidence.measured) head.push(context(escapeMrkdwn(answer.confidence.measured)));
  if (answer.status === 'insufficient_evidence') head.push(section(escapeMrkdwn(abstentionHint(options.profile?.escalation))));

  const sources: Block[] = [];
  if (answer.status !== 'refused' && answer.citations.length > 0) {
    sources.push(section(answer.status === 'insufficient_evidence' ? '*Closest sources* (not relied on)' : '*Sources*'));
    for (const c of answer.citations) sources.push(...citationBlocks(c));
  }

  const tail: Block[] = [];
  if (answer.warnings.length > 0) tail.push(context(answer.warnings.map((w) => `⚠️ ${escapeMrkdwn(w)}`).join('\n')));
  const style = options.profile && !options.profile.feedbackButtons ? 'none' : options.feedback;
  const feedback = feedbackBlock(answer.id, style, Boolean(options.share));
  if (feedback) tail.push(feedback);
  if (!options.share && canEscalate(answer, options.profile)) tail.push(escalateBlock(answer.id));
  const rated = ratingsLine(options.ratings ?? []);
  if (rated) tail.push(context(rated, `${BLOCK_PREFIX.ratings}${answer.id}`));

  // Keep within Slack's 50-block limit by dropping trailing sources, and say so rather than failing to post.
  const room = MAX_BLOCKS - head.length - tail.length;
  let shownSources = sources;
  if (sources.length > room) {
    shownSources = sources.slice(0, Math.max(0, room - 1));
    shownSources.push(context(`${sources.length - shownSources.length} more source blocks not shown (Slack allows 50 blocks a message).`));
  }
  const blocks = [...head, ...shownSources, ...tail].slice(0, MAX_BLOCKS);
  return { text: fallbackText(answer, options.profile), blocks };
}

/** The short, safe reply for a fault: the one apology (adapters/fault.ts) with the reference support can grep logs for. */
export function renderApology(fault: Fault, escalation?: string): SlackMessage {
  const text = apologyText(fault, escalation);
  return { text, blocks: [section(escapeMrkdwn(text), `rounds_error:${fault.reference}`)] };
}
