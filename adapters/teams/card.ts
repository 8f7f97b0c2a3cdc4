/**
 * The Adaptive Card fallback: sources and 👍/👎 for clients that render neither the AI entity's citations nor
 * the built-in feedback loop (older desktop clients, mobile, Teams in a browser for guests).
 * Action.Submit in a message sends a `message` activity whose `value` is the button's data (see feedback.ts).
 * Teams renders Adaptive Cards up to schema 1.5.
 */
import { CONFIDENCE_TITLE, citationLabel, citationVersionLine, freshnessText, trimSnippet } from '../../src/core/compose/present.js';
import type { Answer, Citation } from '../../src/core/types.js';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Marks our own submit data, so other cards' submits are not mistaken for ratings. */
export const FEEDBACK_MARKER = 'rounds.feedback';

export interface CardFeedbackData {
  kind: typeof FEEDBACK_MARKER;
  answerId: string;
  value: 'up' | 'down';
}

// biome-ignore lint/suspicious/noExplicitAny: Adaptive Card JSON.
type CardElement = Record<string, any>;

function sourceBlocks(c: Citation): CardElement[] {
  const blocks: CardElement[] = [
    { type: 'TextBlock', text: `[${c.n}] ${citationLabel(c)}`, wrap: true, weight: 'Bolder', spacing: 'Medium' },
  ];
  const version = citationVersionLine(c);
  if (version) blocks.push({ type: 'TextBlock', text: version, wrap: true, isSubtle: true, size: 'Small', spacing: 'None' });
  blocks.push({ type: 'TextBlock', text: trimSnippet(c.snippet, 280), wrap: true, size: 'Small', spacing: 'Small' });
  for (const w of c.warnings)
    blocks.push({ type: 'TextBlock', text: `⚠️ ${freshnessText(w)}`, wrap: true, color: 'Warning', size: 'Small' });
  if (c.source && /^https?:\/\//i.test(c.source)) {
    blocks.push({ type: 'TextBlock', text: `[Open source](${c.source})`, wrap: true, size: 'Small', spacing: 'None' });
  }
  return blocks;
}

export function feedbackActions(answerId: string): CardElement[] {
  const data = (value: 'up' | 'down'): CardFeedbackData => ({ kind: FEEDBACK_MARKER, answerId, value });
  return [
    { type: 'Action.Submit', title: '👍 Helpful', data: data('up') },
    { type: 'Action.Submit', title: '👎 Not helpful', data: data('down') },
  ];
}

export const ESCALATE_MARKER = 'rounds_escalate';

export interface CardEscalateData {
  kind: typeof ESCALATE_MARKER;
  answerId: string;
}

export function answerCard(
  answer: Answer,
  citations: Citation[],
  withFeedback: boolean,
  withEscalate = false,
): { contentType: string; content: CardElement } {
  const actions: CardElement[] = [...(withFeedback ? feedbackActions(answer.id) : [])];
  if (withEscalate) {
    const data: CardEscalateData = { kind: ESCALATE_MARKER, answerId: answer.id };
    actions.push({ type: 'Action.Submit', title: '🙋 Ask a person', data });
  }
  const body: CardElement[] = [
    {
      type: 'TextBlock',
      text: CONFIDENCE_TITLE[answer.confidence.label],
      weight: 'Bolder',
      color: answer.confidence.label === 'high' ? 'Good' : answer.confidence.label === 'medium' ? 'Default' : 'Warning',
    },
  ];
  // The figure behind the label and where it was measured (the evaluation sets, or this deployment's reviewers).
  if (answer.confidence.measured) {
    body.push({ type: 'TextBlock', text: answer.confidence.measured, wrap: true, isSubtle: true, size: 'Small', spacing: 'None' });
  }
  if (citations.length > 0) {
    body.push({
      type: 'TextBlock',
      text: answer.status === 'answered' ? 'Sources' : 'Closest sources (they do not answer the question)',
      weight: 'Bolder',
      spacing: 'Medium',
    });
    for (const c of citations) body.push(...sourceBlocks(c));
  }
  return {
    contentType: CARD_CONTENT_TYPE,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body,
      ...(actions.length > 0 ? { actions } : {}),
    },
  };
}
