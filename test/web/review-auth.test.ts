import { describe, expect, it } from 'vitest';
import { keyOf, ReviewAuth, secretMatches } from '../../adapters/web/review-auth.js';
import { MemoryReviewSessionStore } from '../../src/store/review-sessions.js';

const SECRET = 'correct horse battery staple';

function authAt(clock: { now: number }, secret: string | null = SECRET) {
  const store = new MemoryReviewSessionStore();
  return {
    store,
    auth: new ReviewAuth({ store, sessionMinutes: 480, ...(secret ? { secret } : {}), now: () => clock.now }),
  };
}

describe('ReviewAuth', () => {
  it('compares secrets of any length without throwing', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches('short', SECRET)).toBe(false);
    expect(secretMatches('', SECRET)).toBe(false);
  });

  it('issues sessions with their own CSRF token, keeps only a digest of the cookie, and expires them', async () => {
    const clock = { now: 1_000_000 };
    const { auth, store } = authAt(clock);
    expect(await auth.secretLogin('wrong', 'r1')).toBeUndefined();
    const s = (await auth.secretLogin(SECRET, 'r1'))!;
    expect(s.session.actor).toEqual({ id: 'r1', method: 'secret' });
    expect((await auth.get(s.cookie))?.actor.id).toBe('r1');
    // The store never sees the cookie value itself.
    expect(s.session.key).toBe(keyOf(s.cookie));
    expect(await store.getSession(s.cookie, clock.now)).toBeUndefined();
    expect(auth.csrfValid(s.session, s.session.csrf)).toBe(true);
    expect(auth.csrfValid(s.session, null)).toBe(false);
    const other = (await auth.secretLogin(SECRET, 'r2'))!;
    expect(auth.csrfValid(s.session, other.session.csrf)).toBe(false);
    clock.now += auth.ttlSeconds * 1000 + 1;
    expect(await auth.get(s.cookie)).toBeUndefined();
  });

  it('locks logins for a minute after ten wrong secrets, even for the right one', async () => {
    const clock = { now: 0 };
    const { auth } = authAt(clock);
    for (let i = 0; i < 10; i++) expect(await auth.secretLogin(`guess-${i}`, 'x')).toBeUndefined();
    expect(auth.lockedOut()).toBe(true);
    expect(await auth.secretLogin(SECRET, 'x')).toBeUndefined();
    clock.now += 61_000;
    expect(await auth.secretLogin(SECRET, 'x')).toBeDefined();
  });

  it('has no shared-secret login when no secret is configured', async () => {
    const { auth } = authAt({ now: 0 }, null);
    expect(auth.secretEnabled).toBe(false);
    expect(await auth.secretLogin('', 'x')).toBeUndefined();
  });

  it('logs out', async () => {
    const { auth } = authAt({ now: 0 });
    const s = (await auth.secretLogin(SECRET, 'r'))!;
    await auth.logout(s.cookie);
    expect(await auth.get(s.cookie)).toBeUndefined();
  });
});

describe('MemoryReviewSessionStore', () => {
  it('hands out a sign-in attempt once, and not after it expires', async () => {
    const store = new MemoryReviewSessionStore();
    const attempt = { key: 'k', nonce: 'n', codeVerifier: 'v', createdAt: 0, expiresAt: 600_000 };
    await store.saveLoginAttempt(attempt);
    expect(await store.takeLoginAttempt('k', 1)).toEqual(attempt);
    expect(await store.takeLoginAttempt('k', 2)).toBeUndefined();
    await store.saveLoginAttempt(attempt);
    expect(await store.takeLoginAttempt('k', 600_000)).toBeUndefined();
  });
});
