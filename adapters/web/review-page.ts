/**
 * Review console pages: switched off (no REVIEW_SECRET), login, and the console itself (filters, feedback
 * report charts, recent answers with their audit records and a reviewer rating form). Works without JavaScript.
 */
import type { AnswerRecord, ChannelProfile } from '../../src/core/ports.js';
import { esc, page } from './html.js';
import { filtersToQuery, PAGE_SIZE, type ReviewFilters } from './review-filters.js';
import { renderRecord } from './review-record.js';

const NAV = '<a href="/">Playground</a>';

export function renderReviewDisabled(nonce: string): string {
  const body = `<section class="card"><h2>The review console is off</h2>
<p>It needs a shared secret. Set <code>REVIEW_SECRET</code> to a random value of at least 16 characters (for example the output of <code>openssl rand -hex 24</code>) and restart Rounds, then log in here with that secret.</p>
<p class="muted small">Reviewers who rate here are recorded with the id they log in with; list the same ids under <code>reviewers.web</code> in rounds.config.yaml to mark their ratings as reviewer ratings everywhere.</p></section>`;
  return page({ title: 'Rounds review console', nonce, body, nav: NAV });
}

export function renderReviewUnavailable(nonce: string, ref: string): string {
  const body = `<section class="card" role="alert"><h2>The feedback store is not available</h2>
<p>Rounds could not read the recorded answers (reference ${esc(ref)} in the server log). Check <a href="/healthz">/healthz</a> and the data directory, then reload.</p></section>`;
  return page({ title: 'Rounds review console', nonce, body, nav: NAV });
}

export function renderLogin(nonce: string, error?: string): string {
  const body = `<section class="card"><h2>Log in</h2>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/review/login">
<p><label for="reviewer">Your reviewer id</label><br><input type="text" id="reviewer" name="reviewer" required maxlength="64" pattern="[A-Za-z0-9._@\\-]{1,64}" autocomplete="username" placeholder="e.g. pharm.jlee"></p>
<p><label for="secret">Review secret</label><br><input type="password" id="secret" name="secret" required autocomplete="current-password"></p>
<button type="submit">Log in</button>
</form></section>`;
  return page({ title: 'Rounds review console', nonce, body, nav: NAV });
}

function select(name: string, label: string, options: [string, string][], value: string | undefined): string {
  const opts = options
    .map(([v, text]) => `<option value="${esc(v)}"${v === (value ?? '') ? ' selected' : ''}>${esc(text)}</option>`)
    .join('');
  return `<div><label for="f-${name}" class="small">${esc(label)}</label><select id="f-${name}" name="${name}">${opts}</select></div>`;
}

export interface ReviewPageInput {
  nonce: string;
  reviewerId: string;
  csrf: string;
  filters: ReviewFilters;
  errors: string[];
  records: AnswerRecord[];
  hasNext: boolean;
  profiles: ChannelProfile[];
  collections: string[];
  chartsHtml?: string;
  /** The knowledge-gap list (abstentions, 👎 missing information, escalations and their replies), by topic. */
  gapsHtml?: string;
  flash?: string;
}

export function renderReview(input: ReviewPageInput): string {
  const f = input.filters;
  const filterForm = `<form method="get" action="/review" class="card row" aria-label="Filters">
${select(
  'label',
  'Confidence',
  [
    ['', 'Any'],
    ['high', 'High'],
    ['medium', 'Medium'],
    ['low', 'Low'],
    ['insufficient', 'Not enough evidence'],
  ],
  f.label,
)}
${select(
  'rating',
  'Rating',
  [
    ['', 'Any'],
    ['up', '👍'],
    ['down', '👎'],
    ['none', 'Not rated'],
  ],
  f.rating,
)}
${select('collection', 'Collection', [['', 'Any'], ...input.collections.map((c): [string, string] => [c, c])], f.collection)}
${select('channel', 'Channel / profile', [['', 'Any'], ...input.profiles.map((p): [string, string] => [p.name, p.name])], f.channel)}
<div><label class="small"><input type="checkbox" name="needsReview" value="1"${f.needsReview ? ' checked' : ''}> Needs review</label></div>
<button type="submit">Filter</button> <a href="/review" class="small">Clear</a>
</form>`;
  const returnTo = `/review${filtersToQuery(f)}`;
  const list = input.records.length
    ? input.records.map((r) => renderRecord(r, { csrf: input.csrf, returnTo, reviewerId: input.reviewerId })).join('\n')
    : '<p class="card muted">No answers match these filters.</p>';
  const pager = [
    f.offset > 0 ? `<a href="/review${filtersToQuery(f, Math.max(0, f.offset - PAGE_SIZE))}">← Newer</a>` : '',
    input.hasNext ? `<a href="/review${filtersToQuery(f, f.offset + PAGE_SIZE)}">Older →</a>` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const charts = input.chartsHtml
    ? `<details class="card charts"><summary><strong>Feedback report</strong></summary>${input.chartsHtml}</details>`
    : '';
  const gaps = input.gapsHtml
    ? `<details class="card gaps" open id="knowledge-gaps"><summary><strong>Knowledge gaps</strong> <span class="muted small">what the knowledge base could not answer, by topic: most frequent, then newest</span></summary>${input.gapsHtml}</details>`
    : '';
  const body = `
${input.flash ? `<p class="card" role="status">${esc(input.flash)}</p>` : ''}
${input.errors.map((e) => `<p class="card error" role="alert">${esc(e)}</p>`).join('')}
${filterForm}
${charts}
${gaps}
<section aria-label="Answers">${list}</section>
${pager ? `<nav class="card" aria-label="Pages">${pager}</nav>` : ''}`;
  const nav = `${NAV} · <span class="small">${esc(input.reviewerId)}</span> <form method="post" action="/review/logout" style="display:inline"><input type="hidden" name="csrf" value="${esc(input.csrf)}"><button type="submit" class="secondary">Log out</button></form>`;
  return page({ title: 'Rounds review console', nonce: input.nonce, body, nav });
}
