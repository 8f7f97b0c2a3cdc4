/**
 * What the index holds per document, and the document hash that decides whether it must be rewritten.
 * A document counts as present only when all its chunkCount chunks exist with one docHash: a run that crashed
 * half-way through a document leaves it incomplete, and the next run rewrites it.
 */
import { createHash } from 'node:crypto';
import type { StoredChunk } from '../core/types.js';
import { CHUNKER_VERSION, type ChunkOptions, type ChunkPiece } from './chunker.js';
import type { SourceDocument } from './source-document.js';

export interface IndexedDoc {
  ids: Set<string>;
  hashes: Set<string>;
  chunkCount: number;
  paths: Set<string>;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const chunkId = (docId: string, index: number) => `${docId}#${String(index).padStart(4, '0')}`;

export function collectDocs(state: Map<string, IndexedDoc>, chunks: Iterable<StoredChunk>): void {
  for (const chunk of chunks) {
    const id = chunk.meta.docId || chunk.id.replace(/#\d+$/, '');
    let doc = state.get(id);
    if (!doc) {
      doc = { ids: new Set(), hashes: new Set(), chunkCount: 0, paths: new Set() };
      state.set(id, doc);
    }
    doc.ids.add(chunk.id);
    doc.hashes.add(chunk.meta.docHash);
    doc.chunkCount = Math.max(doc.chunkCount, chunk.meta.chunkCount);
    if (chunk.meta.path) doc.paths.add(chunk.meta.path);
  }
}

export function isComplete(doc: IndexedDoc | undefined, docId: string, docHash: string): boolean {
  if (doc?.hashes.size !== 1 || !doc.hashes.has(docHash) || doc.ids.size !== doc.chunkCount) return false;
  for (let i = 0; i < doc.chunkCount; i++) if (!doc.ids.has(chunkId(docId, i))) return false;
  return true;
}

export function docHash(doc: SourceDocument, embedderName: string, options: ChunkOptions): string {
  return sha256(
    JSON.stringify([
      CHUNKER_VERSION,
      embedderName,
      options.targetSize ?? null,
      options.overlap ?? null,
      doc.path,
      doc.id,
      doc.header ?? null,
      doc.population ?? null,
      doc.topic ?? null,
    ]) + doc.text,
  );
}

export function toStoredChunks(doc: SourceDocument, hash: string, pieces: ChunkPiece[]): StoredChunk[] {
  return pieces.map((piece, i) => {
    const meta: StoredChunk['meta'] = {
      docId: doc.id,
      title: doc.title,
      headingPath: piece.headingPath,
      collection: doc.collection,
      contentHash: sha256(piece.text),
      docHash: hash,
      chunkIndex: i,
      chunkCount: pieces.length,
      start: piece.start,
      end: piece.end,
      path: doc.path,
    };
    if (piece.label) meta.label = piece.label;
    if (doc.version) meta.version = doc.version;
    if (doc.effective) meta.effective = doc.effective;
    if (doc.reviewBy) meta.reviewBy = doc.reviewBy;
    if (doc.source) meta.source = doc.source;
    if (doc.publisher) meta.publisher = doc.publisher;
    if (doc.supersededBy) meta.supersededBy = doc.supersededBy;
    if (doc.population?.length) meta.population = doc.population.join(',');
    if (doc.topic) meta.topic = doc.topic;
    return { id: chunkId(doc.id, i), text: piece.text, meta };
  });
}
