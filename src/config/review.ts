/**
 * The review console's and /metrics' slices of the configuration, with the cross-field rules that keep a
 * public deployment safe: sign-in through the hospital's identity provider (OpenID Connect), the shared secret
 * only for local use, https wherever a browser or a token crosses the network.
 */
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { EnvConfig } from './config.js';
import { isLoopbackHost } from './loopback.js';

/** The one callback path Rounds serves; the redirect URL registered with the provider must end in it. */
export const OIDC_CALLBACK_PATH = '/review/callback';
/** Where the provider sends the browser back after sign-out (register it as the post-logout redirect URI). */
export const SIGNED_OUT_PATH = '/review/signed-out';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  postLogoutRedirectUrl: string;
  scopes: string;
  /** Plain http to the provider, allowed only when the issuer is on this machine (a local Keycloak, the tests). */
  allowHttp: boolean;
}

export interface ReviewConfig {
  oidc?: OidcConfig;
  /** Shared-secret login (local use). */
  secret?: string;
  /** True when the shared secret is on although NODE_ENV=production (REVIEW_SECRET_IN_PRODUCTION): warn at start. */
  secretInProduction: boolean;
  sessionMinutes: number;
}

export interface MetricsConfig {
  /** Bearer token /metrics requires (METRICS_TOKEN). */
  token?: string;
  /** Without a token /metrics answers only when the server listens on loopback. */
  listensBeyondLoopback: boolean;
}

function invalid(message: string): RoundsError {
  return new RoundsError(ErrorCode.ConfigInvalid, message);
}

function httpsOrLoopback(name: string, value: string): void {
  const u = new URL(value);
  if (u.protocol !== 'https:' && !isLoopbackHost(u.hostname)) {
    throw invalid(
      `${name} is ${value}, which is not https. Use the https address (plain http is allowed only for a host on this machine).`,
    );
  }
}

export function reviewConfig(e: EnvConfig): { review?: ReviewConfig; publicUrl?: string } {
  const anyOidc = e.REVIEW_OIDC_ISSUER || e.REVIEW_OIDC_CLIENT_ID || e.REVIEW_OIDC_CLIENT_SECRET || e.REVIEW_OIDC_REDIRECT_URL;
  let oidc: OidcConfig | undefined;
  if (anyOidc) {
    const missing = (['REVIEW_OIDC_ISSUER', 'REVIEW_OIDC_CLIENT_ID', 'REVIEW_OIDC_CLIENT_SECRET'] as const).filter((k) => !e[k]);
    if (missing.length) {
      throw invalid(
        `Review console sign-in is partly configured: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set. ` +
          'Set the issuer URL, client id and client secret from your identity provider (see docs/review-console.md), or unset every REVIEW_OIDC_* variable.',
      );
    }
    const issuer = e.REVIEW_OIDC_ISSUER as string;
    httpsOrLoopback('REVIEW_OIDC_ISSUER', issuer);
    const redirectUrl =
      e.REVIEW_OIDC_REDIRECT_URL ?? (e.ROUNDS_PUBLIC_URL ? new URL(OIDC_CALLBACK_PATH, e.ROUNDS_PUBLIC_URL).href : undefined);
    if (!redirectUrl) {
      throw invalid(
        `REVIEW_OIDC_REDIRECT_URL is not set (nor ROUNDS_PUBLIC_URL to derive it from). Set it to https://<your host>${OIDC_CALLBACK_PATH}, the redirect URI you registered with the identity provider.`,
      );
    }
    const redirect = new URL(redirectUrl);
    if (redirect.pathname !== OIDC_CALLBACK_PATH || redirect.search || redirect.hash) {
      throw invalid(
        `REVIEW_OIDC_REDIRECT_URL is ${redirectUrl}, but Rounds receives sign-ins at ${OIDC_CALLBACK_PATH}. Set it (and the redirect URI registered with the identity provider) to ${redirect.origin}${OIDC_CALLBACK_PATH}.`,
      );
    }
    httpsOrLoopback('REVIEW_OIDC_REDIRECT_URL', redirectUrl);
    if (e.ROUNDS_PUBLIC_URL && new URL(e.ROUNDS_PUBLIC_URL).origin !== redirect.origin) {
      throw invalid(
        `REVIEW_OIDC_REDIRECT_URL (${redirect.origin}) is not on ROUNDS_PUBLIC_URL (${new URL(e.ROUNDS_PUBLIC_URL).origin}). Put both on the address reviewers use, or unset REVIEW_OIDC_REDIRECT_URL to derive it.`,
      );
    }
    if (!e.REVIEW_OIDC_SCOPES.split(/\s+/).includes('openid')) {
      throw invalid(`REVIEW_OIDC_SCOPES is "${e.REVIEW_OIDC_SCOPES}" but must include openid, e.g. "openid profile email".`);
    }
    oidc = {
      issuer,
      clientId: e.REVIEW_OIDC_CLIENT_ID as string,
      clientSecret: e.REVIEW_OIDC_CLIENT_SECRET as string,
      redirectUrl: redirect.href,
      postLogoutRedirectUrl: new URL(SIGNED_OUT_PATH, redirect.origin).href,
      scopes: e.REVIEW_OIDC_SCOPES,
      allowHttp: new URL(issuer).protocol === 'http:',
    };
  }
  const production = e.NODE_ENV === 'production';
  if (e.REVIEW_SECRET && production && !e.REVIEW_SECRET_IN_PRODUCTION) {
    throw invalid(
      'REVIEW_SECRET (shared-secret login, where reviewers type their own id) is for local use and is refused with NODE_ENV=production. ' +
        'Sign reviewers in through your identity provider instead (REVIEW_OIDC_ISSUER, REVIEW_OIDC_CLIENT_ID, REVIEW_OIDC_CLIENT_SECRET; see docs/review-console.md) and unset REVIEW_SECRET, ' +
        'or set REVIEW_SECRET_IN_PRODUCTION=true to accept that risk.',
    );
  }
  const publicUrl = e.ROUNDS_PUBLIC_URL ?? (oidc ? new URL(oidc.redirectUrl).origin : undefined);
  const out: { review?: ReviewConfig; publicUrl?: string } = publicUrl ? { publicUrl } : {};
  if (oidc || e.REVIEW_SECRET) {
    out.review = {
      ...(oidc ? { oidc } : {}),
      ...(e.REVIEW_SECRET ? { secret: e.REVIEW_SECRET } : {}),
      secretInProduction: Boolean(e.REVIEW_SECRET) && production,
      sessionMinutes: e.REVIEW_SESSION_MINUTES,
    };
  }
  return out;
}

export function metricsConfig(e: EnvConfig): MetricsConfig {
  return { ...(e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : {}), listensBeyondLoopback: !isLoopbackHost(e.HOST) };
}
