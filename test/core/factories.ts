import type { ChunkMeta, RetrievedChunk, StoredChunk } from '../../src/core/types.js';

export function chunk(id: string, text: string, meta: Partial<ChunkMeta> = {}): StoredChunk {
  const docId = meta.docId ?? id.split('#')[0] ?? id;
  return {
    id,
    text,
    meta: {
      docId,
      title: meta.title ?? `Doc ${docId}`,
      headingPath: meta.headingPath ?? [meta.title ?? `Doc ${docId}`],
      collection: meta.collection ?? 'general',
      contentHash: 'h',
      docHash: 'd',
      chunkIndex: meta.chunkIndex ?? 0,
      chunkCount: meta.chunkCount ?? 1,
      start: 0,
      end: text.length,
      ...meta,
    },
  };
}

export function retrieved(id: string, text: string, meta: Partial<ChunkMeta> = {}, score = 0.5): RetrievedChunk {
  return { ...chunk(id, text, meta), score };
}
