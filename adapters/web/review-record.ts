/**
 * One answer in the review console: the question (already redacted by the core), the answer as users saw it,
 * its ratings, the full audit record (sources and versions, prompt version, model, embedder, confidence
 * features, timings, where it was posted) and the reviewer's rating form.
 */

import { calculationLine, calculationOf } from '../../src/core/compose/calculation-line.js';
import { CONFIDENCE_EMOJI, CONFIDENCE_TITLE, citationVersionLine } from '../../src/core/compose/present.js';
import { type AnswerRecord, RATING_REASONS, type ReviewerEvent, type StoredRating } from '../../src/core/ports.js';
import { esc, timeTag } from './html.js';
import { REASON_LABELS } from './render-answer.js';

function ratingBadge(r: StoredRating): string {
  const reason = r.reason ? ` · ${esc(REASON_LABELS[r.reason] ?? r.reason)}` : '';
  const comment = r.comment ? ` — “${esc(r.comment)}”` : '';
  return `<li><span class="badge ${r.value}">${r.value === 'up' ? '👍' : '👎'} ${esc(r.role)}${reason}</span> <span class="small">${esc(r.raterId)}${comment}</span> <span class="muted small">${timeTag(r.updatedAt)}</span></li>`;
}

/** The heading path below the document title (the title is already shown). */
function sectionOf(c: { title: string; headingPath: string[] }): string {
  return (c.headingPath[0] === c.title ? c.headingPath.slice(1) : c.headingPath).join(' › ');
}

function kv(rows: [string, unknown][]): string {
  return `<table><tbody>${rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('')}</tbody></table>`;
}

/**
 * A wide table's sideways scroller on a narrow screen: focusable and named, so a keyboard can scroll it in every
 * browser (WCAG 2.1.1; axe's scrollable-region-focusable) and a screen reader says what it holds.
 */
function scrollBox(label: string): string {
  return `<div class="table-wrap" tabindex="0" role="region" aria-label="${esc(label)}">`;
}

const ACTIONS: Record<ReviewerEvent['action'], string> = { rated: 'Rated', rating_changed: 'Changed rating', exported: 'Exported' };
const THUMB = { up: '👍', down: '👎' } as const;

