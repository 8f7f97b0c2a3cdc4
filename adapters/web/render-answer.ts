/**
 * One answer as the playground shows it: text with [n] citation links, confidence label with its meaning,
 * freshness and redaction notices, sources with expandable snippets, and the 👍/👎 controls. Rendered on the
 * server (the browser inserts the fragment) so escaping lives in one tested place. Wording comes from
 * src/core/compose/present.ts so the web says what Slack and Teams say.
 */

import { calculationLine } from '../../src/core/compose/calculation-line.js';
import {
  abstentionHint,
  CONFIDENCE_EMOJI,
  CONFIDENCE_TITLE,
  citationLabel,
  citationVersionLine,
  freshnessText,
  trimSnippet,
} from '../../src/core/compose/present.js';
import { RATING_REASONS, type RatingReason } from '../../src/core/ports.js';
import type { Answer, Citation } from '../../src/core/types.js';
import { esc, safeHref } from './html.js';

export const REASON_LABELS: Record<RatingReason, string> = {
  incorrect: 'Incorrect',
  outdated_source: 'Outdated source',
  missing_information: 'Missing information',
  irrelevant_source: 'Irrelevant source',
  unsafe: 'Unsafe',
  other: 'Other',
};

/** Escapes the text, then turns [n] markers that match a citation into links to that source. */
export function renderAnswerText(text: string, citations: Citation[], anchorPrefix: string): string {
  const known = new Set(citations.map((c) => c.n));
  return esc(text).replace(/\[(\d{1,2})\]/g, (whole, digits: string) => {
    const n = Number(digits);
    if (!known.has(n)) return whole;
    return `<a class="cite" href="#${esc(anchorPrefix)}-${n}" aria-label="source ${n}">[${n}]</a>`;
  });
}

function renderCitation(c: Citation, anchorPrefix: string): string {
  const version = citationVersionLine(c);
  const href = safeHref(c.source);
  const source = c.source
    ? href
      ? `<a href="${esc(href)}" rel="noreferrer noopener" target="_blank">${esc(c.source)}</a>`
      : esc(c.source)
    : '';
  const warnings = c.warnings.map((w) => `<div class="notice small" role="note">⚠️ ${esc(freshnessText(w))}</div>`).join('');
  return `<li id="${esc(anchorPrefix)}-${c.n}" value="${c.n}">
<details><summary><strong>${esc(citationLabel(c))}</strong>${version ? ` <span class="muted small">${esc(version)}</span>` : ''}</summary>
<blockquote>${esc(trimSnippet(c.snippet, 600))}</blockquote>
<div class="muted small">${esc(c.collection)}${c.publisher ? ` · ${esc(c.publisher)}` : ''}${source ? ` · ${source}` : ''}</div>
</details>${warnings}</li>`;
}

export interface RenderAnswerOptions {
  escalation?: string;
  feedbackButtons: boolean;
}

export function renderFeedback(answerId: string): string {
  const id = esc(answerId);
  const reasons = RATING_REASONS.map(
    (r) => `<label><input type="radio" name="reason" value="${r}"${r === 'incorrect' ? ' checked' : ''}> ${esc(REASON_LABELS[r])}</label>`,
  ).join('');
  // The buttons say what they do: a screen reader would otherwise read "thumbs up" with no verb or object.
  return `<div class="feedback" data-answer-id="${id}" role="group" aria-labelledby="fb-label-${id}">
<span class="muted small" id="fb-label-${id}">Was this helpful?</span>
<button type="button" class="secondary" data-rate="up" aria-pressed="false" aria-label="Rate this answer helpful">👍</button>
<button type="button" class="secondary" data-rate="down" aria-pressed="false" aria-label="Rate this answer not helpful" aria-expanded="false" aria-controls="down-${id}">👎</button>
<span class="small" role="status" aria-live="polite" data-feedback-status></span>
</div>
<form class="down-form" id="down-${id}" data-answer-id="${id}" aria-label="Why was this answer not helpful?" hidden>
<fieldset><legend>What was wrong?</legend>${reasons}</fieldset>
<label for="comment-${id}" class="small">Comment (optional; do not include patient identifiers)</label>
<textarea id="comment-${id}" name="comment" maxlength="1000" rows="2"></textarea>
<button type="submit">Send 👎 rating</button>
</form>`;
}

export function renderAnswer(answer: Answer, opts: RenderAnswerOptions): string {
  const prefix = `src-${answer.id}`;
  const parts: string[] = [];
  parts.push(`<p class="answer-text">${renderAnswerText(answer.text, answer.citations, prefix)}</p>`);
  const calculation = calculationLine(answer);
  if (calculation) parts.push(`<p class="answer-calculation">${renderAnswerText(calculation, answer.citations, prefix)}</p>`);
  if (answer.status === 'insufficient_evidence') parts.push(`<p class="small abstention-hint">${esc(abstentionHint(opts.escalation))}</p>`);
  if (answer.status !== 'refused') {
    const label = answer.confidence.label;
    parts.push(
      `<p class="confidence" data-label="${label}">${CONFIDENCE_EMOJI[label]} ${esc(CONFIDENCE_TITLE[label])}<span class="meaning">: ${esc(answer.confidence.meaning)}</span></p>`,
    );
    // The measured figure behind the label, one click away rather than in the sentence.
    if (answer.confidence.measured)
      parts.push(`<details class="measured small"><summary>How was this measured?</summary>${esc(answer.confidence.measured)}</details>`);
  }
  const notices = [...answer.warnings];
  if (answer.redaction.redacted && !notices.some((w) => /identifier|redact|removed before searching/i.test(w))) {
    notices.push(`Possible patient identifiers (${answer.redaction.kinds.join(', ')}) were removed before searching and are not stored.`);
  }
  if (notices.length > 0)
    parts.push(`<ul class="notices">${notices.map((w) => `<li class="notice small">⚠️ ${esc(w)}</li>`).join('')}</ul>`);
  if (answer.citations.length > 0) {
    const heading = answer.status === 'answered' ? 'Sources' : 'Closest sources (not relied on)';
    parts.push(
      `<div class="sources"><strong class="small">${heading}</strong><ol class="sources">${answer.citations.map((c) => renderCitation(c, prefix)).join('')}</ol></div>`,
    );
  }
  if (opts.feedbackButtons && answer.status !== 'refused') parts.push(renderFeedback(answer.id));
  return `<article class="card answer status-${answer.status}" data-answer-id="${esc(answer.id)}" data-status="${answer.status}" aria-label="Answer">
<div class="who">Rounds</div>
${parts.join('\n')}
</article>`;
}
