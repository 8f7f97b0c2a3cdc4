/** The dedupe port through the shared PostgreSQL store: two instances, one claim; a store outage falls back to memory. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeduper, Deduper, StoreDeduper } from '../../adapters/dedupe.js';
import type { SharedStateStore } from '../../src/core/ports.js';
import { openPgStore, type PgFeedbackStore } from '../../src/store/pg-store.js';
import { freshDatabase } from '../helpers/postgres.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let a: PgFeedbackStore;
let b: PgFeedbackStore;

beforeAll(async () => {
  db = await freshDatabase();
  a = await openPgStore({ url: db.url, poolSize: 2 });
  b = await openPgStore({ url: db.url, poolSize: 2 });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
});

describe('StoreDeduper', () => {
  it('answers a redelivery once whichever instance receives it', async () => {
    const first = createDeduper(a, 60_000, 100);
    const second = createDeduper(b, 60_000, 100);
    expect(first).toBeInstanceOf(StoreDeduper);
    expect(await first.claim('event:Ev0001')).toBe(true);
    expect(await second.claim('event:Ev0001')).toBe(false);
    expect(await second.claim('event:Ev0002')).toBe(true);
    expect(createDeduper(undefined, 60_000, 100)).toBeInstanceOf(Deduper);
  });

  it('falls back to this instance’s memory when the store is down, still deduplicating here', async () => {
    const down: SharedStateStore = {
      claimEvent: async () => {
        throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
      },
      putSession: async () => undefined,
      getSession: async () => undefined,
      takeSession: async () => undefined,
      deleteSession: async () => undefined,
    };
    const d = new StoreDeduper(down, 60_000);
    expect(await d.claim('msg:C1:1.2')).toBe(true);
    expect(await d.claim('msg:C1:1.2')).toBe(false);
  });
});
