/**
 * Review console sessions. A session starts either from the hospital's identity provider (OpenID Connect, see
 * oidc-login.ts: the provider vouches for the reviewer's id, name and role) or, for local use only, from the
 * shared REVIEW_SECRET (the reviewer types their own id). The browser holds a random 256-bit value in an
 * HttpOnly cookie; the session store holds only its SHA-256, so a leaked store yields no working cookie. Every
 * POST also carries the session's CSRF token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ReviewerActor } from '../../src/core/ports.js';
import type { ReviewSession, ReviewSessionStore } from '../../src/store/review-sessions.js';

export type { ReviewSession } from '../../src/store/review-sessions.js';

export const SESSION_COOKIE = 'rounds_review';
/** Failed logins allowed per window before the console refuses logins for the rest of the window. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 60_000;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The store key for a cookie value or an OAuth state. */
export function keyOf(value: string): string {
  return digest(value).toString('base64url');
}

/** Constant-time comparison: hashing first gives equal-length buffers, so length does not leak either. */
export function secretMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Reviewer ids typed in shared-secret mode end up in the audit trail: keep them to a plain id, never free text. */
export const REVIEWER_ID = /^[A-Za-z0-9._@-]{1,64}$/;

export interface ReviewAuthOptions {
  store: ReviewSessionStore;
  sessionMinutes: number;
  /** Shared-secret login (local use); undefined turns it off. */
  secret?: string;
  now?: () => number;
}

export class ReviewAuth {
  private failures: number[] = [];
  readonly ttlSeconds: number;
  readonly now: () => number;

  constructor(private readonly opts: ReviewAuthOptions) {
    this.ttlSeconds = opts.sessionMinutes * 60;
    this.now = opts.now ?? Date.now;
  }

  get secretEnabled(): boolean {
    return this.opts.secret !== undefined;
  }

  /** True when too many wrong secrets were tried recently (slows guessing; the secret is ≥ 16 characters anyway). */
  lockedOut(): boolean {
    const since = this.now() - FAILURE_WINDOW_MS;
    this.failures = this.failures.filter((t) => t > since);
    return this.failures.length >= MAX_FAILURES;
  }

  /** Shared-secret login; returns the cookie value and session, or undefined for a wrong secret or a lockout. */
  async secretLogin(secret: string, reviewerId: string): Promise<{ cookie: string; session: ReviewSession } | undefined> {
    if (this.opts.secret === undefined || this.lockedOut()) return undefined;
    if (!secretMatches(secret, this.opts.secret)) {
      this.failures.push(this.now());
      return undefined;
    }
    return this.start({ id: reviewerId, method: 'secret' });
  }

  /** A new session for someone already authenticated (by the identity provider or the secret). */
  async start(
    actor: ReviewerActor,
    extra: { tenant?: string; idToken?: string } = {},
  ): Promise<{ cookie: string; session: ReviewSession }> {
    const cookie = randomToken();
    const now = this.now();
    const session: ReviewSession = {
      key: keyOf(cookie),
      actor,
      csrf: randomToken(),
      createdAt: now,
      expiresAt: now + this.ttlSeconds * 1000,
      ...(extra.tenant ? { tenant: extra.tenant } : {}),
      ...(extra.idToken ? { idToken: extra.idToken } : {}),
    };
    await this.opts.store.createSession(session);
    return { cookie, session };
  }

  async get(cookie: string | undefined): Promise<ReviewSession | undefined> {
    if (!cookie) return undefined;
    return this.opts.store.getSession(keyOf(cookie), this.now());
  }

  csrfValid(session: ReviewSession, token: string | null): boolean {
    return typeof token === 'string' && secretMatches(token, session.csrf);
  }

  async logout(cookie: string | undefined): Promise<void> {
    if (cookie) await this.opts.store.deleteSession(keyOf(cookie));
  }
}
