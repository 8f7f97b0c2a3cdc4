/**
 * The Chroma vector index against a real embedded Chroma: what it stores (packed chunk metadata, vectors sent
 * base64-packed), that it still reads the older flat layout, that bad vectors are refused before anything is
 * written, and that a collection dropped behind its back is re-created on the next write.
 */
import { ChromaClient } from 'chromadb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import type { VectorIndex } from '../../src/core/ports.js';
import type { StoredChunk } from '../../src/core/types.js';
import { openChromaIndex, packVector } from '../../src/infra/chroma-index.js';
import { type ChromaServerHandle, startEmbeddedChroma } from '../../src/infra/chroma-server.js';
import { HashEmbedder } from '../../src/infra/hash-embedder.js';
import { collectionName, silentLogger, tempDir } from '../ingest/helpers.js';

let chroma: ChromaServerHandle;
let client: ChromaClient;
beforeAll(async () => {
  chroma = await startEmbeddedChroma({ dataDir: tempDir('rounds-chroma-index-'), logger: silentLogger });
  const url = new URL(chroma.url);
  client = new ChromaClient({ host: url.hostname, port: Number(url.port) });
});
afterAll(async () => {
  await chroma?.stop();
});

const embedder = new HashEmbedder();

async function scanAll(index: VectorIndex): Promise<StoredChunk[]> {
  const out: StoredChunk[] = [];
  for await (const page of index.scan({ includeText: true })) out.push(...page);
  return out;
}

function chunk(docId: string, i: number, text: string, extra: Partial<StoredChunk['meta']> = {}): StoredChunk {
  return {
    id: `${docId}#${String(i).padStart(4, '0')}`,
    text,
    meta: {
      docId,
      title: `Title of ${docId}`,
      headingPath: [`Title of ${docId}`, 'Dosing', 'Renal impairment'],
      collection: 'pharmacy',
      contentHash: `c${i}`,
      docHash: `d-${docId}`,
      chunkIndex: i,
      chunkCount: 2,
      start: i * 100,
      end: i * 100 + text.length,
      version: '2024.2',
      effective: '2024-03-01',
      reviewBy: '2027-03-01',
      source: 'https://example.org/guideline',
      publisher: 'Example Trust',
      path: `pharmacy/${docId}.md`,
      ...extra,
    },
  };
}