/** Reviewer actions on this answer: who (as signed in), when, what. */
function reviewerEvents(events: ReviewerEvent[], id: string): string {
  if (events.length === 0) return '<p class="muted small">No reviewer actions yet.</p>';
  const rows = events
    .map((e) => {
      const what =
        e.action === 'exported'
          ? ''
          : `${e.previousValue ? `${THUMB[e.previousValue]} → ` : ''}${e.value ? THUMB[e.value] : ''}${e.reason ? ` ${REASON_LABELS[e.reason] ?? e.reason}` : ''}`;
      const who = `${e.actor.name ? `${e.actor.name} · ` : ''}${e.actor.id}`;
      const how = e.actor.method === 'oidc' ? 'identity provider' : 'shared secret (id as typed)';
      return `<tr data-event="${esc(e.action)}"><td>${esc(e.at)}</td><td>${esc(ACTIONS[e.action])} ${esc(what)}</td><td>${esc(who)}</td><td>${esc(how)}</td></tr>`;
    })
    .join('');
  return `${scrollBox(`Reviewer actions on answer ${id}`)}<table><thead><tr><th>Time</th><th>Action</th><th>Reviewer</th><th>Signed in with</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function auditRecord(rec: AnswerRecord, events: ReviewerEvent[]): string {
  const a = rec.answer;
  const c = rec.context;
  const sources = a.citations.length
    ? `${scrollBox(`Sources quoted in answer ${a.id}`)}<table><thead><tr><th>[n]</th><th>Document</th><th>Version</th><th>Chunk</th><th>Collection</th><th>Score</th><th>Warnings</th></tr></thead><tbody>${a.citations
        .map(
          (s) =>
            `<tr><td>${s.n}</td><td>${esc(s.title)}<br><span class="muted">${esc(s.docId)}${sectionOf(s) ? ` · ${esc(sectionOf(s))}` : ''}</span></td><td>${esc(citationVersionLine(s))}</td><td>${esc(s.chunkId)}</td><td>${esc(s.collection)}</td><td>${s.score.toFixed(3)}</td><td>${esc(s.warnings.map((w) => w.kind).join(', '))}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : '<p class="muted small">No sources.</p>';
  const features = Object.entries(a.confidence.features).map(
    ([k, v]) => [k, Number.isFinite(v) ? Number(v.toFixed(4)) : v] as [string, unknown],
  );
  return `<details class="audit"><summary>Audit record</summary>
<h4>Sources</h4>${sources}
<h4>Pipeline</h4>${kv([
    ['Answer id', a.id],
    ['Created', a.createdAt],
    ['Status', a.refusalCode ? `${a.status} (${a.refusalCode})` : a.status],
    ['Composer', a.fallbackReason ? `${a.composer} (${a.fallbackReason})` : a.composer],
    ['Prompt version', a.promptVersion ?? '—'],
    ['LLM model', a.llmModel ?? '—'],
    ['Embedder', a.embedder],
    ['Channel profile', a.channelProfile],
    ['Collections', a.collections.join(', ')],
    ['Normalized question', a.normalizedQuestion],
    ['Redaction', a.redaction.redacted ? a.redaction.kinds.join(', ') : 'none'],
    ['Evidence score', a.confidence.score.toFixed(3)],
    ['Dose worked out from', doseSource(a)],
  ])}
<h4>Confidence features</h4>${features.length ? kv(features) : '<p class="muted small">None recorded.</p>'}
<h4>Timings (ms)</h4>${kv([
    ['Redact', a.timings.redactMs],
    ['Retrieval', a.timings.retrievalMs],
    ['Compose', a.timings.composeMs],
    ['Total', a.timings.totalMs],
  ])}
<h4>Posted</h4>${kv([
    ['Platform', c.platform],
    ['Workspace', c.workspaceId],
    ['Channel', c.channelId],
    ['Thread', c.threadId],
    ['Message', c.messageId],
    ['Reply', c.replyId],
    ['Asker', c.askerId],
  ])}
<h4>Reviewer actions</h4>${reviewerEvents(events, a.id)}
</details>`;
}

/** The weight and the quoted unit a worked-out dose came from (the audit trail of the calculation line). */
function doseSource(a: AnswerRecord['answer']): string | undefined {
  const c = calculationOf(a)?.calculation;
  return c ? `${c.weightKg} kg (from the ${c.weightFrom}) × “${c.quote}” (${c.chunkId})` : undefined;
}

function rateForm(rec: AnswerRecord, csrf: string, returnTo: string, reviewerId: string): string {
  const id = esc(rec.answer.id);
  const mine = rec.ratings.find((r) => r.raterId === reviewerId);
  const reasons = RATING_REASONS.map(
    (r) => `<option value="${r}"${mine?.reason === r ? ' selected' : ''}>${esc(REASON_LABELS[r])}</option>`,
  ).join('');
  return `<form method="post" action="/review/rate" class="row review-rate">
<input type="hidden" name="csrf" value="${esc(csrf)}"><input type="hidden" name="answerId" value="${id}"><input type="hidden" name="return" value="${esc(returnTo)}">
<fieldset><legend class="small">Your rating</legend>
<label><input type="radio" name="value" value="up"${mine?.value === 'up' ? ' checked' : ''} required> 👍 Approve</label>
<label><input type="radio" name="value" value="down"${mine?.value === 'down' ? ' checked' : ''}> 👎 Reject</label></fieldset>
<div><label for="reason-${id}" class="small">Reason (for 👎)</label><select id="reason-${id}" name="reason"><option value="">—</option>${reasons}</select></div>
<div><label for="rc-${id}" class="small">Comment</label><input type="text" id="rc-${id}" name="comment" maxlength="1000" value="${esc(mine?.comment ?? '')}"></div>
<button type="submit" aria-describedby="${headingId(rec.answer.id)}">Save rating</button>
</form>`;
}

/**
 * The label as readers saw it. An abstention shows no score beside it: "Not enough evidence (0.98)" reads as a
 * contradiction when a check outside the score (scope, a medicine the knowledge base lacks) made it abstain; the
 * evidence score stays in the audit record below.
 */
function labelLine(a: AnswerRecord['answer']): string {
  const label = a.confidence.label;
  const score = a.status === 'answered' ? ` <span class="muted">(evidence score ${a.confidence.score.toFixed(2)})</span>` : '';
  return `<span data-label="${label}">${CONFIDENCE_EMOJI[label]} ${esc(CONFIDENCE_TITLE[label])}</span>${score}`;
}

function headingId(answerId: string): string {
  return `a-${esc(answerId)}-h`;
}

/**
 * A heading per record, for screen-reader users who move through the list by headings; also the description of
 * its "Save rating" button, so 25 buttons of that name say which answer each one rates.
 */
function recordHeading(a: AnswerRecord['answer']): string {
  const question = a.question.trim();
  const what = question ? `Question: ${question.length > 120 ? `${question.slice(0, 119)}…` : question}` : `Answer ${a.id}`;
  return `<h3 class="visually-hidden" id="${headingId(a.id)}">${esc(what)}</h3>`;
}

export function renderRecord(
  rec: AnswerRecord,
  opts: { csrf: string; returnTo: string; reviewerId: string; events: ReviewerEvent[] },
): string {
  const a = rec.answer;
  const ratings = rec.ratings.length
    ? `<ul class="small">${rec.ratings.map(ratingBadge).join('')}</ul>`
    : '<p class="muted small">No ratings yet.</p>';
  return `<article class="card status-${a.status}" id="a-${esc(a.id)}" data-answer-id="${esc(a.id)}" aria-labelledby="${headingId(a.id)}">
${recordHeading(a)}
<p class="small muted">${timeTag(a.createdAt)} · ${esc(rec.context.platform)} · ${esc(a.channelProfile)}${rec.context.channelId && rec.context.channelId !== a.channelProfile ? ` (${esc(rec.context.channelId)})` : ''} · ${labelLine(a)} · ${esc(a.status.replace(/_/g, ' '))}</p>
${a.question.trim() ? `<div class="bubble-q">${esc(a.question)}</div>` : '<p class="muted small"><em>No question text: purged by the retention period, or the message had none.</em></p>'}
<p class="answer-text">${esc(a.text)}</p>
${calculationLine(a) ? `<p class="answer-calculation">${esc(calculationLine(a))}</p>` : ''}
${a.warnings.length ? `<ul class="notices">${a.warnings.map((w) => `<li class="notice small">⚠️ ${esc(w)}</li>`).join('')}</ul>` : ''}
<h4 class="small">Ratings</h4>${ratings}
${auditRecord(rec, opts.events)}
${rateForm(rec, opts.csrf, opts.returnTo, opts.reviewerId)}
</article>`;
}
