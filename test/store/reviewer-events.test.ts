/**
 * Migration 4: every rating, change of rating and export by a reviewer is an audit event with the identity,
 * time and answer id, written in the same transaction as the rating.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import type { ReviewerActor } from '../../src/core/ports.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { RoundsStore } from '../../src/store/store.js';
import { createAnswer, createContext, fakeClock, tempDir } from './factories.js';
import { STORE_KINDS, TestStores } from './test-stores.js';

let tmp: ReturnType<typeof tempDir>;
let store: RoundsStore;
const clock = fakeClock('2025-03-01T10:00:00.000Z');
const alice: ReviewerActor = { id: '3f2c9a1e-sub', name: 'Dr Alice Reviewer', method: 'oidc' };

beforeEach(() => {
  tmp = tempDir();
  clock.set('2025-03-01T10:00:00.000Z');
  store = openSqliteStore({ path: join(tmp.dir, 'rounds.db'), clock });
});
afterEach(async () => {
  await store.close();
  tmp.cleanup();
});

describe.each(STORE_KINDS)('on %s', (kind) => {
  const stores = new TestStores(kind);
  let location = '';
  beforeEach(async () => {
    await store.close();
    location = await stores.create();
    store = await stores.open(location, { clock });
  });
  afterEach(async () => {
    await store.close();
    await stores.cleanup();
  });
  /** Renames the events table from another connection, so the event insert fails inside the rating's transaction. */
  const breakEventsTable = async () => {
    if (kind === 'sqlite') {
      const other = new Database(location);
      other.exec('ALTER TABLE reviewer_events RENAME TO reviewer_events_gone');
      other.close();
    } else {
      const other = new pg.Client({ connectionString: location });
      await other.connect();
      await other.query('ALTER TABLE reviewer_events RENAME TO reviewer_events_gone');
      await other.end();
    }
  };

  describe('reviewer audit events', () => {
    it('records a rating, a change of rating and an export with identity, time and answer id', async () => {
      const a = createAnswer({ id: 'ans-1' });
      const b = createAnswer({ id: 'ans-2' });
      await store.recordAnswer(a, createContext());
      await store.recordAnswer(b, createContext());

      await store.rate({ answerId: 'ans-1', raterId: alice.id, value: 'up', role: 'reviewer', actor: alice });
      // A double click changes nothing and records nothing.
      await store.rate({ answerId: 'ans-1', raterId: alice.id, value: 'up', role: 'reviewer', actor: alice });
      clock.set('2025-03-01T11:00:00.000Z');
      await store.rate({ answerId: 'ans-1', raterId: alice.id, value: 'down', reason: 'outdated_source', role: 'reviewer', actor: alice });
      clock.set('2025-03-01T12:00:00.000Z');
      await store.recordExport(alice, ['ans-1', 'ans-2', 'ans-1']);
      // A rating without an actor (Slack, Teams, playground) is not a console action.
      await store.rate({ answerId: 'ans-2', raterId: 'U1', value: 'up' });

      const events = await store.listReviewerEvents(['ans-1']);
      expect(events.map(({ id: _id, ...e }) => e)).toEqual([
        { answerId: 'ans-1', at: '2025-03-01T10:00:00.000Z', action: 'rated', actor: alice, value: 'up' },
        {
          answerId: 'ans-1',
          at: '2025-03-01T11:00:00.000Z',
          action: 'rating_changed',
          actor: alice,
          value: 'down',
          previousValue: 'up',
          reason: 'outdated_source',
        },
        { answerId: 'ans-1', at: '2025-03-01T12:00:00.000Z', action: 'exported', actor: alice },
      ]);
      expect((await store.listReviewerEvents(['ans-2'])).map((e) => e.action)).toEqual(['exported']);
      expect(await store.listReviewerEvents([])).toEqual([]);
    });

    it('refuses an event without an identity, storing neither rating nor event', async () => {
      await store.recordAnswer(createAnswer({ id: 'ans-1' }), createContext());
      const err = await store.rate({ answerId: 'ans-1', raterId: 'x', value: 'up', actor: { id: '', method: 'oidc' } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isRoundsError(err, ErrorCode.InvalidInput)).toBe(true);
      expect((await store.getAnswer('ans-1'))?.ratings).toEqual([]);
    });

    it('stores the rating and its event together or not at all', async () => {
      await store.recordAnswer(createAnswer({ id: 'ans-1' }), createContext());
      // Break the events table from another connection: the event insert fails inside the rating's transaction.
      await breakEventsTable();
      const err = await store.rate({ answerId: 'ans-1', raterId: alice.id, value: 'up', actor: alice }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isRoundsError(err, ErrorCode.StoreFailed)).toBe(true);
      expect((await store.getAnswer('ans-1'))?.ratings).toEqual([]);
    });

    it('keeps control characters out of a display name', async () => {
      await store.recordAnswer(createAnswer({ id: 'ans-1' }), createContext());
      await store.recordExport({ id: 'u1', name: 'Eve\n[fake log line]', method: 'secret' }, ['ans-1']);
      expect((await store.listReviewerEvents(['ans-1']))[0]?.actor).toEqual({ id: 'u1', name: 'Eve [fake log line]', method: 'secret' });
    });
  });
});

describe('migrations landing out of order', () => {
  it('applies a lower version added after a higher one was applied (3 landing after 4)', () => {
    const db = new Database(join(tmp.dir, 'gap.db'));
    const now = () => new Date('2025-01-01T00:00:00.000Z');
    // A build that had 4 but not yet 3 ran first; then 3 lands.
    const withoutThree = MIGRATIONS.filter((m) => m.version !== 3);
    expect(migrate(db, now, withoutThree)).toEqual(withoutThree.map((m) => m.version).sort((x, y) => x - y));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'escalations'").get()).toBeUndefined();
    expect(migrate(db, now)).toEqual([3]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'escalations'").get()).toEqual({ name: 'escalations' });
    expect(migrate(db, now)).toEqual([]);
    db.close();
  });
});
