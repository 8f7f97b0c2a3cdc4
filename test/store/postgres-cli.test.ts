/**
 * The offline commands on PostgreSQL, through the real CLI: `rounds feedback copy-to-postgres` brings a SQLite
 * store over (and can be re-run), then `feedback export`, `feedback report` and `calibrate --dry-run` print the
 * same on PostgreSQL as on the SQLite file they came from, and `feedback purge` applies retention there.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../../src/store/pg-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { freshDatabase } from '../helpers/postgres.js';
import { REPO_ROOT } from '../helpers/runtime.js';
import { createAnswer, createCitation, createContext, tempDir } from './factories.js';

let tmp: ReturnType<typeof tempDir>;
let db: Awaited<ReturnType<typeof freshDatabase>>;

function rounds(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'rounds.js'), ...args], {
      cwd: tmp.dir,
      env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, ROUNDS_DATA_DIR: join(tmp.dir, 'data'), LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  tmp = tempDir();
  db = await freshDatabase();
  const store = openSqliteStore({ path: join(tmp.dir, 'data', 'rounds.db') });
  for (let i = 0; i < 12; i += 1) {
    const a = createAnswer({
      createdAt: `2025-03-${String(i + 1).padStart(2, '0')}T09:00:00.000Z`,
      question: `Question ${i}: when to give antibiotics?`,
      score: 0.3 + i * 0.05,
      label: i > 6 ? 'high' : 'low',
      citations: [createCitation({ docId: `doc-${i % 3}` })],
    });
    await store.recordAnswer(a, createContext({ channelId: `C${i % 2}` }));
    await store.rate({
      answerId: a.id,
      raterId: 'rev-1',
      role: 'reviewer',
      value: i % 3 ? 'up' : 'down',
      reason: i % 3 ? undefined : 'incorrect',
    });
    if (i % 4 === 0) await store.rate({ answerId: a.id, raterId: 'nurse-1', role: 'asker', value: 'up', comment: 'clear, thanks' });
  }
  await store.close();
  writeFileSync(join(tmp.dir, 'retention.yaml'), 'retention:\n  days: 30\n');
}, 60_000);

afterAll(async () => {
  await db?.drop();
  tmp?.cleanup();
});

describe('offline commands on PostgreSQL', () => {
  it('copies a SQLite store into PostgreSQL, and a second copy adds nothing', async () => {
    const first = await rounds(['feedback', 'copy-to-postgres'], { DATABASE_URL: db.url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('answers: 12 rows read, 12 copied');
    expect(first.stdout).toContain('ratings: 15 rows read, 15 copied');
    expect(first.stdout).toContain('answer_sources: 12 rows read, 12 copied');
    expect(first.stdout).not.toContain(new URL(db.url).password);
    // The audit chain is not copied row for row: PostgreSQL's own chain names the SQLite head and each record.
    expect(first.stdout).toMatch(
      /audit: 27 records chained in PostgreSQL as imported; the SQLite chain \(head #28 [0-9a-f]{64}\) verified/,
    );
    const again = await rounds(['feedback', 'copy-to-postgres'], { DATABASE_URL: db.url });
    expect(again.stdout).toContain('answers: 12 rows read, 0 copied (12 already there)');
    expect(again.stdout).toContain('audit: 0 records chained in PostgreSQL as imported');

    const pgStore = await openPgStore({ url: db.url });
    const sqlite = openSqliteStore({ path: join(tmp.dir, 'data', 'rounds.db') });
    expect(await pgStore.listAnswers({ limit: 100 })).toEqual(await sqlite.listAnswers({ limit: 100 }));
    expect(await pgStore.verifyAudit()).toMatchObject({ ok: true, records: 27 });
    await pgStore.close();
    await sqlite.close();
  });

  it('export, report and calibrate print the same on PostgreSQL as on SQLite', async () => {
    const onSqlite = await rounds(['feedback', 'export', '--out', 'sqlite.jsonl']);
    const onPg = await rounds(['feedback', 'export', '--out', 'pg.jsonl'], { DATABASE_URL: db.url });
    expect(onPg.code, onPg.stderr).toBe(0);
    // The same but for each store's own audit chain (PostgreSQL's holds the import entries).
    const head = (out: string) => out.replace(/head when exported: #\d+:[0-9a-f]{64}/, 'head when exported: #N:HASH');
    expect(head(onPg.stdout.replace('pg.jsonl', 'X'))).toBe(head(onSqlite.stdout.replace('sqlite.jsonl', 'X')));
    expect(onPg.stdout, onPg.stdout).toMatch(/wrote 12 questions/);
    const lines = (file: string) =>
      readFileSync(join(tmp.dir, file), 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const { audit, ...rest } = JSON.parse(l) as { audit?: { entry: number; hash: string; content_hash: string } };
          expect(audit?.hash).toMatch(/^[0-9a-f]{64}$/);
          return { ...rest, content_hash: audit?.content_hash };
        });
    // The records are the same, so their content hashes are too.
    expect(lines('pg.jsonl')).toEqual(lines('sqlite.jsonl'));

    const reportSqlite = await rounds(['feedback', 'report', '--out', 'a.html']);
    const reportPg = await rounds(['feedback', 'report', '--out', 'b.html'], { DATABASE_URL: db.url });
    expect(reportPg.code, reportPg.stderr).toBe(0);
    expect(reportPg.stdout.replace('b.html', 'X')).toBe(reportSqlite.stdout.replace('a.html', 'X'));

    const calSqlite = await rounds(['calibrate', '--dry-run', '--min-samples', '5']);
    const calPg = await rounds(['calibrate', '--dry-run', '--min-samples', '5'], { DATABASE_URL: db.url });
    expect(calPg.code, calPg.stderr).toBe(0);
    expect(calPg.stdout).toContain('reviewer ratings: 12');
    expect(calPg.stdout).toBe(calSqlite.stdout);
  });

  it('purge applies the configured retention on PostgreSQL', async () => {
    const purge = await rounds(['feedback', 'purge'], { DATABASE_URL: db.url, ROUNDS_CONFIG: join(tmp.dir, 'retention.yaml') });
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.stdout).toMatch(/retention 30 days: purged \d+ answers .*12 of 12 answers have their text purged/);
  });

  it('says what to fix for a wrong or unreachable DATABASE_URL', async () => {
    const wrong = await rounds(['feedback', 'report'], { DATABASE_URL: 'mysql://db/rounds' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/DATABASE_URL: must be a PostgreSQL URL.*postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE/);
    const down = await rounds(['feedback', 'report'], { DATABASE_URL: 'postgres://rounds:secret-pw@127.0.0.1:1/rounds' });
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/Could not open the PostgreSQL store .*Check DATABASE_URL/);
    expect(down.stderr).not.toContain('secret-pw');
    const noTarget = await rounds(['feedback', 'copy-to-postgres']);
    expect(noTarget.stderr).toMatch(/Set DATABASE_URL to the PostgreSQL database to copy into/);
  });
});
