/** Review-console sessions through the shared store, on SQLite and PostgreSQL, seen from two instances. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SharedReviewSessionStore } from '../../src/store/shared-review-sessions.js';
import type { RoundsStore } from '../../src/store/store.js';
import { STORE_KINDS, TestStores } from './test-stores.js';

describe.each(STORE_KINDS)('SharedReviewSessionStore on %s', (kind) => {
  const stores = new TestStores(kind);
  let a: RoundsStore;
  let b: RoundsStore;
  beforeEach(async () => {
    const location = await stores.create();
    a = await stores.open(location);
    b = await stores.open(location);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await stores.cleanup();
  });

  it('knows a session opened on one instance on the other, until it expires or is deleted', async () => {
    const now = Date.now();
    const one = new SharedReviewSessionStore(a);
    const two = new SharedReviewSessionStore(b);
    const session = {
      key: 'digest-1',
      actor: { id: 'sub-1', name: 'Dr Lead', method: 'oidc' as const },
      csrf: 'csrf-token',
      createdAt: now,
      expiresAt: now + 3_600_000,
    };
    await one.createSession(session);
    expect(await two.getSession('digest-1', now)).toEqual(session);
    expect(await two.getSession('digest-1', now + 3_600_001)).toBeUndefined();
    await one.createSession({ ...session, key: 'digest-2' });
    await two.deleteSession('digest-2');
    expect(await one.getSession('digest-2', now)).toBeUndefined();
  });

  it('hands a pending sign-in to exactly one callback, on any instance', async () => {
    const now = Date.now();
    const one = new SharedReviewSessionStore(a);
    const two = new SharedReviewSessionStore(b);
    const attempt = { key: 'state-digest', nonce: 'n', codeVerifier: 'v', createdAt: now, expiresAt: now + 600_000 };
    await one.saveLoginAttempt(attempt);
    const taken = await Promise.all([two.takeLoginAttempt('state-digest', now), one.takeLoginAttempt('state-digest', now)]);
    expect(taken.filter(Boolean)).toEqual([attempt]);
    await one.saveLoginAttempt({ ...attempt, key: 'late' });
    expect(await two.takeLoginAttempt('late', now + 600_001)).toBeUndefined();
  });
});
