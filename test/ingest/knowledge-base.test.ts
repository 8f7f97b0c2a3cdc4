/**
 * Integration tests against a real embedded Chroma (one server for this file, one collection per test).
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import type { Embedder, VectorIndex } from '../../src/core/ports.js';
import type { StoredChunk } from '../../src/core/types.js';
import { openChromaIndex } from '../../src/infra/chroma-index.js';
import { type ChromaServerHandle, startEmbeddedChroma } from '../../src/infra/chroma-server.js';
import { HashEmbedder } from '../../src/infra/hash-embedder.js';
import { KnowledgeBase } from '../../src/ingest/knowledge-base.js';
import { snapshotPath } from '../../src/ingest/lexical-snapshot.js';
import { collectionName, copyFixture, silentLogger, tempDir } from './helpers.js';

let chroma: ChromaServerHandle;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('rounds-kb-data-');
  chroma = await startEmbeddedChroma({ dataDir, logger: silentLogger });
});
afterAll(async () => {
  await chroma?.stop();
});

async function setup(opts: { embedder?: Embedder; collection?: string; textField?: 'document' | 'metadata' } = {}) {
  const collection = opts.collection ?? collectionName('kb');
  const index = await openChromaIndex({
    url: chroma.url,
    collection,
    logger: silentLogger,
    ...(opts.textField ? { textField: opts.textField } : {}),
  });
  const kb = await KnowledgeBase.open({ index, embedder: opts.embedder ?? new HashEmbedder(), dataDir, logger: silentLogger, collection });
  return { index, kb, collection };
}

async function allChunks(index: VectorIndex): Promise<Map<string, StoredChunk>> {
  const out = new Map<string, StoredChunk>();
  for await (const page of index.scan({ includeText: true })) for (const c of page) out.set(c.id, c);
  return out;
}

describe('KnowledgeBase.ingest (embedded Chroma)', () => {
  it('ingests a knowledge folder with full chunk metadata, and the lexical index matches', async () => {
    const { index, kb } = await setup();
    const dir = copyFixture('kb');
    const summary = await kb.ingest(dir);
    expect(summary).toMatchObject({ added: 8, updated: 0, removed: 0, unchanged: 0, failed: [], superseded: ['anticoagulation-v1'] });
    const chunks = await allChunks(index);
    expect(summary.chunks).toBe(chunks.size);
    expect(summary.written).toBe(chunks.size);
    expect(kb.lexical.size).toBe(chunks.size);
    const antibiotics = [...chunks.values()].find((c) => c.meta.docId === 'sepsis' && c.meta.headingPath.at(-1) === 'Antibiotics');
    expect(antibiotics?.meta).toMatchObject({
      title: 'Sepsis protocol',
      headingPath: ['Sepsis protocol', 'Hour-1 bundle', 'Antibiotics'],
      collection: 'general',
      version: '3.0',
      effective: '2025-02-01',
      reviewBy: '2027-02-01',
      source: 'https://example.org/guidance/sepsis',
      path: 'sepsis.md',
    });
    expect(antibiotics?.id).toMatch(/^sepsis#\d{4}$/);
    expect(antibiotics?.text).toContain('| Gentamicin | 5 mg/kg once | IV | check renal function |');
    const text = readFileSync(join(dir, 'sepsis.md'), 'utf8');
    const body = text.slice(text.indexOf('# Sepsis protocol'));
    expect(body.slice(antibiotics!.meta.start, antibiotics!.meta.end)).toBe(antibiotics!.text);
    expect([...chunks.keys()].some((id) => id.startsWith('anticoagulation-v1#'))).toBe(false);

    const info = await index.info();
    expect(info).toMatchObject({ embedder: 'hash-v1-768', dimension: 768, dirty: false, count: chunks.size });
    const hits = await index.query((await kb.embedder.embed(['vancomycin loading dose 60 kg']))[0]!, 3, { collections: ['pharmacy'] });
    expect(hits[0]?.chunk.meta.docId).toBe('pharmacy/vancomycin');
    expect(hits.every((h) => h.chunk.meta.collection === 'pharmacy')).toBe(true);
    // More candidates than the filtered set holds: Chroma returns what there is, no error.
    const research = await index.query((await kb.embedder.embed(['leukocyte counts']))[0]!, 200, { collections: ['research'] });
    expect(research.map((h) => h.chunk.meta.docId)).toEqual(['pm-1002']);
    expect(research[0]!.similarity).toBeGreaterThan(0);
    expect(research[0]!.similarity).toBeLessThanOrEqual(1);
    expect(await index.query((await kb.embedder.embed(['x']))[0]!, 5, { collections: [] })).toEqual([]);
    const lexical = kb.lexical.search('trough level fourth dose', 3, { collections: ['*'] });
    expect(lexical[0]?.chunk.meta.docId).toBe('pharmacy/vancomycin');
  });

  it('can keep chunk text in metadata instead of Chroma documents, with the same reads', async () => {
    const dir = copyFixture('kb');
    const asDocuments = await setup();
    const asMetadata = await setup({ textField: 'metadata' });
    await asDocuments.kb.ingest(dir);
    await asMetadata.kb.ingest(dir);
    const a = await allChunks(asDocuments.index);
    const b = await allChunks(asMetadata.index);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [id, chunk] of a) expect(b.get(id)).toEqual(chunk);
    const vector = (await asMetadata.kb.embedder.embed(['vancomycin trough level']))[0]!;
    const hits = await asMetadata.index.query(vector, 1, {});
    expect(hits[0]?.chunk.text).toBe(a.get(hits[0]!.chunk.id)?.text);
  });

  it('re-ingesting an unchanged folder writes nothing', async () => {
    const { index, kb } = await setup();
    const dir = copyFixture('kb');
    await kb.ingest(dir);
    const before = await index.info();
    const again = await kb.ingest(dir);
    expect(again).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 8, written: 0 });
    const after = await index.info();
    expect(after.generation).toBe(before.generation);
    expect(after.count).toBe(before.count);
  });

  it('a changed document replaces exactly its own chunks', async () => {
    const { index, kb } = await setup();
    const dir = copyFixture('kb');
    await kb.ingest(dir);
    const before = await allChunks(index);
    appendFileSync(
      join(dir, 'pharmacy', 'vancomycin.md'),
      '\n## Renal impairment\n\nReduce the dose when creatinine clearance is below 50 mL/min.\n',
    );
    const summary = await kb.ingest(dir);
    expect(summary).toMatchObject({ added: 0, updated: 1, removed: 0, unchanged: 7 });
    const after = await allChunks(index);
    for (const [id, chunk] of before) {
      if (chunk.meta.docId === 'pharmacy/vancomycin') continue;
      expect(after.get(id)).toEqual(chunk);
    }
    const vanc = [...after.values()].filter((c) => c.meta.docId === 'pharmacy/vancomycin');
    expect(new Set(vanc.map((c) => c.meta.docHash)).size).toBe(1);
    expect(vanc.map((c) => c.meta.chunkCount)).toEqual(vanc.map(() => vanc.length));
    expect(vanc.some((c) => c.meta.headingPath.includes('Renal impairment'))).toBe(true);
    expect(kb.lexical.search('creatinine clearance', 1, {})[0]?.chunk.meta.docId).toBe('pharmacy/vancomycin');
  });

  it('a deleted document and a newly superseded one are removed', async () => {
    const { index, kb } = await setup();
    const dir = copyFixture('kb');
    await kb.ingest(dir);
    rmSync(join(dir, 'falls.txt'));
    writeFileSync(
      join(dir, 'sepsis-2026.md'),
      '---\nid: sepsis-2026\ntitle: Sepsis protocol 2026\nsupersedes: [sepsis]\n---\n# Sepsis protocol 2026\n\nNew bundle.\n',
    );
    const summary = await kb.ingest(dir);
    expect(summary).toMatchObject({ added: 1, removed: 2, updated: 0 });
    const docIds = new Set([...(await allChunks(index)).values()].map((c) => c.meta.docId));
    expect(docIds.has('falls')).toBe(false);
    expect(docIds.has('sepsis')).toBe(false);
    expect(docIds.has('sepsis-2026')).toBe(true);
    expect(kb.lexical.search('falls risk admission', 5, {}).some((h) => h.chunk.meta.docId === 'falls')).toBe(false);
  });

  it('reports corrupt files, ingests the rest, and keeps the chunks of a file that became unreadable', async () => {
    const { index, kb } = await setup();
    const dir = copyFixture('corrupt');
    const summary = await kb.ingest(dir);
    expect(summary.added).toBe(2);
    expect(summary.failed.map((f) => f.path).sort()).toEqual(
      ['bad-date.md', 'bad-front-matter.md', 'binary.txt', 'corpus.jsonl:2', 'empty.md', 'scanned.pdf', 'slides.pptx'].sort(),
    );
    writeFileSync(join(dir, 'good.md'), '---\ntitle: [broken\n---\n# Good\n');
    const again = await kb.ingest(dir);
    expect(again.removed).toBe(0);
    expect(again.failed.some((f) => f.path === 'good.md')).toBe(true);
    const docIds = new Set([...(await allChunks(index)).values()].map((c) => c.meta.docId));
    expect(docIds.has('good')).toBe(true);
  });

  it('a folder with nothing readable changes nothing', async () => {
    const { index, kb } = await setup();
    await kb.ingest(copyFixture('kb'));
    const before = await index.info();
    const summary = await kb.ingest(tempDir());
    expect(summary).toMatchObject({ added: 0, removed: 0, unchanged: 0, written: 0 });
    expect((await index.info()).count).toBe(before.count);
  });

  it('a crash mid-run leaves the index marked dirty and the next run repairs it', async () => {
    const collection = collectionName('crash');
    const real = new HashEmbedder();
    let calls = 0;
    const failing: Embedder = {
      name: real.name,
      dimension: real.dimension,
      embed: async (texts) => {
        calls += 1;
        if (calls === 3) throw new Error('simulated crash');
        return real.embed(texts);
      },
    };
    const dir = copyFixture('kb');
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, `extra-${i}.md`), `# Extra ${i}\n\n${'Paragraph of filler text. '.repeat(60)}\n`);
    const first = await setup({ embedder: failing, collection });
    const kb1 = await KnowledgeBase.open({
      index: first.index,
      embedder: failing,
      dataDir,
      logger: silentLogger,
      collection,
      batchSize: 20,
    });
    await expect(kb1.ingest(dir)).rejects.toThrow('simulated crash');
    const crashed = await first.index.info();
    expect(crashed.dirty).toBe(true);
    expect(crashed.count).toBeGreaterThan(0);

    const { index, kb } = await setup({ collection });
    const summary = await kb.ingest(dir);
    expect(summary.failed).toEqual([]);
    const info = await index.info();
    expect(info.dirty).toBe(false);
    const chunks = [...(await allChunks(index)).values()];
    const byDoc = new Map<string, StoredChunk[]>();
    for (const c of chunks) byDoc.set(c.meta.docId, [...(byDoc.get(c.meta.docId) ?? []), c]);
    expect(byDoc.size).toBe(38);
    for (const list of byDoc.values()) {
      expect(list.length).toBe(list[0]!.meta.chunkCount);
      expect(new Set(list.map((c) => c.meta.docHash)).size).toBe(1);
    }
    expect(kb.lexical.size).toBe(chunks.length);
  });

  it('refuses an index built with another embedder and names the rebuild command', async () => {
    const { collection, kb } = await setup();
    await kb.ingest(copyFixture('kb'));
    const index = await openChromaIndex({ url: chroma.url, collection, logger: silentLogger });
    const other = new HashEmbedder({ dimension: 256 });
    const error = await KnowledgeBase.open({ index, embedder: other, dataDir, logger: silentLogger, collection }).catch((e) => e);
    expect(isRoundsError(error, ErrorCode.EmbedderMismatch)).toBe(true);
    expect(error.message).toContain('hash-v1-768');
    expect(error.message).toContain('hash-v1-256');
    expect(error.message).toContain('rounds ingest --rebuild');

    const rebuilt = await KnowledgeBase.open({ index, embedder: other, dataDir, logger: silentLogger, collection, rebuild: true });
    const summary = await rebuilt.ingest(copyFixture('kb'));
    expect(summary.added).toBe(8);
    expect(await index.info()).toMatchObject({ embedder: 'hash-v1-256', dimension: 256 });
  });

  it('rebuilds the lexical index from Chroma when the snapshot is missing, corrupt or stale', async () => {
    const { collection, kb, index } = await setup();
    const dir = copyFixture('kb');
    await kb.ingest(dir);
    const size = kb.lexical.size;
    const snap = snapshotPath(dataDir, collection);

    writeFileSync(snap, '{not json');
    const reopened = await KnowledgeBase.open({ index, embedder: new HashEmbedder(), dataDir, logger: silentLogger, collection });
    expect(reopened.lexical.size).toBe(size);
    expect(JSON.parse(readFileSync(snap, 'utf8').split('\n')[0] as string).generation).toBe((await index.info()).generation);

    rmSync(snap);
    const again = await KnowledgeBase.open({ index, embedder: new HashEmbedder(), dataDir, logger: silentLogger, collection });
    expect(again.lexical.size).toBe(size);

    // Another process ingests: ensureFresh notices the new generation and reloads.
    appendFileSync(join(dir, 'falls.txt'), '\nUse bed rails only after a documented risk assessment.\n');
    await kb.ingest(dir);
    expect(again.lexical.search('bed rails documented', 1, {})).toEqual([]);
    await again.ensureFresh();
    expect(again.lexical.search('bed rails documented', 1, {})[0]?.chunk.meta.docId).toBe('falls');
  });
});
