/**
 * One ingest at a time per collection: a second run (same process or another) is refused with who holds the
 * lock, a lock left by a dead process is taken over, and the lock is released however the run ends.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import { openChromaIndex } from '../../src/infra/chroma-index.js';
import { type ChromaServerHandle, startEmbeddedChroma } from '../../src/infra/chroma-server.js';
import { HashEmbedder } from '../../src/infra/hash-embedder.js';
import { acquireIngestLock, ingestLockPath } from '../../src/ingest/ingest-lock.js';
import { KnowledgeBase } from '../../src/ingest/knowledge-base.js';
import { collectionName, copyFixture, openTestKb, silentLogger, tempDir } from './helpers.js';

function lockIn(dir: string): string {
  const path = ingestLockPath(dir, 'knowledge');
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('acquireIngestLock', () => {
  it('refuses a second holder while the first holds it, naming the holder, and frees it on release', () => {
    const path = ingestLockPath(tempDir('rounds-lock-'), 'knowledge');
    const release = acquireIngestLock(path, 'knowledge');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const error = (() => {
      try {
        acquireIngestLock(path, 'knowledge');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(isRoundsError(error, ErrorCode.IngestBusy)).toBe(true);
    expect(error?.message).toContain(`process ${process.pid} on ${hostname()}`);
    expect(error?.message).toContain(path);
    release();
    expect(existsSync(path)).toBe(false);
    acquireIngestLock(path, 'knowledge')();
  });

  it('is held against a live process of another program, and taken over from a dead one', async () => {
    const path = lockIn(tempDir('rounds-lock-'));
    const sleeper: ChildProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path, JSON.stringify({ pid: sleeper.pid, host: hostname(), started: '2026-11-22T00:00:00Z' }));
      expect(() => acquireIngestLock(path, 'knowledge')).toThrow(/Another ingest is writing collection knowledge/);
    } finally {
      sleeper.kill('SIGKILL');
    }
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), started: '2026-11-22T00:00:00Z' }));
    const release = acquireIngestLock(path, 'knowledge');
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('waits out a lock file that is being written, and takes over one left half written', () => {
    const path = lockIn(tempDir('rounds-lock-'));
    writeFileSync(path, '{"pid": 12');
    expect(() => acquireIngestLock(path, 'knowledge')).toThrow(/Another ingest/);
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(path, old, old);
    acquireIngestLock(path, 'knowledge')();
  });
});

describe('KnowledgeBase.ingest with the lock (embedded Chroma)', () => {
  let chroma: ChromaServerHandle;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir('rounds-lock-data-');
    chroma = await startEmbeddedChroma({ dataDir, logger: silentLogger });
  });
  afterAll(async () => {
    await chroma?.stop();
  });

  const open = (collection: string) => openTestKb({ url: chroma.url, collection, dataDir, batchSize: 5, index: { attempts: 2 } });

  it('refuses a concurrent ingest into the same collection; the running one completes, then a rerun writes nothing', async () => {
    const collection = collectionName('lock');
    const [first, second] = [await open(collection), await open(collection)];
    const dir = copyFixture('kb');
    const running = first.ingest(dir);
    const refused = await second.ingest(dir).catch((e) => e);
    expect(isRoundsError(refused, ErrorCode.IngestBusy)).toBe(true);
    const summary = await running;
    expect(summary.added).toBeGreaterThan(0);
    expect(existsSync(ingestLockPath(dataDir, collection))).toBe(false);
    // Nor may a rebuild drop the collection under a running ingest.
    const index = await openChromaIndex({ url: chroma.url, collection, logger: silentLogger });
    const again = first.ingest(dir);
    const rebuild = await KnowledgeBase.open({
      index,
      embedder: new HashEmbedder(),
      dataDir,
      logger: silentLogger,
      collection,
      rebuild: true,
    }).catch((e) => e);
    expect(isRoundsError(rebuild, ErrorCode.IngestBusy)).toBe(true);
    await again;
    const rerun = await second.ingest(dir);
    expect(rerun).toMatchObject({ added: 0, updated: 0, removed: 0, written: 0 });
    expect(rerun.unchanged).toBe(summary.added);
  });

  it('lets another collection ingest at the same time, and releases the lock when a run fails', async () => {
    const [a, b] = [await open(collectionName('lock-a')), await open(collectionName('lock-b'))];
    const dir = copyFixture('kb');
    const both = await Promise.all([a.ingest(dir), b.ingest(dir)]);
    expect(both.map((s) => s.added)).toEqual([both[0]?.added, both[0]?.added]);

    const collection = collectionName('lock-fail');
    const kb = await open(collection);
    const failed = await kb.ingest(join(dir, 'no-such-folder')).catch((e) => e);
    expect(isRoundsError(failed, ErrorCode.InvalidInput)).toBe(true);
    expect(existsSync(ingestLockPath(dataDir, collection))).toBe(false);
  });
});
