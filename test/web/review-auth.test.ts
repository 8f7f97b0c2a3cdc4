import { describe, expect, it } from 'vitest';
import { ReviewAuth, secretMatches } from '../../adapters/web/review-auth.js';

const SECRET = 'correct horse battery staple';

describe('ReviewAuth', () => {
  it('compares secrets of any length without throwing', () => {
    expect(secretMatches(SECRET, SECRET)).toBe(true);
    expect(secretMatches('short', SECRET)).toBe(false);
    expect(secretMatches('', SECRET)).toBe(false);
  });

  it('issues sessions with a CSRF token bound to the session, and expires them', () => {
    let now = 1_000_000;
    const auth = new ReviewAuth(SECRET, () => now);
    expect(auth.login('wrong', 'r1')).toBeUndefined();
    const s = auth.login(SECRET, 'r1')!;
    expect(s.reviewerId).toBe('r1');
    expect(auth.get(s.id)).toBe(s);
    expect(auth.csrfValid(s, s.csrf)).toBe(true);
    expect(auth.csrfValid(s, null)).toBe(false);
    const other = auth.login(SECRET, 'r2')!;
    expect(auth.csrfValid(s, other.csrf)).toBe(false);
    now += ReviewAuth.ttlSeconds * 1000 + 1;
    expect(auth.get(s.id)).toBeUndefined();
  });

  it('locks logins for a minute after ten wrong secrets, even for the right one', () => {
    let now = 0;
    const auth = new ReviewAuth(SECRET, () => now);
    for (let i = 0; i < 10; i++) expect(auth.login(`guess-${i}`, 'x')).toBeUndefined();
    expect(auth.lockedOut()).toBe(true);
    expect(auth.login(SECRET, 'x')).toBeUndefined();
    now += 61_000;
    expect(auth.login(SECRET, 'x')).toBeDefined();
  });

  it('logs out', () => {
    const auth = new ReviewAuth(SECRET);
    const s = auth.login(SECRET, 'r')!;
    auth.logout(s.id);
    expect(auth.get(s.id)).toBeUndefined();
  });
});
