/** A brute-force in-memory VectorIndex (exact cosine), for unit tests of the core; integration tests use Chroma. */
import type { ChunkFilter, IndexInfo, VectorHit, VectorIndex } from '../../src/core/ports.js';
import type { StoredChunk } from '../../src/core/types.js';

export class MemoryVectorIndex implements VectorIndex {
  readonly location = 'memory';
  private readonly rows = new Map<string, { chunk: StoredChunk; vector: number[] }>();
  private meta: Omit<IndexInfo, 'count'> = { generation: 0, dirty: false };

  async info(): Promise<IndexInfo> {
    return { ...this.meta, count: this.rows.size };
  }
  async setInfo(info: Partial<Omit<IndexInfo, 'count'>>): Promise<void> {
    this.meta = { ...this.meta, ...info };
  }
  async upsert(chunks: StoredChunk[], embeddings: number[][]): Promise<void> {
    for (const [i, chunk] of chunks.entries()) this.rows.set(chunk.id, { chunk, vector: embeddings[i] ?? [] });
  }
  async delete(ids: string[]): Promise<void> {
    for (const id of ids) this.rows.delete(id);
  }
  async *scan(): AsyncIterable<StoredChunk[]> {
    yield [...this.rows.values()].map((r) => r.chunk);
  }
  async query(embedding: number[], k: number, filter?: ChunkFilter): Promise<VectorHit[]> {
    const allowed = filter?.collections && !filter.collections.includes('*') ? new Set(filter.collections) : undefined;
    const hits: VectorHit[] = [];
    for (const { chunk, vector } of this.rows.values()) {
      if (allowed && !allowed.has(chunk.meta.collection)) continue;
      let s = 0;
      for (let i = 0; i < vector.length; i += 1) s += (vector[i] as number) * (embedding[i] ?? 0);
      hits.push({ chunk, similarity: s });
    }
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }
  async drop(): Promise<void> {
    this.rows.clear();
  }
}
