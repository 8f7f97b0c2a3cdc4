/**
 * Durability against real SQLite files: many writers at once (threads with their own connections), and a
 * process killed with SIGKILL right after acknowledging a rating.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { createAnswer, createContext, tempDir } from './factories.js';

const here = fileURLToPath(new URL('.', import.meta.url));
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/**
 * Loading TypeScript through tsx costs about half a second of CPU per worker thread (25 s for 50 on this
 * machine), so the rater is bundled once to plain JavaScript with esbuild (tsx's own compiler). It goes under
 * node_modules/.cache so its `better-sqlite3` import resolves. Without esbuild the tsx bootstrap is used.
 */
let raterEntry = join(here, 'workers', 'rater-bootstrap.mjs');
const bundleDir = join(here, '..', '..', 'node_modules', '.cache', `rounds-store-test-${process.pid}`);
beforeAll(async () => {
  const esbuild = await import('esbuild').catch(() => undefined);
  if (!esbuild) return;
  mkdirSync(bundleDir, { recursive: true });
  const outfile = join(bundleDir, 'rater.mjs');
  await esbuild.build({
    entryPoints: [join(here, 'workers', 'rater.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    packages: 'external',
    logLevel: 'silent',
  });
  raterEntry = outfile;
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

interface RaterResult {
  raterId: string;
  finals: Record<string, 'up' | 'down'>;
  writes: number;
}

async function runRaters(dbPath: string, raters: number, answerIds: string[]): Promise<RaterResult[]> {
  const barrier = new SharedArrayBuffer(8);
  const gate = new Int32Array(barrier);
  const results: Promise<RaterResult>[] = [];
  const workers: Worker[] = [];
  for (let i = 0; i < raters; i++) {
    const worker = new Worker(raterEntry, {
      workerData: { dbPath, raterId: `U${String(i).padStart(3, '0')}`, answerIds, barrier },
    });
    workers.push(worker);
    results.push(
      new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => code !== 0 && reject(new Error(`rater worker exited with ${code}`)));
      }),
    );
  }
  // Release everyone at once so opens and writes really overlap.
  while (Atomics.load(gate, 1) < raters) await new Promise((r) => setTimeout(r, 20));
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  try {
    return await Promise.all(results);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

describe('concurrent raters', () => {
  it('50 raters writing at once on one database file lose nothing', async () => {
    const dbPath = join(tmp.dir, 'rounds.db');
    const setup = openSqliteStore({ path: dbPath });
    const answers = Array.from({ length: 8 }, () => createAnswer());
    for (const a of answers) await setup.recordAnswer(a, createContext());
    await setup.close();

    const raters = 50;
    const done = await runRaters(
      dbPath,
      raters,
      answers.map((a) => a.id),
    );
    const totalWrites = done.reduce((n, r) => n + r.writes, 0);
    expect(totalWrites).toBeGreaterThan(raters * answers.length * 2);
    const store = openSqliteStore({ path: dbPath });
    const ratings = await store.listRatings();
    expect(ratings).toHaveLength(raters * answers.length);
    const stored = new Map(ratings.map((r) => [`${r.answerId}|${r.raterId}`, r.value]));
    for (const r of done) {
      for (const [answerId, value] of Object.entries(r.finals)) expect(stored.get(`${answerId}|${r.raterId}`)).toBe(value);
    }
    for (const a of answers) expect((await store.getAnswer(a.id))?.ratings).toHaveLength(raters);
    await store.close();
  }, 120_000);

  it('20 instances opening a new database at the same moment apply each migration once', async () => {
    const dbPath = join(tmp.dir, 'fresh.db');
    await runRaters(dbPath, 20, []);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version })).sort((a, b) => a.version - b.version),
    );
    db.close();
  }, 60_000);
});

function runChild(dbPath: string, mode: 'rate' | 'answer-only'): Promise<{ answerId: string; ack?: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'workers', 'crash-child.ts'), dbPath, mode], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let answerId = '';
    let ack: Record<string, unknown> | undefined;
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', (d) => {
      out += d;
      for (const line of out.split('\n')) {
        if (line.startsWith('ANSWERED ')) answerId = line.slice(9).trim();
        if (line.startsWith('ACK ')) ack = JSON.parse(line.slice(4));
      }
      // Kill the moment the acknowledgement is out: no clean close, no WAL checkpoint.
      if (answerId && (mode === 'answer-only' || ack)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && answerId) resolve({ answerId, ...(ack ? { ack } : {}) });
      else reject(new Error(`crash child ended with ${code ?? signal} before acknowledging: ${err}`));
    });
  });
}

describe('crash between answer and rating', () => {
  it('an acknowledged rating survives kill -9', async () => {
    const dbPath = join(tmp.dir, 'rounds.db');
    const { answerId, ack } = await runChild(dbPath, 'rate');
    const store = openSqliteStore({ path: dbPath });
    const record = await store.getAnswer(answerId);
    expect(record?.ratings).toEqual([ack]);
    expect(record?.ratings[0]).toMatchObject({ value: 'down', reason: 'unsafe', role: 'reviewer' });
    await store.close();
  }, 60_000);

  it('an answer recorded before a crash can still be rated after restart', async () => {
    const dbPath = join(tmp.dir, 'rounds.db');
    const { answerId } = await runChild(dbPath, 'answer-only');
    const store = openSqliteStore({ path: dbPath });
    expect((await store.getAnswer(answerId))?.ratings).toEqual([]);
    await store.rate({ answerId, raterId: 'U_LATE', value: 'up' });
    expect((await store.getAnswer(answerId))?.ratings).toHaveLength(1);
    await store.close();
  }, 60_000);
});
