/**
 * Platform-neutral wording shared by every adapter, so Slack, Teams and the web say the same thing about
 * confidence, sources and freshness. Adapters only add their own markup.
 */
import type { Answer, Citation, ConfidenceLabel, FreshnessWarning } from '../types.js';

export const CONFIDENCE_TITLE: Record<ConfidenceLabel, string> = {
  high: 'High confidence',
  medium: 'Medium confidence',
  low: 'Low confidence',
  insufficient: 'Not enough evidence',
};

export const CONFIDENCE_EMOJI: Record<ConfidenceLabel, string> = {
  high: '🟢',
  medium: '🟡',
  low: '🟠',
  insufficient: '⚪',
};

/** "Sepsis protocol › Hour-1 bundle › Antibiotics" (the title is the first element unless the path already starts with it). */
export function citationLabel(c: Pick<Citation, 'title' | 'headingPath'>): string {
  const path = c.headingPath[0] === c.title ? c.headingPath : [c.title, ...c.headingPath];
  return path.join(' › ');
}

/** "v3.1 · effective 2025-02-01 · review by 2027-02-01" (only the parts present). */
export function citationVersionLine(c: Pick<Citation, 'version' | 'effective' | 'reviewBy'>): string {
  const parts: string[] = [];
  if (c.version) parts.push(c.version.startsWith('v') ? c.version : `v${c.version}`);
  if (c.effective) parts.push(`effective ${c.effective}`);
  if (c.reviewBy) parts.push(`review by ${c.reviewBy}`);
  return parts.join(' · ');
}

export function freshnessText(w: FreshnessWarning): string {
  return w.kind === 'past_review'
    ? `Past its review date (${w.reviewBy}): check that this guidance is still current.`
    : `Superseded${w.by ? ` by ${w.by}` : ''}: check the current version.`;
}

/** Trims a snippet at a word boundary, with an ellipsis. */
export function trimSnippet(text: string, max = 280): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The sentence shown under an abstention. */
export function abstentionHint(escalation?: string): string {
  const who = escalation ? ` Ask ${escalation}` : ' Ask a senior colleague or pharmacist';
  return `${who} and check local policy. The closest sources found are listed below; they do not answer the question.`.trim();
}

export function confidenceLine(answer: Answer): string {
  return `${CONFIDENCE_EMOJI[answer.confidence.label]} ${CONFIDENCE_TITLE[answer.confidence.label]}: ${answer.confidence.meaning}`;
}
