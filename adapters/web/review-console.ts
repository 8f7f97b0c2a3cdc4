/**
 * What every review-console route shares: the session authority, the OpenID Connect login (when configured),
 * page rendering under the nonce CSP, the POST guard (same origin, live session, CSRF token) and the rule for
 * Secure cookies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../src/config/config.js';
import type { Logger } from '../../src/logger.js';
import { MemoryReviewSessionStore, type ReviewSessionStore } from '../../src/store/review-sessions.js';
import { newNonce } from './html.js';
import { BadRequest, isHttps, parseCookies, readForm, sameOrigin, sendHtml } from './http-util.js';
import { OidcLogin } from './oidc-login.js';
import { ReviewAuth, type ReviewSession, SESSION_COOKIE } from './review-auth.js';
import { renderLogin, renderReviewDisabled } from './review-page.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type GuardedHandler = (req: IncomingMessage, res: ServerResponse, session: ReviewSession, form: URLSearchParams) => Promise<void>;

export interface ReviewConsole {
  auth?: ReviewAuth;
  oidc?: OidcLogin;
  logger: Logger;
  html(res: ServerResponse, status: number, render: (nonce: string) => string, extra?: Record<string, string | string[]>): void;
  sessionOf(req: IncomingMessage): Promise<ReviewSession | undefined>;
  /** Every console POST: same origin, a live session, and the session's CSRF token. */
  guarded(handler: GuardedHandler): Handler;
  /** Turns a bad form (wrong content type, too large) into the login page with the reason. */
  formErrors(handler: Handler): Handler;
  /** Cookies are Secure when the public URL is https or this request came over TLS. */
  secure(req: IncomingMessage): boolean;
  loginPage(error?: string): (nonce: string) => string;
}

export interface ReviewConsoleOptions {
  config: Config;
  logger: Logger;
  /** Shared session store (several instances); in memory by default. */
  sessions?: ReviewSessionStore;
  now?: () => number;
}

export function createReviewConsole({ config, logger, sessions, now }: ReviewConsoleOptions): ReviewConsole {
  const review = config.review;
  const store = sessions ?? new MemoryReviewSessionStore();
  const auth = review
    ? new ReviewAuth({
        store,
        sessionMinutes: review.sessionMinutes,
        ...(review.secret ? { secret: review.secret } : {}),
        ...(now ? { now } : {}),
      })
    : undefined;
  const oidc = review?.oidc ? new OidcLogin(review.oidc, config.file.reviewers.oidc, store, now) : undefined;

  const html: ReviewConsole['html'] = (res, status, render, extra = {}) => {
    const nonce = newNonce();
    sendHtml(res, status, render(nonce), nonce, extra);
  };
  const loginPage: ReviewConsole['loginPage'] = (error) => (n) =>
    renderLogin(n, { oidc: Boolean(oidc), secret: Boolean(auth?.secretEnabled), ...(error ? { error } : {}) });
  const sessionOf: ReviewConsole['sessionOf'] = async (req) => auth?.get(parseCookies(req)[SESSION_COOKIE]);

  return {
    ...(auth ? { auth } : {}),
    ...(oidc ? { oidc } : {}),
    logger,
    html,
    sessionOf,
    loginPage,
    secure: (req) => config.hsts || isHttps(req),
    guarded: (handler) => async (req, res) => {
      if (!auth) return html(res, 404, renderReviewDisabled);
      const session = await sessionOf(req);
      if (!session) return html(res, 401, loginPage('Your session has ended. Sign in again.'));
      const form = await readForm(req);
      if (!sameOrigin(req) || !auth.csrfValid(session, form.get('csrf'))) {
        return html(res, 403, loginPage('That request did not come from this console (CSRF check failed). Reload the page and try again.'));
      }
      await handler(req, res, session, form);
    },
    formErrors: (fn) => async (req, res) => {
      try {
        await fn(req, res);
      } catch (error) {
        if (error instanceof BadRequest) return html(res, error.status, loginPage(error.message));
        throw error;
      }
    },
  };
}
