/**
 * Two `rounds start` processes sharing PostgreSQL and one Chroma server (as docs/deploy.md draws them), both with
 * the scheduled SharePoint sync on against the local Graph: one sync runs at a time (the PostgreSQL advisory
 * lock; each instance has its own data directory, so the lock file alone could not do it), and both instances
 * answer from its result, a later edit included.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type ChromaServerHandle, startEmbeddedChroma } from '../../src/infra/chroma-server.js';
import { createLogger } from '../../src/logger.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { freePort } from '../helpers/free-port.js';
import { freshDatabase } from '../helpers/postgres.js';
import { REPO_ROOT } from '../helpers/runtime.js';
import { guideline, sharepointFile } from './sharepoint-helpers.js';

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  log: string[];
}

let dir = '';
let graph: FakeGraph;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let chroma: ChromaServerHandle;
const instances: Instance[] = [];

async function startInstance(name: string): Promise<Instance> {
  const port = await freePort();
  const { LOG_LEVEL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'rounds.js'), 'start', '--no-ingest'], {
    cwd: dir,
    env: {
      ...base,
      ...graph.env(),
      ROUNDS_DATA_DIR: join(dir, `data-${name}`),
      KNOWLEDGE_DIR: join(dir, 'knowledge'),
      CHROMA_URL: chroma.url,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      INDEX_REFRESH_SECONDS: '1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
  });
  const log: string[] = [];
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance ${name} exited: ${log.join('').slice(-2000)}`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`instance ${name} did not become healthy: ${log.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const instance = { name, url, child, log };
  instances.push(instance);
  return instance;
}

async function ask(instance: Instance, text: string): Promise<string> {
  const res = await fetch(`${instance.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  return res.status === 200 ? ((await res.json()) as { html: string }).html : `HTTP ${res.status}`;
}

/** [start, end] of each sync an instance ran, from its JSON log lines. */
function syncIntervals(instance: Instance): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start: number | undefined;
  for (const line of instance.log.join('').split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; time?: number };
    if (entry.msg === 'SharePoint sync started') start = entry.time;
    if (start !== undefined && (entry.msg === 'SharePoint sync finished' || entry.msg?.startsWith('SharePoint sync failed'))) {
      out.push([start, entry.time ?? start]);
      start = undefined;
    }
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rounds-sp-multi-'));
  mkdirSync(join(dir, 'knowledge'));
  graph = await new FakeGraph().start();
  // Slow pages make each sync last seconds, so the two instances' schedules (every 1.2 s) do collide.
  graph.deltaDelayMs = 400;
  graph.pageSize = 2;
  graph.addFolder('Approved');
  graph.addFile(
    'Approved/Okapi fever.md',
    guideline('Okapi fever', 'Treatment', 'Treat okapi fever with 40 mg of zorbamycin twice daily.'),
  );
  graph.addFile('Approved/Tapir bites.md', guideline('Tapir bites', 'Wound care', 'Irrigate a tapir bite with 500 mL of saline.'));
  graph.addFile('Approved/Numbat nutrition.md', guideline('Numbat nutrition', 'Diet', 'Feed a numbat 20,000 termites a day.'));
  writeFileSync(join(dir, 'rounds.config.yaml'), stringify({ sharepoint: sharepointFile(graph, { syncMinutes: 0.02 }) }));
  db = await freshDatabase('rounds_sp_multi');
  chroma = await startEmbeddedChroma({ dataDir: join(dir, 'chroma'), logger: createLogger({ level: 'silent' }) });
  await Promise.all([startInstance('a'), startInstance('b')]);
}, 300_000);

afterAll(async () => {
  const running = instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null);
  const exited = running.map((i) => new Promise((r) => i.child.once('exit', r)));
  for (const i of running) i.child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const i of running) i.child.kill('SIGKILL');
  }, 15_000);
  await Promise.all(exited);
  clearTimeout(force);
  await graph?.close();
  await chroma?.stop();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('SharePoint sync with two instances sharing PostgreSQL and Chroma', () => {
  it('runs one sync at a time, and both instances answer from its result', async () => {
    for (const instance of instances) {
      await expect
        .poll(() => ask(instance, 'What dose of zorbamycin treats okapi fever?'), { timeout: 90_000, interval: 500 })
        .toMatch(/40 mg of zorbamycin/);
    }
    graph.updateFile('Approved/Okapi fever.md', {
      content: guideline('Okapi fever', 'Treatment', 'Treat okapi fever with 60 mg of zorbamycin once daily.'),
    });
    for (const instance of instances) {
      await expect
        .poll(() => ask(instance, 'What dose of zorbamycin treats okapi fever?'), { timeout: 90_000, interval: 500 })
        .toMatch(/60 mg of zorbamycin/);
    }
    // Let a few more scheduled rounds collide, then read who synced when.
    await new Promise((r) => setTimeout(r, 4000));
    const [a, b] = instances.map(syncIntervals) as [Array<[number, number]>, Array<[number, number]>];
    expect(a.length + b.length).toBeGreaterThanOrEqual(3);
    for (const [s1, e1] of a) for (const [s2, e2] of b) expect(s1 > e2 || s2 > e1, `a ${s1}-${e1} overlaps b ${s2}-${e2}`).toBe(true);
    const skipped = instances
      .flatMap((i) => i.log.join('').split('\n'))
      .filter((l) => l.includes('SharePoint sync skipped: another sync is running'));
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.join('\n')).toMatch(/PostgreSQL advisory lock/);
    const text = instances.flatMap((i) => i.log).join('');
    expect(text).not.toContain(graph.clientSecret);
    for (const token of graph.issuedTokens) expect(text).not.toContain(token);
  }, 240_000);
});
