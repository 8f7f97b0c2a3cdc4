/**
 * Review-console sessions and pending sign-ins behind a small port, so several Rounds instances can share them
 * (a PostgreSQL implementation joins later); the in-memory one serves a single instance, where a restart signs
 * reviewers out.
 *
 * Keys are SHA-256 digests of the cookie value or the OAuth `state`, never the values themselves: whoever can
 * read the store cannot turn its rows into a working cookie.
 */
import type { ReviewerActor } from '../core/ports.js';

export interface ReviewSession {
  /** SHA-256 (base64url) of the session cookie's value. */
  key: string;
  actor: ReviewerActor;
  /** The tenant the identity provider named (Entra `tid`), when it names one. */
  tenant?: string;
  /** Per-session CSRF token that every console POST must echo. */
  csrf: string;
  /** Epoch milliseconds. */
  createdAt: number;
  expiresAt: number;
  /** The ID token, kept only to ask the provider to end its session on sign-out (`id_token_hint`). */
  idToken?: string;
}

/** A sign-in sent to the identity provider and not yet come back: what the callback must check against. */
export interface LoginAttempt {
  /** SHA-256 (base64url) of the `state` sent to the provider. */
  key: string;
  nonce: string;
  codeVerifier: string;
  createdAt: number;
  expiresAt: number;
}

export interface ReviewSessionStore {
  createSession(session: ReviewSession): Promise<void>;
  /** The live session under this key; an expired one is removed and undefined returned. */
  getSession(key: string, now: number): Promise<ReviewSession | undefined>;
  deleteSession(key: string): Promise<void>;
  saveLoginAttempt(attempt: LoginAttempt): Promise<void>;
  /** Returns and removes the attempt in one step: a replayed `state` finds nothing. Expired attempts count as absent. */
  takeLoginAttempt(key: string, now: number): Promise<LoginAttempt | undefined>;
}

/** Bounds so that a flood of sign-in starts cannot grow memory without limit (oldest entries go first). */
const MAX_SESSIONS = 10_000;
const MAX_ATTEMPTS = 5_000;

function prune<T extends { expiresAt: number }>(map: Map<string, T>, now: number, max: number): void {
  for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
  // Maps iterate in insertion order, so the first keys are the oldest.
  for (const k of map.keys()) {
    if (map.size < max) break;
    map.delete(k);
  }
}

export class MemoryReviewSessionStore implements ReviewSessionStore {
  private readonly sessions = new Map<string, ReviewSession>();
  private readonly attempts = new Map<string, LoginAttempt>();

  async createSession(session: ReviewSession): Promise<void> {
    prune(this.sessions, session.createdAt, MAX_SESSIONS);
    this.sessions.set(session.key, session);
  }

  async getSession(key: string, now: number): Promise<ReviewSession | undefined> {
    const s = this.sessions.get(key);
    if (s && s.expiresAt <= now) {
      this.sessions.delete(key);
      return undefined;
    }
    return s;
  }

  async deleteSession(key: string): Promise<void> {
    this.sessions.delete(key);
  }

  async saveLoginAttempt(attempt: LoginAttempt): Promise<void> {
    prune(this.attempts, attempt.createdAt, MAX_ATTEMPTS);
    this.attempts.set(attempt.key, attempt);
  }

  async takeLoginAttempt(key: string, now: number): Promise<LoginAttempt | undefined> {
    const a = this.attempts.get(key);
    this.attempts.delete(key);
    return a && a.expiresAt > now ? a : undefined;
  }
}
