/**
 * Review console access: one shared secret (REVIEW_SECRET), compared in constant time, exchanges for an
 * in-memory session held in an HttpOnly, SameSite=Strict cookie. Every POST also carries a CSRF token bound to
 * the session. Sessions live in this process only: a restart logs reviewers out, which is acceptable for a
 * console and avoids storing session secrets on disk.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'rounds_review';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Failed logins allowed per window before the console refuses logins for the rest of the window. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 60_000;

export interface ReviewSession {
  id: string;
  reviewerId: string;
  csrf: string;
  expiresAt: number;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time comparison: hashing first gives equal-length buffers, so length does not leak either. */
export function secretMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Reviewer ids end up in the audit trail: keep them to a plain id, never free text. */
export const REVIEWER_ID = /^[A-Za-z0-9._@-]{1,64}$/;

export class ReviewAuth {
  private readonly sessions = new Map<string, ReviewSession>();
  private readonly csrfKey = randomBytes(32);
  private failures: number[] = [];

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when too many wrong secrets were tried recently (slows guessing; the secret is ≥ 16 characters anyway). */
  lockedOut(): boolean {
    const since = this.now() - FAILURE_WINDOW_MS;
    this.failures = this.failures.filter((t) => t > since);
    return this.failures.length >= MAX_FAILURES;
  }

  login(secret: string, reviewerId: string): ReviewSession | undefined {
    if (this.lockedOut()) return undefined;
    if (!secretMatches(secret, this.secret)) {
      this.failures.push(this.now());
      return undefined;
    }
    const id = randomBytes(32).toString('base64url');
    const session: ReviewSession = {
      id,
      reviewerId,
      csrf: createHmac('sha256', this.csrfKey).update(id).digest('base64url'),
      expiresAt: this.now() + SESSION_TTL_MS,
    };
    this.sessions.set(id, session);
    this.prune();
    return session;
  }

  get(sessionId: string | undefined): ReviewSession | undefined {
    if (!sessionId) return undefined;
    const s = this.sessions.get(sessionId);
    if (!s) return undefined;
    if (s.expiresAt <= this.now()) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    return s;
  }

  csrfValid(session: ReviewSession, token: string | null): boolean {
    return typeof token === 'string' && secretMatches(token, session.csrf);
  }

  logout(sessionId: string | undefined): void {
    if (sessionId) this.sessions.delete(sessionId);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
  }

  static readonly ttlSeconds = SESSION_TTL_MS / 1000;
}
