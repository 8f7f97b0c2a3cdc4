/**
 * The Adaptive Card fallback: sources and 👍/👎 for clients that render neither the AI entity's citations nor
 * the built-in feedback loop (older desktop clients, mobile, Teams in a browser for guests).
 * Action.Submit in a message sends a `message` activity whose `value` is the button's data (see feedback.ts).
 * Teams renders Adaptive Cards up to schema 1.5.
 */
import {
  CONFIDENCE_EMOJI,
  CONFIDENCE_TITLE,
  citationLabel,
  citationVersionLine,
  freshnessText,
  trimSnippet,
} from '../../src/core/compose/present.js';
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
  // `tooltip` (schema 1.5) is what narration software reads for an action: say what the button does.
  return [
    { type: 'Action.Submit', title: '👍 Helpful', tooltip: 'Rate this answer helpful', data: data('up') },
    { type: 'Action.Submit', title: '👎 Not helpful', tooltip: 'Rate this answer not helpful', data: data('down') },
  ];
}

/** `speak` may be SSML: the five XML-significant characters of quoted text must not open markup. */
export function ssmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * What the card says read aloud, and shows where a client cannot render it (`fallbackText`): the label in words
 * and the sources by title. The answer text itself travels in the message's own text (and its `speak`).
 */
export function cardSummary(answer: Answer, citations: Citation[]): string {
  const label = `${CONFIDENCE_TITLE[answer.confidence.label]}.`;
  if (citations.length === 0) return label;
  const heading = answer.status === 'answered' ? 'Sources' : 'Closest sources, which do not answer the question';
  return `${label} ${heading}: ${citations.map((c) => `${c.n}, ${citationLabel(c)}`).join('; ')}.`;
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
    actions.push({
      type: 'Action.Submit',
      title: '🙋 Ask a person',
      tooltip: 'Send this question and answer to the people on call for this channel',
      data,
    });
  }
  const body: CardElement[] = [
    {
      // The emoji and the word carry the label; the colour only repeats it.
      type: 'TextBlock',
      text: `${CONFIDENCE_EMOJI[answer.confidence.label]} ${CONFIDENCE_TITLE[answer.confidence.label]}`,
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
      speak: ssmlText(cardSummary(answer, citations)),
      fallbackText: cardSummary(answer, citations),
      body,
      ...(actions.length > 0 ? { actions } : {}),
    },
  };
}
