/**
 * Review console pages: switched off (no REVIEW_SECRET), login, and the console itself (filters, feedback
 * report charts, recent answers with their audit records and a reviewer rating form). Works without JavaScript.
 */
import type { AnswerRecord, ChannelProfile, ReviewerActor, ReviewerEvent } from '../../src/core/ports.js';
import { esc, LOCAL_TIMES_SCRIPT, page } from './html.js';
import { filtersToQuery, PAGE_SIZE, type ReviewFilters } from './review-filters.js';
import { renderRecord } from './review-record.js';

const NAV = '<a href="/">Playground</a>';

export function renderReviewDisabled(nonce: string): string {
  const body = `<section class="card"><h2>The review console is off</h2>
<p>Reviewers sign in with your organisation's identity provider: set <code>REVIEW_OIDC_ISSUER</code>, <code>REVIEW_OIDC_CLIENT_ID</code>, <code>REVIEW_OIDC_CLIENT_SECRET</code> and <code>ROUNDS_PUBLIC_URL</code> (see docs/review-console.md) and restart Rounds.</p>
<p class="muted small">For a try-out on your own machine, <code>REVIEW_SECRET</code> (a random value of at least 16 characters, e.g. <code>openssl rand -hex 24</code>) turns on a shared-secret login where reviewers type their own id. It is refused with <code>NODE_ENV=production</code>.</p></section>`;
  return page({ title: 'Rounds review console', nonce, body, nav: NAV, status: 'Switched off' });
}

export function renderReviewUnavailable(nonce: string, ref: string): string {
  const body = `<section class="card" role="alert"><h2>The feedback store is not available</h2>
<p>Rounds could not read the recorded answers (reference ${esc(ref)} in the server log). Check <a href="/healthz">/healthz</a> and the data directory, then reload.</p></section>`;
  return page({ title: 'Rounds review console', nonce, body, nav: NAV, status: 'Error: store not available' });
}

export interface LoginOptions {
  error?: string;
  /** Sign-in through the identity provider is configured. */
  oidc: boolean;
  /** Shared-secret login is on. */
  secret: boolean;
}

export function renderLogin(nonce: string, opts: LoginOptions): string {
  const oidc = opts.oidc ? `<p><a class="button" href="/review/sign-in">Sign in with your organisation account</a></p>` : '';
  const secret = opts.secret
    ? `<form method="post" action="/review/login"${opts.oidc ? ' class="small"' : ''}>
${opts.oidc ? '<h3>Shared-secret login (local use)</h3>' : ''}
<p><label for="reviewer">Your reviewer id</label><br><input type="text" id="reviewer" name="reviewer" required maxlength="64" pattern="[A-Za-z0-9._@\\-]{1,64}" autocomplete="username" placeholder="e.g. pharm.jlee"></p>
<p><label for="secret">Review secret</label><br><input type="password" id="secret" name="secret" required autocomplete="current-password"></p>
<button type="submit">Log in</button>
</form>`
    : '';
  const body = `<section class="card"><h2>Sign in</h2>
${opts.error ? `<p class="error" role="alert">${esc(opts.error)}</p>` : ''}
${oidc}${secret}</section>`;
  return page({ title: 'Rounds review console', nonce, body, nav: NAV, status: opts.error ? `Error: ${opts.error}` : 'Sign in' });
}

/** A sign-in that did not go through: the reason for the user, what to do next, and a way back. */
export function renderSignInProblem(nonce: string, title: string, message: string): string {
  const body = `<section class="card" role="alert"><h2>${esc(title)}</h2>
<p>${esc(message)}</p>
<p><a href="/review">Back to the review console</a></p></section>`;
  return page({ title: 'Rounds review console', nonce, body, nav: NAV, status: title });
}

/** Rounds' session has ended; the browser is on its way to the identity provider to end that session too. */
export function renderSigningOut(nonce: string, providerUrl: string): string {
  const body = `<section class="card" role="status"><h2>Signed out of Rounds</h2>
<p>Now signing you out of your organisation account… If nothing happens, <a href="${esc(providerUrl)}">continue to your identity provider</a>.</p></section>`;
  return page({ title: 'Rounds review console', nonce, body, nav: NAV, status: 'Signing out' });
}

export function renderSignedOut(nonce: string): string {
  const body = `<section class="card" role="status"><h2>You are signed out</h2>
<p>Your review-console session has ended. <a href="/review">Sign in again</a>.</p></section>`;
  return page({ title: 'Rounds review console', nonce, body, nav: NAV, status: 'Signed out' });
}

function select(name: string, label: string, options: [string, string][], value: string | undefined): string {
  const opts = options
    .map(([v, text]) => `<option value="${esc(v)}"${v === (value ?? '') ? ' selected' : ''}>${esc(text)}</option>`)
    .join('');
  return `<div><label for="f-${name}" class="small">${esc(label)}</label><select id="f-${name}" name="${name}">${opts}</select></div>`;
}

export interface ReviewPageInput {
  nonce: string;
  actor: ReviewerActor;
  csrf: string;
  /** Reviewer events (ratings, changes, exports) of the answers shown. */
  events: ReviewerEvent[];
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

/** Rated answers as an eval set (the `rounds feedback export` format); each exported answer's audit record notes it. */
function exportForm(csrf: string): string {
  return `<form method="post" action="/review/export" class="card row" aria-label="Export">
<input type="hidden" name="csrf" value="${esc(csrf)}">
<div><label class="small"><input type="checkbox" name="reviewersOnly" value="1" checked> Reviewer ratings only</label></div>
<button type="submit" class="secondary">Export rated answers (JSONL)</button>
</form>`;
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
    ? input.records
        .map((r) =>
          renderRecord(r, {
            csrf: input.csrf,
            returnTo,
            reviewerId: input.actor.id,
            events: input.events.filter((e) => e.answerId === r.answer.id),
          }),
        )
        .join('\n')
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
${exportForm(input.csrf)}
${gaps}
<section aria-label="Answers"><h2 class="visually-hidden">Answers</h2>${list}</section>
${pager ? `<nav class="card" aria-label="Pages">${pager}</nav>` : ''}`;
  const who =
    input.actor.method === 'oidc'
      ? `<span class="small" data-reviewer-id="${esc(input.actor.id)}">${esc(input.actor.name ?? input.actor.id)}</span>`
      : `<span class="small" data-reviewer-id="${esc(input.actor.id)}">${esc(input.actor.id)} (shared-secret login)</span>`;
  const nav = `${NAV} · ${who} <form method="post" action="/review/logout" style="display:inline"><input type="hidden" name="csrf" value="${esc(input.csrf)}"><button type="submit" class="secondary">Sign out</button></form>`;
  const status = input.errors[0] ? `Error: ${input.errors[0]}` : input.flash;
  return page({
    title: 'Rounds review console',
    nonce: input.nonce,
    body,
    nav,
    script: LOCAL_TIMES_SCRIPT,
    ...(status ? { status } : {}),
  });
}
