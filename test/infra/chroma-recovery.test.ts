/**
 * Chroma dies in the middle of an ingest: with a remote-style index (no restart hook) the error is clear and
 * names the URL, and the next run recovers once Chroma is back; with the embedded restart hook the run survives.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import { type ChromaServerHandle, startEmbeddedChroma } from '../../src/infra/chroma-server.js';
import type { KnowledgeBase } from '../../src/ingest/knowledge-base.js';
import { collectionName, copyFixture, isAlive, openTestKb, silentLogger, tempDir, waitFor } from '../ingest/helpers.js';

const handles: ChromaServerHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.stop();
});

/** A knowledge folder big enough that an ingest takes several batches. */
function bigFolder(docs: number): string {
  const dir = copyFixture('kb');
  for (let i = 0; i < docs; i++) {
    const sections = Array.from(
      { length: 4 },
      (_, s) => `## Section ${s}\n\n${`Document ${i} section ${s} explains a step of care. `.repeat(12)}`,
    );
    writeFileSync(join(dir, `doc-${i}.md`), `# Document ${i}\n\n${sections.join('\n\n')}\n`);
  }
  return dir;
}

async function consistent(kb: KnowledgeBase): Promise<void> {
  const info = await kb.index.info();
  expect(info.dirty).toBe(false);
  const counts = new Map<string, { n: number; expected: number; hashes: Set<string> }>();
  for await (const page of kb.index.scan()) {
    for (const c of page) {
      const entry = counts.get(c.meta.docId) ?? { n: 0, expected: c.meta.chunkCount, hashes: new Set() };
      entry.n += 1;
      entry.hashes.add(c.meta.docHash);
      counts.set(c.meta.docId, entry);
    }
  }
  for (const entry of counts.values()) {
    expect(entry.n).toBe(entry.expected);
    expect(entry.hashes.size).toBe(1);
  }
  expect(kb.lexical.size).toBe(info.count);
}

describe('Chroma killed mid-run', () => {
  it('fails with a clear ChromaUnavailable error naming the URL, then recovers when Chroma is back', async () => {
    const chroma = await startEmbeddedChroma({ dataDir: tempDir('rounds-recover-'), logger: silentLogger });
    handles.push(chroma);
    const collection = collectionName('down');
    const kb = await openTestKb({ url: chroma.url, collection, batchSize: 50, index: { attempts: 2 } });
    const dir = bigFolder(40);
    const url = chroma.url;
    let killed = false;
    const error = await kb
      .ingest(dir, {
        onProgress: (done) => {
          if (done >= 15 && !killed) {
            killed = true;
            process.kill(chroma.pid, 'SIGKILL');
          }
        },
      })
      .catch((e) => e);
    expect(killed).toBe(true);
    expect(isRoundsError(error, ErrorCode.ChromaUnavailable)).toBe(true);
    expect(error.message).toContain(url);
    expect(error.message).toMatch(/not reachable/);

    // Chroma comes back (same data, same port when free): the same KnowledgeBase finishes the job.
    expect(await chroma.revive()).toBe(url);
    const summary = await kb.ingest(dir);
    expect(summary.failed).toEqual([]);
    expect(summary.added + summary.updated + summary.unchanged).toBe(48);
    await consistent(kb);
  });

  it('with the embedded restart hook, an ingest survives Chroma being killed', async () => {
    const chroma = await startEmbeddedChroma({ dataDir: tempDir('rounds-revive-'), logger: silentLogger });
    handles.push(chroma);
    const collection = collectionName('revive');
    const kb = await openTestKb({ url: chroma.url, collection, batchSize: 50, index: { recover: () => chroma.revive() } });
    const firstPid = chroma.pid;
    let killed = false;
    const summary = await kb.ingest(bigFolder(40), {
      onProgress: (done) => {
        if (done >= 15 && !killed) {
          killed = true;
          process.kill(firstPid, 'SIGKILL');
        }
      },
    });
    expect(killed).toBe(true);
    expect(await waitFor(() => !isAlive(firstPid))).toBe(true);
    expect(chroma.pid).not.toBe(firstPid);
    expect(summary.added).toBe(48);
    await consistent(kb);
  });
});
