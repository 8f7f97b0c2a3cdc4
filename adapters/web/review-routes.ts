/**
 * /review routes: login/logout, the console (GET /review) and reviewer ratings (POST /review/rate).
 * A logged-in console user is a reviewer: their ratings are stored with role 'reviewer' and platform 'web'.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import { type AnswerRecord, RATING_REASONS, type RatingReason } from '../../src/core/ports.js';
import { renderGapsHtml } from '../../src/store/gaps-render.js';
import { knowledgeGaps } from '../../src/store/knowledge-gaps.js';
import type { AdapterDeps } from '../adapter.js';
import type { Route } from '../http/server.js';
import { newNonce } from './html.js';
import { BadRequest, cookie, isHttps, parseCookies, queryOf, readForm, redirect, sameOrigin, sendHtml } from './http-util.js';
import { REVIEWER_ID, ReviewAuth, type ReviewSession, SESSION_COOKIE } from './review-auth.js';
import { PAGE_SIZE, parseFilters, toAnswerQuery } from './review-filters.js';
import { renderLogin, renderReview, renderReviewDisabled, renderReviewUnavailable } from './review-page.js';

export interface ReviewRouteDeps extends AdapterDeps {
  /** HTML fragment with the feedback report charts, when the report module is available. */
  reportCharts?: () => Promise<string>;
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
  const secret = config.env.REVIEW_SECRET;
  const auth = secret ? new ReviewAuth(secret) : undefined;

  const sessionOf = (req: IncomingMessage): ReviewSession | undefined => auth?.get(parseCookies(req)[SESSION_COOKIE]);
  const html = (res: ServerResponse, status: number, render: (nonce: string) => string) => {
    const nonce = newNonce();
    sendHtml(res, status, render(nonce), nonce);
  };

  const collections = () => [...new Set(service.profiles().flatMap((p) => p.collections))].filter((c) => c !== '*').sort();

  const console_ = async (req: IncomingMessage, res: ServerResponse) => {
    if (!auth) return html(res, 200, renderReviewDisabled);
    const session = sessionOf(req);
    if (!session) return html(res, 200, (n) => renderLogin(n));
    const q = queryOf(req);
    const { filters, errors } = parseFilters(q);
    let rows: AnswerRecord[];
    try {
      rows = errors.length ? [] : await service.store.listAnswers(toAnswerQuery(filters));
    } catch (error) {
      const ref = randomBytes(4).toString('hex');
      logger.error({ ref, err: error }, 'review console could not list answers');
      return html(res, 503, (n) => renderReviewUnavailable(n, ref));
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
        reviewerId: session.reviewerId,
        csrf: session.csrf,
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

  const login = async (req: IncomingMessage, res: ServerResponse) => {
    if (!auth) return html(res, 404, renderReviewDisabled);
    const form = await readForm(req);
    const reviewer = (form.get('reviewer') ?? '').trim();
    if (!REVIEWER_ID.test(reviewer)) {
      return html(res, 400, (n) => renderLogin(n, 'Enter your reviewer id: letters, digits, dot, dash, underscore or @ (at most 64).'));
    }
    if (auth.lockedOut()) return html(res, 429, (n) => renderLogin(n, 'Too many failed logins. Wait a minute and try again.'));
    const session = auth.login(form.get('secret') ?? '', reviewer);
    if (!session) {
      logger.warn({ event: 'review_login_failed' }, 'review console login failed');
      return html(res, 401, (n) => renderLogin(n, 'That secret is not correct.'));
    }
    logger.info({ event: 'review_login', reviewerId: reviewer }, 'review console login');
    redirect(res, '/review', {
      'set-cookie': cookie(SESSION_COOKIE, session.id, {
        path: '/review',
        sameSite: 'Strict',
        maxAgeSeconds: ReviewAuth.ttlSeconds,
        secure: isHttps(req),
      }),
    });
  };

  /** Every console POST: same origin, a live session, and the session's CSRF token. */
  const guarded =
    (handler: (req: IncomingMessage, res: ServerResponse, session: ReviewSession, form: URLSearchParams) => Promise<void>) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      if (!auth) return html(res, 404, renderReviewDisabled);
      const session = sessionOf(req);
      if (!session) return html(res, 401, (n) => renderLogin(n, 'Your session has ended. Log in again.'));
      const form = await readForm(req);
      if (!sameOrigin(req) || !auth.csrfValid(session, form.get('csrf'))) {
        return html(res, 403, (n) =>
          renderLogin(n, 'That request did not come from this console (CSRF check failed). Reload the page and try again.'),
        );
      }
      await handler(req, res, session, form);
    };

  const rate = guarded(async (_req, res, session, form) => {
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
        raterId: session.reviewerId,
        value,
        ...(reason ? { reason: reason as RatingReason } : {}),
        ...(comment ? { comment } : {}),
        platform: 'web',
        role: 'reviewer',
      });
      logger.info({ answerId, value: stored.value, reason: stored.reason, role: stored.role }, 'review rating');
      redirect(res, `${withFlash(back, 'rated')}#a-${encodeURIComponent(answerId)}`);
    } catch (error) {
      if (isRoundsError(error, ErrorCode.UnknownAnswer)) return redirect(res, withFlash(back, 'unknown'));
      if (isRoundsError(error, ErrorCode.InvalidInput)) return redirect(res, withFlash(back, 'invalid'));
      throw error;
    }
  });

  const logout = guarded(async (req, res) => {
    auth?.logout(parseCookies(req)[SESSION_COOKIE]);
    redirect(res, '/review', { 'set-cookie': cookie(SESSION_COOKIE, '', { path: '/review', maxAgeSeconds: 0 }) });
  });

  const formErrors =
    (fn: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => async (req: IncomingMessage, res: ServerResponse) => {
      try {
        await fn(req, res);
      } catch (error) {
        if (error instanceof BadRequest) return html(res, error.status, (n) => renderLogin(n, error.message));
        throw error;
      }
    };

  return [
    { method: 'GET', path: '/review', handler: console_ },
    { method: 'POST', path: '/review/login', handler: formErrors(login) },
    { method: 'POST', path: '/review/rate', handler: formErrors(rate) },
    { method: 'POST', path: '/review/logout', handler: formErrors(logout) },
  ];
}
