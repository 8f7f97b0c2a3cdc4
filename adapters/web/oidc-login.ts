/**
 * Review-console sign-in through the hospital's identity provider: OpenID Connect authorization code flow with
 * PKCE (S256), `state` and `nonce`, through openid-client (a certified relying party). openid-client checks the
 * ID token's issuer, audience, expiry, nonce and, because non-repudiation checks are on, its signature against
 * the provider's published keys: the token also stands as evidence of who signed in, not only the TLS channel.
 *
 * The reviewer's id and name come from the ID token; whether they are a reviewer comes from a role or group
 * claim (Entra ID app roles or groups, Okta and Keycloak groups) named in rounds.config.yaml `reviewers.oidc`.
 */
import * as client from 'openid-client';
import type { FileConfig, OidcConfig } from '../../src/config/config.js';
import type { LoginAttempt, ReviewSessionStore } from '../../src/store/review-sessions.js';
import { keyOf } from './review-auth.js';

export type ReviewerClaimConfig = FileConfig['reviewers']['oidc'];

/** A sign-in left unfinished at the provider stops being accepted after this long. */
const ATTEMPT_TTL_MS = 10 * 60 * 1000;

type Refusal =
  | { ok: false; reason: 'not_reviewer'; id: string; name?: string; claim: string }
  | { ok: false; reason: 'no_identity'; claim: string };
export type ReviewerDecision = { ok: true; id: string; name?: string; tenant?: string } | Refusal;
export type SignInResult = { ok: true; id: string; name?: string; tenant?: string; idToken: string } | Refusal;

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

const PLAIN_ID = /^[^\u0000-\u001f\u007f]{1,256}$/;

/** Who the validated claims say this is, and whether the configured claim makes them a reviewer. */
export function decideReviewer(claims: Record<string, unknown>, cfg: ReviewerClaimConfig): ReviewerDecision {
  const id = claims[cfg.idClaim];
  if (typeof id !== 'string' || !PLAIN_ID.test(id)) return { ok: false, reason: 'no_identity', claim: cfg.idClaim };
  const nameClaim = [claims.name, claims.preferred_username, claims.email].find((v) => typeof v === 'string' && v.trim() !== '');
  const name = typeof nameClaim === 'string' ? nameClaim : undefined;
  const tenantValue = claims[cfg.tenantClaim];
  const tenant = typeof tenantValue === 'string' ? tenantValue : undefined;
  const granted = new Set([...cfg.values, ...(tenant ? (cfg.tenants[tenant] ?? []) : [])]);
  const has = claimValues(claims[cfg.claim]).some((v) => granted.has(v));
  if (!has) return { ok: false, reason: 'not_reviewer', id, claim: cfg.claim, ...(name ? { name } : {}) };
  return { ok: true, id, ...(name ? { name } : {}), ...(tenant ? { tenant } : {}) };
}

export class OidcLogin {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly oidc: OidcConfig,
    private readonly claims: ReviewerClaimConfig,
    private readonly store: ReviewSessionStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Discovery runs at the first sign-in (and again after a failure), so Rounds starts while the provider is down. */
  private config(): Promise<client.Configuration> {
    if (!this.configuration) {
      const execute = [client.enableNonRepudiationChecks, ...(this.oidc.allowHttp ? [client.allowInsecureRequests] : [])];
      this.configuration = client
        .discovery(new URL(this.oidc.issuer), this.oidc.clientId, undefined, client.ClientSecretBasic(this.oidc.clientSecret), { execute })
        .catch((error: unknown) => {
          this.configuration = undefined;
          throw error;
        });
    }
    return this.configuration;
  }

  /** Starts a sign-in: returns the provider URL to send the browser to and the `state` for the browser's cookie. */
  async begin(): Promise<{ url: URL; state: string }> {
    const config = await this.config();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const now = this.now();
    const attempt: LoginAttempt = { key: keyOf(state), nonce, codeVerifier, createdAt: now, expiresAt: now + ATTEMPT_TTL_MS };
    await this.store.saveLoginAttempt(attempt);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.oidc.redirectUrl,
      scope: this.oidc.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state };
  }

  /** The pending sign-in for this `state`, taken out of the store (a second callback with it finds nothing). */
  takeAttempt(state: string): Promise<LoginAttempt | undefined> {
    return this.store.takeLoginAttempt(keyOf(state), this.now());
  }

  /**
   * Finishes a sign-in from the callback's query string. Throws openid-client's errors for anything the provider
   * or its token got wrong (bad signature, wrong audience, expired, wrong nonce or state, an error response).
   */
  async finish(query: URLSearchParams, state: string, attempt: LoginAttempt): Promise<SignInResult> {
    const config = await this.config();
    // The URL the provider redirected to, built from configuration rather than the Host header.
    const current = new URL(this.oidc.redirectUrl);
    current.search = query.toString();
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new Error('the token response carried no ID token');
    const decision = decideReviewer(claims as Record<string, unknown>, this.claims);
    return decision.ok ? { ...decision, idToken: tokens.id_token } : decision;
  }

  /** The provider's sign-out URL (RP-initiated logout), when it publishes one. */
  async endSessionUrl(idToken: string | undefined): Promise<URL | undefined> {
    const config = await this.config().catch(() => undefined);
    if (!config?.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: this.oidc.postLogoutRedirectUrl,
      client_id: this.oidc.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
  }
}

/**
 * A short, safe description of why a sign-in failed, for the log: the error code and the check that failed
 * (openid-client's own message and the underlying one, e.g. 'unexpected JWT "aud" (audience) claim value').
 * These messages name claims, never their values; tokens and claim values stay out of the log.
 */
export function describeSignInError(error: unknown): { code: string; message: string; detail?: string } {
  if (error instanceof client.AuthorizationResponseError)
    return { code: `provider:${error.error}`, message: error.error_description ?? error.error };
  if (error instanceof client.ResponseBodyError)
    return { code: `token_endpoint:${error.error}`, message: error.error_description ?? error.error };
  const e = error as { code?: unknown; message?: unknown; cause?: { message?: unknown } };
  const detail = typeof e?.cause?.message === 'string' && e.cause.message !== e.message ? e.cause.message : undefined;
  return {
    code: typeof e?.code === 'string' ? e.code : 'unexpected',
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(detail ? { detail } : {}),
  };
}
