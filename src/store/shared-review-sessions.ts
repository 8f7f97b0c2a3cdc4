/**
 * Review-console sessions and pending sign-ins kept in the shared store (its `sessions` table), so a reviewer
 * signed in through one instance is known to every instance behind the load balancer, and an OIDC callback may
 * land on another instance than the sign-in start. Used when DATABASE_URL selects PostgreSQL; one instance keeps
 * MemoryReviewSessionStore. The port's keys are already digests; the store hashes them once more.
 */
import type { SharedStateStore } from '../core/ports.js';
import type { LoginAttempt, ReviewSession, ReviewSessionStore } from './review-sessions.js';

function parse<T>(data: string | undefined): T | undefined {
  if (data === undefined) return undefined;
  try {
    return JSON.parse(data) as T;
  } catch {
    return undefined;
  }
}

export class SharedReviewSessionStore implements ReviewSessionStore {
  constructor(private readonly shared: SharedStateStore) {}

  async createSession(session: ReviewSession): Promise<void> {
    await this.shared.putSession(`review-session:${session.key}`, JSON.stringify(session), new Date(session.expiresAt));
  }

  async getSession(key: string, now: number): Promise<ReviewSession | undefined> {
    const session = parse<ReviewSession>(await this.shared.getSession(`review-session:${key}`));
    if (session && session.expiresAt <= now) {
      await this.shared.deleteSession(`review-session:${key}`);
      return undefined;
    }
    return session;
  }

  async deleteSession(key: string): Promise<void> {
    await this.shared.deleteSession(`review-session:${key}`);
  }

  async saveLoginAttempt(attempt: LoginAttempt): Promise<void> {
    await this.shared.putSession(`login-attempt:${attempt.key}`, JSON.stringify(attempt), new Date(attempt.expiresAt));
  }

  async takeLoginAttempt(key: string, now: number): Promise<LoginAttempt | undefined> {
    const attempt = parse<LoginAttempt>(await this.shared.takeSession(`login-attempt:${key}`));
    return attempt && attempt.expiresAt > now ? attempt : undefined;
  }
}
