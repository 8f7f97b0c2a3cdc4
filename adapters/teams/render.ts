/**
 * Answer → Teams message: text with [n] markers, the confidence line and warnings; the AI entity (label and
 * citations); the feedback loop flag; and the Adaptive Card fallback. Same wording as Slack via core/compose/present.
 */
import type { Activity } from 'botbuilder';
import { calculationLine } from '../../src/core/compose/calculation-line.js';
import { abstentionHint, CONFIDENCE_TITLE, confidenceLine } from '../../src/core/compose/present.js';
import type { ChannelProfile } from '../../src/core/ports.js';
import type { Answer } from '../../src/core/types.js';
import { aiEntity, usedCitations } from './ai-entity.js';
import { answerCard, ssmlText } from './card.js';

export function answerText(answer: Answer, profile?: ChannelProfile): string {
  const parts = [answer.text.trim(), calculationLine(answer) ?? ''];
  if (answer.status === 'insufficient_evidence') parts.push(abstentionHint(profile?.escalation));
  if (answer.status !== 'refused') parts.push(confidenceLine(answer));
  // Teams renders bot text as markdown; separate warnings as their own paragraphs so they are not missed.
  for (const w of answer.warnings) parts.push(`⚠️ ${w}`);
  return parts.filter((p) => p.length > 0).join('\n\n');
}

/**
 * What Teams reads aloud for the message (`speak`, used by voice and some assistive clients): the answer without
 * its [n] markers, whom to ask on an abstention, and the label in words; the sources are in the card's own speak.
 */
export function answerSpeech(answer: Answer, profile?: ChannelProfile): string {
  const parts = [answer.text.replace(/\s*\[\d{1,2}\]/g, '').trim()];
  if (answer.status === 'insufficient_evidence') parts.push(abstentionHint(profile?.escalation));
  if (answer.status !== 'refused') parts.push(`${CONFIDENCE_TITLE[answer.confidence.label]}.`);
  for (const w of answer.warnings) parts.push(`Warning: ${w.replace(/\[(\d{1,2})\]/g, '$1')}`);
  return ssmlText(parts.filter((p) => p.length > 0).join(' '));
}

export function renderAnswer(answer: Answer, profile?: ChannelProfile): Partial<Activity> {
  // A refusal (empty question, only identifiers, ...) is not generated content and there is nothing to rate.
  if (answer.status === 'refused')
    return { type: 'message', text: answerText(answer, profile), textFormat: 'markdown', speak: answerSpeech(answer, profile) };
  const feedback = profile?.feedbackButtons ?? true;
  // For an abstention the closest sources are shown in the card only: they are not citations of the text.
  const cited = answer.status === 'answered' ? usedCitations(answer) : [];
  const cardSources = answer.status === 'answered' ? cited : answer.citations;
  return {
    type: 'message',
    text: answerText(answer, profile),
    textFormat: 'markdown',
    speak: answerSpeech(answer, profile),
    entities: [aiEntity(cited)],
    channelData: { feedbackLoopEnabled: feedback },
    attachments: [answerCard(answer, cardSources, feedback, Boolean(profile?.escalateTo?.teams))],
  };
}

export function plainReply(text: string): Partial<Activity> {
  return { type: 'message', text, textFormat: 'plain' };
}
