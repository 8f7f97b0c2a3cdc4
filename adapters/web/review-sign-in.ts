/**
 * Review-console sign-in and sign-out routes:
 * - GET  /review/sign-in     start an OpenID Connect sign-in (PKCE, state, nonce) and send the browser to the provider
 * - GET  /review/callback    the provider's answer: checked by openid-client, then a session for reviewers only
 * - POST /review/login       shared-secret login (local use)
 * - POST /review/logout      end the session (and the provider's, when it publishes an end-session endpoint)
 * - GET  /review/signed-out  where the provider sends the browser back after sign-out
 * All pages here are sent with the console's nonce CSP, framing refusal, nosniff and no-store.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OIDC_CALLBACK_PATH, SIGNED_OUT_PATH } from '../../src/config/review.js';
import type { Route } from '../http/server.js';
import { cookie, parseCookies, queryOf, readForm, redirect } from './http-util.js';
import { describeSignInError } from './oidc-login.js';
import { REVIEWER_ID, SESSION_COOKIE } from './review-auth.js';
import type { ReviewConsole } from './review-console.js';
import { renderReviewDisabled, renderSignedOut, renderSignInProblem, renderSigningOut } from './review-page.js';

/** Holds the OAuth `state` in the browser that started the sign-in (login CSRF: a callback from another browser fails). */
export const LOGIN_COOKIE = 'rounds_review_signin';
const LOGIN_COOKIE_SECONDS = 600;

