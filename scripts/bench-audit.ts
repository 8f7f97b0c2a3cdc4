/**
 * What the audit chain costs: answers and ratings written per second by concurrent writers, and how long
 * `rounds audit verify` takes per thousand records. SQLite always; PostgreSQL when BENCH_DATABASE_URL names a
 * server where this may create a database (two store instances, as two Rounds processes would be). Prints figures.
 *
 *   npx tsx scripts/bench-audit.ts [writers=20] [seconds=5]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench-audit.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPgStore } from '../src/store/pg-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { RoundsStore } from '../src/store/store.js';
import { createAnswer, createContext } from '../test/store/factories.js';

const writers = Number(process.argv[2] ?? 20);
const seconds = Number(process.argv[3] ?? 5);

async function load(stores: RoundsStore[]): Promise<number> {
  let done = 0;
  const stop = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const store = stores[w % stores.length] as RoundsStore;
      for (let i = 0; Date.now() < stop; i++) {
        const id = `bench-${w}-${i}-${Math.random().toString(36).slice(2, 8)}`;
        await store.recordAnswer(createAnswer({ id }), createContext());
        await store.rate({ answerId: id, raterId: `rater-${w}`, value: i % 2 ? 'up' : 'down' });
        done += 1;
      }
    }),
  );
  return done;
}

async function report(kind: string, stores: RoundsStore[]): Promise<void> {
  const done = await load(stores);
  const first = stores[0] as RoundsStore;
  const t0 = performance.now();
  const verified = await first.verifyAudit();
  const ms = performance.now() - t0;
  process.stdout.write(
    `${kind}: ${writers} writers, ${stores.length} store instance(s): ${(done / seconds).toFixed(0)} answers+ratings/s ` +
      `(${done} in ${seconds} s); verify ${verified.ok ? 'ok' : 'FAILED'}: ${verified.entries} entries, ${verified.records} records in ` +
      `${ms.toFixed(0)} ms (${((ms / Math.max(1, verified.records)) * 1000).toFixed(0)} ms per 1000 records)\n`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'rounds-bench-audit-'));
try {
  const path = join(dir, 'rounds.db');
  const sqlite = [openSqliteStore({ path }), openSqliteStore({ path })];
  await report('sqlite', sqlite);
  for (const s of sqlite) await s.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const admin = process.env.BENCH_DATABASE_URL;
if (admin) {
  const name = `rounds_bench_audit_${process.pid}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  try {
    const stores = [await openPgStore({ url: url.toString() }), await openPgStore({ url: url.toString() })];
    await report('postgres', stores);
    for (const s of stores) await s.close();
  } finally {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}