describe('ChromaVectorIndex', () => {
  it('stores collection as a filterable value, the rest (with the text) packed, and the exact float32 vectors', async () => {
    const name = collectionName('layout');
    const index = await openChromaIndex({ url: chroma.url, collection: name, logger: silentLogger, textField: 'metadata' });
    const chunks = [
      chunk('vanc', 0, 'Vancomycin trough 15–20 mg/L for severe infections.'),
      // A chunk starting under an earlier chunk's label, of one version of a topic: those fields round-trip too.
      chunk('vanc', 1, 'Reduce the dose when creatinine clearance is below 50 mL/min.', {
        label: 'Adult Dose',
        topic: 'vancomycin',
        population: 'adult',
      }),
    ];
    const vectors = await embedder.embed(chunks.map((c) => c.text));
    await index.upsert(chunks, vectors);

    const raw = await (await client.getCollection({ name })).get({ include: ['metadatas', 'embeddings', 'documents'] });
    expect(raw.ids.sort()).toEqual(chunks.map((c) => c.id));
    const at = raw.ids.indexOf(chunks[1]!.id);
    const meta = raw.metadatas[at]!;
    expect(Object.keys(meta).sort()).toEqual(['collection', 'rounds_meta']);
    expect(meta.collection).toBe('pharmacy');
    expect(raw.documents[at]).toBeNull();
    const packed = JSON.parse(meta.rounds_meta as string);
    expect(packed).toMatchObject({
      docId: 'vanc',
      title: 'Title of vanc',
      headingPath: 'Title of vanc › Dosing › Renal impairment',
      version: '2024.2',
      start: 100,
      text: chunks[1]!.text,
    });
    // The base64 wire format must decode to the same vector (as float32) that Rounds computed.
    const stored = raw.embeddings[at]!;
    expect(stored).toHaveLength(768);
    const expected = Array.from(new Float32Array(vectors[1]!));
    expect(stored.map((x, i) => Math.abs(x - expected[i]!)).reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(1e-7);

    // Read back through the index: metadata round-trips, and the chunk is its own nearest neighbour.
    const scanned = await scanAll(index);
    expect(scanned.sort((a, b) => a.id.localeCompare(b.id))).toEqual(chunks);
    const hits = await index.query(vectors[1]!, 2, { collections: ['pharmacy'] });
    expect(hits[0]?.chunk).toEqual(chunks[1]);
    expect(hits[0]?.similarity).toBeGreaterThan(0.999);
    expect(await index.query(vectors[1]!, 2, { collections: ['obstetrics'] })).toEqual([]);
  });

  it('keeps text as Chroma documents in document mode', async () => {
    const name = collectionName('docs');
    const index = await openChromaIndex({ url: chroma.url, collection: name, logger: silentLogger, textField: 'document' });
    const c = chunk('oxy', 0, 'Oxytocin 10 units IM after delivery of the baby.', { collection: 'obstetrics' });
    await index.upsert([c], await embedder.embed([c.text]));
    const raw = await (await client.getCollection({ name })).get({ include: ['metadatas', 'documents'] });
    expect(raw.documents[0]).toBe(c.text);
    expect(JSON.parse(raw.metadatas[0]?.rounds_meta as string).text).toBeUndefined();
    const page = await scanAll(index);
    expect(page).toEqual([c]);
  });

  it('reads chunks stored in the older flat layout (one metadata key per field)', async () => {
    const name = collectionName('flat');
    const collection = await client.createCollection({
      name,
      embeddingFunction: null as never,
      configuration: { hnsw: { space: 'cosine' } },
    });
    const c = chunk('sepsis', 0, 'Give antibiotics within one hour.', { collection: 'general', supersededBy: 'sepsis-2024' });
    const { headingPath, ...flat } = c.meta;
    await collection.add({
      ids: [c.id],
      embeddings: await embedder.embed([c.text]),
      documents: [c.text],
      metadatas: [{ ...flat, headingPath: headingPath.join(' › ') } as Record<string, string | number>],
    });
    const index = await openChromaIndex({ url: chroma.url, collection: name, logger: silentLogger, textField: 'metadata' });
    const page = await scanAll(index);
    expect(page).toEqual([c]);
  });

  it('refuses a batch holding a vector that is not finite or has the wrong length, and writes none of it', async () => {
    const name = collectionName('bad');
    const index = await openChromaIndex({ url: chroma.url, collection: name, logger: silentLogger, textField: 'metadata' });
    const chunks = [chunk('a', 0, 'first text here'), chunk('a', 1, 'second text here')];
    const [good] = await embedder.embed(['first text here']);
    for (const bad of [[...good!.slice(0, 767), Number.NaN], good!.slice(0, 100), []]) {
      const error = await index.upsert(chunks, [good!, bad]).catch((e) => e);
      expect(isRoundsError(error, ErrorCode.InvalidInput)).toBe(true);
      expect(String(error.message)).toContain('a#0001');
    }
    expect((await index.info()).count).toBe(0);
  });

  it('re-creates a collection that another process dropped, on the next write', async () => {
    const name = collectionName('dropped');
    const index = await openChromaIndex({ url: chroma.url, collection: name, logger: silentLogger, textField: 'metadata', attempts: 3 });
    const first = chunk('x', 0, 'before the drop');
    await index.upsert([first], await embedder.embed([first.text]));
    await client.deleteCollection({ name });
    const second = chunk('x', 1, 'after the drop');
    await index.upsert([second], await embedder.embed([second.text]));
    const ids = (await (await client.getCollection({ name })).get()).ids;
    expect(ids).toEqual([second.id]);
  });

  it('creates collections with the configured HNSW ef_search, and raises it on an existing collection', async () => {
    const name = collectionName('ef');
    await client.createCollection({ name, embeddingFunction: null as never, configuration: { hnsw: { space: 'cosine' } } });
    expect((await client.getCollection({ name } as { name: string })).configuration?.hnsw?.ef_search).toBe(100);
    const index = await openChromaIndex({ url: chroma.url, collection: name, logger: silentLogger, efSearch: 1000 });
    await index.info();
    expect((await client.getCollection({ name } as { name: string })).configuration?.hnsw?.ef_search).toBe(1000);
    const fresh = collectionName('ef-new');
    await (await openChromaIndex({ url: chroma.url, collection: fresh, logger: silentLogger, efSearch: 400 })).info();
    expect((await client.getCollection({ name: fresh } as { name: string })).configuration?.hnsw?.ef_search).toBe(400);
    // Without the option the server's default stays (what a remote Chroma gets).
    const plain = collectionName('ef-plain');
    await (await openChromaIndex({ url: chroma.url, collection: plain, logger: silentLogger })).info();
    expect((await client.getCollection({ name: plain } as { name: string })).configuration?.hnsw?.ef_search).toBe(100);
  });

  it('packs vectors as little-endian float32, the encoding the Chroma client uses', () => {
    const bytes = Buffer.from(packVector([1, -2, 0.5]), 'base64');
    expect(bytes).toHaveLength(12);
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4), bytes.readFloatLE(8)]).toEqual([1, -2, 0.5]);
  });
});
