/**
 * /review routes: the console (GET /review), reviewer ratings (POST /review/rate) and the export of rated
 * answers (POST /review/export), plus sign-in and sign-out (review-sign-in.ts). A signed-in console user is a
 * reviewer: their ratings are stored with role 'reviewer' and platform 'web', and every rating, change of rating
 * and export is a reviewer event on the answer's audit record, under the identity they signed in with.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import { type AnswerRecord, RATING_REASONS, type RatingReason, type ReviewerEvent } from '../../src/core/ports.js';
import { collectFeedback, toJsonl } from '../../src/store/export.js';
import { renderGapsHtml } from '../../src/store/gaps-render.js';
import { knowledgeGaps } from '../../src/store/knowledge-gaps.js';
import type { ReviewSessionStore } from '../../src/store/review-sessions.js';
import type { AdapterDeps } from '../adapter.js';
import type { Route } from '../http/server.js';
import { queryOf, redirect } from './http-util.js';
import { createReviewConsole } from './review-console.js';
import { PAGE_SIZE, parseFilters, toAnswerQuery } from './review-filters.js';
import { renderReview, renderReviewDisabled, renderReviewUnavailable } from './review-page.js';
import { signInRoutes } from './review-sign-in.js';

export interface ReviewRouteDeps extends AdapterDeps {
  /** HTML fragment with the feedback report charts, when the report module is available. */
  reportCharts?: () => Promise<string>;
  /** Where sessions live (shared by several instances); in memory by default. */
  sessions?: ReviewSessionStore;
  /** Clock for session expiry (tests). */
  now?: () => number;
}

const FLASH: Record<string, string> = {
  rated: 'Rating saved.',
  unknown: 'That answer no longer exists (it may have been purged).',
  invalid: 'The rating was not saved: choose 👍 or 👎 (and a known reason).',
};

/** Only redirect back inside the console (no open redirect through the `return` field). */
function safeReturn(value: string | null): string {
  return value && /^\/review(\?[^#\s]*)?$/.test(value) ? value : '/review';
}

function withFlash(location: string, flash: string): string {
  return `${location}${location.includes('?') ? '&' : '?'}flash=${flash}`;
}

export function reviewRoutes(deps: ReviewRouteDeps): Route[] {
  const { service, config, logger } = deps;
  const c = createReviewConsole({
    config,
    logger,
    ...(deps.sessions ? { sessions: deps.sessions } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const { html } = c;

  const collections = () => [...new Set(service.profiles().flatMap((p) => p.collections))].filter((x) => x !== '*').sort();

  const unavailable = (res: ServerResponse, error: unknown, what: string) => {
    const ref = randomBytes(4).toString('hex');
    logger.error({ ref, err: error }, what);
    html(res, 503, (n) => renderReviewUnavailable(n, ref));
  };

  const console_ = async (req: IncomingMessage, res: ServerResponse) => {
    if (!c.auth) return html(res, 200, renderReviewDisabled);
    const session = await c.sessionOf(req);
    if (!session) return html(res, 200, c.loginPage());
    const q = queryOf(req);
    const { filters, errors } = parseFilters(q);
    let rows: AnswerRecord[];
    let events: ReviewerEvent[];
    try {
      rows = errors.length ? [] : await service.store.listAnswers(toAnswerQuery(filters));
      events = await service.store.listReviewerEvents(rows.slice(0, PAGE_SIZE).map((r) => r.answer.id));
    } catch (error) {
      return unavailable(res, error, 'review console could not list answers');
    }
    let chartsHtml: string | undefined;
    if (deps.reportCharts) {
      try {
        chartsHtml = await deps.reportCharts();
      } catch (error) {
        logger.warn({ err: error }, 'feedback report charts failed');
        chartsHtml = '<p class="error">The feedback report could not be built; see the server log.</p>';
      }
    }
    let gapsHtml: string | undefined;
    try {
      gapsHtml = renderGapsHtml(await knowledgeGaps(service.store));
    } catch (error) {
      logger.warn({ code: (error as { code?: string })?.code }, 'knowledge gaps could not be listed');
      gapsHtml = '<p class="error">The knowledge-gap list could not be built; see the server log.</p>';
    }
    const flash = FLASH[q.get('flash') ?? ''];
    html(res, errors.length ? 400 : 200, (nonce) =>
      renderReview({
        nonce,
        actor: session.actor,
        csrf: session.csrf,
        events,
        filters,
        errors,
        records: rows.slice(0, PAGE_SIZE),
        hasNext: rows.length > PAGE_SIZE,
        profiles: service.profiles(),
        collections: collections(),
        ...(chartsHtml ? { chartsHtml } : {}),
        gapsHtml,
        ...(flash ? { flash } : {}),
      }),
    );
  };

  const rate = c.guarded(async (_req, res, session, form) => {
    const back = safeReturn(form.get('return'));
    const answerId = form.get('answerId') ?? '';
    const value = form.get('value');
    const reason = form.get('reason') || undefined;
    const comment = (form.get('comment') ?? '').trim().slice(0, 1000);
    if (!answerId || (value !== 'up' && value !== 'down') || (reason && !(RATING_REASONS as readonly string[]).includes(reason))) {
      return redirect(res, withFlash(back, 'invalid'));
    }
    try {
      const stored = await service.rate({
        answerId,
        raterId: session.actor.id,
        value,
        ...(reason ? { reason: reason as RatingReason } : {}),
        ...(comment ? { comment } : {}),
        platform: 'web',
        ...(session.tenant ? { workspaceId: session.tenant } : {}),
        role: 'reviewer',
        actor: session.actor,
      });
      logger.info(
        { answerId, value: stored.value, reason: stored.reason, role: stored.role, method: session.actor.method },
        'review rating',
      );
      redirect(res, `${withFlash(back, 'rated')}#a-${encodeURIComponent(answerId)}`);
    } catch (error) {
      if (isRoundsError(error, ErrorCode.UnknownAnswer)) return redirect(res, withFlash(back, 'unknown'));
      if (isRoundsError(error, ErrorCode.InvalidInput)) return redirect(res, withFlash(back, 'invalid'));
      throw error;
    }
  });

  /** Rated answers as an eval set; each exported answer gets an 'exported' event before anything is sent. */
  const exportRated = c.guarded(async (_req, res, session, form) => {
    const reviewersOnly = form.get('reviewersOnly') === '1';
    let body: string;
    try {
      const { questions } = await collectFeedback(service.store, { reviewersOnly });
      await service.store.recordExport(
        session.actor,
        questions.map((q) => q.answer_id),
      );
      body = toJsonl(questions);
      logger.info({ event: 'review_export', reviewerId: session.actor.id, answers: questions.length, reviewersOnly }, 'review export');
    } catch (error) {
      return unavailable(res, error, 'review export failed');
    }
    const day = new Date().toISOString().slice(0, 10);
    res.writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="rounds-feedback-${day}.jsonl"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(body);
  });

  return [
    { method: 'GET', path: '/review', handler: console_ },
    { method: 'POST', path: '/review/rate', handler: c.formErrors(rate) },
    { method: 'POST', path: '/review/export', handler: c.formErrors(exportRated) },
    ...signInRoutes(c),
  ];
}