export function signInRoutes(c: ReviewConsole): Route[] {
  const { auth, oidc, logger, html, loginPage } = c;
  const clearLogin = (req: IncomingMessage) =>
    cookie(LOGIN_COOKIE, '', { path: '/review', sameSite: 'Lax', maxAgeSeconds: 0, secure: c.secure(req) });
  const problem = (res: ServerResponse, status: number, title: string, message: string, req: IncomingMessage) =>
    html(res, status, (n) => renderSignInProblem(n, title, message), { 'set-cookie': clearLogin(req) });

  const signIn = async (req: IncomingMessage, res: ServerResponse) => {
    if (!oidc) return html(res, 404, renderReviewDisabled);
    let begun: { url: URL; state: string };
    try {
      begun = await oidc.begin();
    } catch (error) {
      const ref = randomBytes(4).toString('hex');
      logger.error({ ref, event: 'review_sign_in_unavailable', ...describeSignInError(error) }, 'identity provider discovery failed');
      return problem(
        res,
        503,
        'The identity provider could not be reached',
        `Rounds could not read the identity provider's configuration (reference ${ref} in the server log). Try again in a minute; if it persists, an administrator should check REVIEW_OIDC_ISSUER and the network path to the provider.`,
        req,
      );
    }
    // SameSite=Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
    redirect(res, begun.url.href, {
      'set-cookie': cookie(LOGIN_COOKIE, begun.state, {
        path: '/review',
        sameSite: 'Lax',
        maxAgeSeconds: LOGIN_COOKIE_SECONDS,
        secure: c.secure(req),
      }),
    });
  };

  const callback = async (req: IncomingMessage, res: ServerResponse) => {
    if (!oidc || !auth) return html(res, 404, renderReviewDisabled);
    const query = queryOf(req);
    const state = query.get('state') ?? '';
    const started = parseCookies(req)[LOGIN_COOKIE];
    const again = 'Start again from the review console.';
    if (!state || !started || started !== state) {
      logger.warn({ event: 'review_sign_in_refused', reason: started ? 'state_mismatch' : 'no_sign_in_cookie' }, 'review sign-in refused');
      return problem(
        res,
        400,
        'Sign-in refused',
        `This sign-in was not started in this browser, or it has already finished. ${again}`,
        req,
      );
    }
    const attempt = await oidc.takeAttempt(state);
    if (!attempt) {
      logger.warn({ event: 'review_sign_in_refused', reason: 'state_unknown_or_replayed' }, 'review sign-in refused');
      return problem(res, 400, 'Sign-in refused', `This sign-in link was already used or has expired (after 10 minutes). ${again}`, req);
    }
    let result: Awaited<ReturnType<typeof oidc.finish>>;
    try {
      result = await oidc.finish(query, state, attempt);
    } catch (error) {
      const ref = randomBytes(4).toString('hex');
      const why = describeSignInError(error);
      logger.warn({ ref, event: 'review_sign_in_refused', ...why }, 'review sign-in refused');
      const denied = why.code.startsWith('provider:');
      return problem(
        res,
        denied ? 403 : 401,
        'Sign-in refused',
        denied
          ? `The identity provider did not sign you in (${why.code.slice('provider:'.length)}). ${again}`
          : `The identity provider's answer did not pass Rounds' checks, so you are not signed in (reference ${ref} in the server log). ${again} If it happens again, give the reference to your administrator.`,
        req,
      );
    }
    if (!result.ok) {
      logger.warn(
        { event: 'review_sign_in_refused', reason: result.reason, ...(result.reason === 'not_reviewer' ? { sub: result.id } : {}) },
        'review sign-in refused',
      );
      return problem(
        res,
        403,
        'Not a reviewer',
        result.reason === 'not_reviewer'
          ? `You are signed in to your organisation as ${result.name ?? result.id}, but the identity provider does not give you the reviewer role (claim "${result.claim}"). Ask your administrator to assign it to you.`
          : `The identity provider's token has no "${result.claim}" claim to identify you. Ask your administrator to check reviewers.oidc.idClaim in rounds.config.yaml.`,
        req,
      );
    }
    const { cookie: value } = await auth.start(
      { id: result.id, method: 'oidc', ...(result.name ? { name: result.name } : {}) },
      { idToken: result.idToken, ...(result.tenant ? { tenant: result.tenant } : {}) },
    );
    logger.info({ event: 'review_sign_in', method: 'oidc', reviewerId: result.id }, 'review console sign-in');
    // 200 with a same-origin refresh rather than a 303: a redirect chain that began at the provider is
    // cross-site, and browsers withhold SameSite=Strict cookies on it, so /review would not see the session.
    html(res, 200, (n) => renderSignInProblem(n, 'Signed in', 'Opening the review console…'), {
      'set-cookie': [sessionCookie(c, req, value), clearLogin(req)],
      refresh: '0;url=/review',
    });
  };

  const login = async (req: IncomingMessage, res: ServerResponse) => {
    if (!auth?.secretEnabled) return html(res, 404, renderReviewDisabled);
    const form = await readForm(req);
    const reviewer = (form.get('reviewer') ?? '').trim();
    if (!REVIEWER_ID.test(reviewer)) {
      return html(res, 400, loginPage('Enter your reviewer id: letters, digits, dot, dash, underscore or @ (at most 64).'));
    }
    if (auth.lockedOut()) return html(res, 429, loginPage('Too many failed logins. Wait a minute and try again.'));
    const started = await auth.secretLogin(form.get('secret') ?? '', reviewer);
    if (!started) {
      logger.warn({ event: 'review_login_failed' }, 'review console login failed');
      return html(res, 401, loginPage('That secret is not correct.'));
    }
    logger.info({ event: 'review_sign_in', method: 'secret', reviewerId: reviewer }, 'review console login');
    redirect(res, '/review', { 'set-cookie': sessionCookie(c, req, started.cookie) });
  };

  const logout = c.guarded(async (req, res, session) => {
    await auth?.logout(parseCookies(req)[SESSION_COOKIE]);
    logger.info({ event: 'review_sign_out', reviewerId: session.actor.id }, 'review console sign-out');
    const gone = cookie(SESSION_COOKIE, '', { path: '/review', maxAgeSeconds: 0, secure: c.secure(req) });
    const endSession = session.actor.method === 'oidc' ? await oidc?.endSessionUrl(session.idToken) : undefined;
    if (!endSession) return redirect(res, SIGNED_OUT_PATH, { 'set-cookie': gone });
    // On to the provider to end its session too, by a refresh rather than a 303: the console's CSP says
    // form-action 'self', which browsers also apply to a form's redirects, and it stays that strict.
    html(res, 200, (n) => renderSigningOut(n, endSession.href), { 'set-cookie': gone, refresh: `0;url=${endSession.href}` });
  });

  // A GET that changes nothing: the session already ended at POST /review/logout. Someone still signed in
  // (an old bookmark) goes to the console rather than being told they are out.
  const signedOut = async (req: IncomingMessage, res: ServerResponse) => {
    if (await c.sessionOf(req)) return redirect(res, '/review');
    html(res, 200, renderSignedOut);
  };

  return [
    { method: 'GET', path: '/review/sign-in', handler: signIn },
    { method: 'GET', path: OIDC_CALLBACK_PATH, handler: callback },
    { method: 'POST', path: '/review/login', handler: c.formErrors(login) },
    { method: 'POST', path: '/review/logout', handler: c.formErrors(logout) },
    { method: 'GET', path: SIGNED_OUT_PATH, handler: signedOut },
  ];
}

function sessionCookie(c: ReviewConsole, req: IncomingMessage, value: string): string {
  return cookie(SESSION_COOKIE, value, {
    path: '/review',
    sameSite: 'Strict',
    maxAgeSeconds: c.auth?.ttlSeconds ?? 0,
    secure: c.secure(req),
  });
}
