/**
 * The knowledge base: the vector index (Chroma) and the in-process lexical index over the same chunks, kept in
 * sync by `ingest`. Ingest mirrors the ingested root: unchanged documents are not touched, a changed document
 * replaces exactly its chunks, and a deleted or superseded document is removed. The index is marked dirty (and
 * its generation bumped) at the start and end of every run that writes, so a crash is visible and repaired.
 */
import { indexText } from '../core/chunk-text.js';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Embedder, IndexInfo, LexicalIndex, VectorIndex } from '../core/ports.js';
import { terms } from '../core/text.js';
import type { StoredChunk } from '../core/types.js';
import { Bm25Index } from '../infra/bm25-index.js';
import type { Logger } from '../logger.js';
import { type ChunkOptions, chunkText } from './chunker.js';
import { collectDocs, docHash, type IndexedDoc, isComplete, toStoredChunks } from './doc-state.js';
import { acquireIngestLock, ingestLockPath } from './ingest-lock.js';
import { readSnapshot, removeSnapshot, snapshotPath, writeSnapshot } from './lexical-snapshot.js';
import { loadDocuments } from './load-documents.js';
import type { LoadFailure, SourceDocument } from './source-document.js';

export interface IngestSummary {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  failed: LoadFailure[];
  /** Chunks in the knowledge base after the run. */
  chunks: number;
  seconds: number;
  /** Chunks written (upserted) plus chunks deleted by this run: 0 when nothing changed. */
  written: number;
  /** Ids left out because another document supersedes them. */
  superseded: string[];
  /** Files read as paged manuals and how many documents (sections) each gave. */
  manuals: { path: string; sections: number }[];
}

/**
 * A run that owns only part of the collection (a synced SharePoint library beside the knowledge folder). Its
 * documents' paths start with `prefix` (a `scheme://name/` form a relative file path can never take), and only
 * documents under that prefix are removed when absent; a plain folder ingest in turn leaves every such document
 * alone. `prepare` adds what the source knows about a document (its library columns, its link).
 */
export interface IngestScope {
  prefix: string;
  prepare?: (doc: SourceDocument) => SourceDocument;
  /** An empty source removes every document of the scope (a library whose files were all deleted). */
  allowEmpty?: boolean;
}

export interface IngestOptions {
  onProgress?: (done: number, total: number) => void;
  scope?: IngestScope;
}

const SCOPED_PATH = /^[a-z][a-z0-9+.-]*:\/\//;

export interface KnowledgeBaseOptions {
  index: VectorIndex;
  embedder: Embedder;
  dataDir: string;
  logger: Logger;
  /** Names the lexical snapshot file; defaults to the collection named in index.location. */
  collection?: string;
  /** Drop the collection and the lexical snapshot first (`rounds ingest --rebuild`). */
  rebuild?: boolean;
  chunking?: ChunkOptions;
  /** Chunks embedded and upserted per batch (default 1000; Chroma's own limit is 5461). */
  batchSize?: number;
}

export function checkEmbedder(info: IndexInfo, embedder: Embedder, location: string, dimension = embedder.dimension): void {
  if (info.count === 0 || !info.embedder) return;
  const nameDiffers = info.embedder !== embedder.name;
  const dimDiffers = !!info.dimension && !!dimension && info.dimension !== dimension;
  if (nameDiffers || dimDiffers) {
    throw new RoundsError(
      ErrorCode.EmbedderMismatch,
      `The knowledge index at ${location} was built with embedder ${info.embedder} (${info.dimension ?? '?'} dimensions), ` +
        `but Rounds is configured with ${embedder.name} (${dimension || '?'} dimensions). Vectors from different embedders ` +
        'cannot be compared. Rebuild the index with `rounds ingest --rebuild`, or restore the previous EMBEDDINGS_* settings.',
    );
  }
}

export class KnowledgeBase {
  private bm25: Bm25Index = new Bm25Index();
  private generation = -1;
  private freshness: Promise<void> | undefined;
  private readonly snapshot: string;
  private readonly lockPath: string;
  private readonly collection: string;
  private readonly logger: Logger;

  private constructor(private readonly opts: KnowledgeBaseOptions) {
    const collection = opts.collection ?? opts.index.location.split(' ').at(-1) ?? 'knowledge';
    this.snapshot = snapshotPath(opts.dataDir, collection);
    this.lockPath = ingestLockPath(opts.dataDir, collection);
    this.collection = collection;
    this.logger = opts.logger.child({ component: 'knowledge-base', collection });
  }

  get index(): VectorIndex {
    return this.opts.index;
  }
  get embedder(): Embedder {
    return this.opts.embedder;
  }
  get lexical(): LexicalIndex {
    return this.bm25;
  }

  static async open(opts: KnowledgeBaseOptions): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase(opts);
    if (opts.rebuild) {
      // Never drop a collection another run is writing.
      const release = acquireIngestLock(kb.lockPath, kb.collection);
      try {
        await opts.index.drop();
        removeSnapshot(kb.snapshot);
      } finally {
        release();
      }
      kb.logger.info('collection dropped for rebuild');
    }
    const info = await opts.index.info();
    checkEmbedder(info, opts.embedder, opts.index.location);
    await kb.loadLexical(info);
    return kb;
  }

  /** Loads the lexical index from its snapshot when it matches the index generation, else rebuilds it from Chroma. */
  private async loadLexical(info: IndexInfo): Promise<void> {
    const snap = readSnapshot(this.snapshot);
    if (snap && snap.generation === info.generation && snap.count === info.count && !info.dirty) {
      this.bm25 = snap.index;
    } else {
      const started = performance.now();
      const index = new Bm25Index();
      for await (const page of this.index.scan({ includeText: true })) index.add(page);
      this.bm25 = index;
      // A dirty index is being written (or a run crashed): do not save a snapshot of a state in flux.
      if (!info.dirty) writeSnapshot(this.snapshot, { generation: info.generation, count: index.size, embedder: info.embedder, index });
      this.logger.info(
        { chunks: index.size, ms: Math.round(performance.now() - started), reason: snap ? 'stale' : 'missing' },
        'lexical index rebuilt from Chroma',
      );
    }
    this.generation = info.generation;
  }

  /**
   * Cheap check (one metadata read) that reloads the lexical index when another process ingested (another
   * instance's `rounds ingest` on a shared Chroma). The new index is built beside the current one, which keeps
   * serving until the swap. While an ingest is still writing (dirty) the current index is kept: rebuilding at
   * every check of a long ingest would burn CPU for a state in flux; the ingest's last step bumps the generation.
   */
  async ensureFresh(): Promise<void> {
    this.freshness ??= (async () => {
      try {
        const info = await this.index.info();
        if (info.dirty && this.generation !== -1) return;
        if (info.generation !== this.generation || info.count !== this.bm25.size) await this.loadLexical(info);
      } finally {
        this.freshness = undefined;
      }
    })();
    return this.freshness;
  }

  /** Mirrors the folder (or corpus.jsonl) at `path` into the index; one run at a time per collection (see ingest-lock). */
  async ingest(path: string, opts: IngestOptions = {}): Promise<IngestSummary> {
    const release = acquireIngestLock(this.lockPath, this.collection);
    try {
      return await this.ingestLocked(path, opts);
    } finally {
      release();
    }
  }

  private async ingestLocked(path: string, opts: IngestOptions): Promise<IngestSummary> {
    const started = performance.now();
    const { index, embedder } = this.opts;
    const { scope } = opts;
    const load = await loadDocuments(path);
    if (scope) {
      const prepare = scope.prepare ?? ((d: SourceDocument) => d);
      load.docs = load.docs.map((d) => prepare({ ...d, path: scope.prefix + d.path }));
      load.failures = load.failures.map((f) => ({ ...f, path: scope.prefix + f.path }));
    }
    // Which indexed documents this run mirrors: those under its scope, or (a folder ingest) those under none.
    const owns = (doc: IndexedDoc) => [...doc.paths].every((p) => (scope ? p.startsWith(scope.prefix) : !SCOPED_PATH.test(p)));
    const failed = [...load.failures];
    if (load.docs.length === 0 && !(scope?.allowEmpty && load.failures.length === 0)) {
      // Mirroring an empty or unreadable folder would delete the whole knowledge base: refuse to write anything.
      const info = await index.info();
      return {
        added: 0,
        updated: 0,
        removed: 0,
        unchanged: 0,
        failed,
        chunks: info.count,
        seconds: (performance.now() - started) / 1000,
        written: 0,
        superseded: load.superseded,
        manuals: load.manuals,
      };
    }
    const info = await index.info();
    checkEmbedder(info, embedder, index.location);

    // What the index holds now, read from the lexical index once it is known to mirror Chroma.
    if (info.dirty || info.generation !== this.generation || info.count !== this.bm25.size) await this.loadLexical(info);
    const state = new Map<string, IndexedDoc>();
    collectDocs(state, this.bm25.all());

    const failedFiles = new Set(load.failures.map((f) => f.path));
    // A file that fails to parse this time keeps its previous chunks: a broken save must not silently delete a protocol.
    const keep = (doc: IndexedDoc) => [...doc.paths].some((p) => failedFiles.has(p) || failedFiles.has(p.split('#')[0] ?? p));
    const wanted = new Set(load.docs.map((d) => d.id));
    const removedDocs = [...state.entries()].filter(([id, doc]) => !wanted.has(id) && !keep(doc) && owns(doc));
    const work: Array<{ doc: (typeof load.docs)[number]; hash: string; existing?: IndexedDoc }> = [];
    let unchanged = 0;
    for (const doc of load.docs) {
      const hash = docHash(doc, embedder.name, this.opts.chunking ?? {});
      const existing = state.get(doc.id);
      if (existing && !owns(existing)) {
        // The same id from the other source (a library file and a folder file): replacing it would delete the
        // other's protocol without a word, so this one is reported and the indexed one stays.
        failed.push({
          path: doc.path,
          reason: `duplicate document id "${doc.id}" (also used by ${[...existing.paths][0] ?? 'another source'})`,
        });
        continue;
      }
      if (isComplete(existing, doc.id, hash)) unchanged++;
      else work.push({ doc, hash, ...(existing ? { existing } : {}) });
    }

    const summary: IngestSummary = {
      added: 0,
      updated: 0,
      removed: 0,
      unchanged,
      failed,
      chunks: 0,
      seconds: 0,
      written: 0,
      superseded: load.superseded,
      manuals: load.manuals,
    };
    const total = unchanged + work.length;
    let done = unchanged;
    opts.onProgress?.(done, total);
    if (work.length === 0 && removedDocs.length === 0) {
      if (info.dirty) await this.finish(info.generation + 1, info.dimension);
      return { ...summary, chunks: this.bm25.size, seconds: (performance.now() - started) / 1000 };
    }

    const generation = info.generation + 1;
    await index.setInfo({
      dirty: true,
      generation,
      embedder: embedder.name,
      ...(embedder.dimension ? { dimension: embedder.dimension } : {}),
    });
    this.generation = -1; // the in-memory lexical index is not trustworthy until finish()
    let pending: Promise<void> = Promise.resolve();
    try {
      const stale: string[] = [];
      for (const [, doc] of removedDocs) {
        this.bm25.remove([...doc.ids]);
        stale.push(...doc.ids);
      }
      let buffer: StoredChunk[] = [];
      let dimension = info.count > 0 ? info.dimension : undefined;
      const batchSize = this.opts.batchSize ?? 1000;
      /** A batch Chroma has stored that the lexical index does not hold yet (with its terms when computed). */
      type Batch = { chunks: StoredChunk[]; terms?: string[][] };
      let stored: Batch = { chunks: [] };
      const indexStored = (batch: Batch) => {
        this.bm25.add(batch.chunks, batch.terms);
        summary.written += batch.chunks.length;
      };
      const flush = async () => {
        if (!buffer.length) return;
        const batch = buffer;
        buffer = [];
        // Tokenize once for both indexes when the embedder works from the lexical terms (the offline default).
        const termLists = embedder.embedTerms ? batch.map((c) => terms(indexText(c))) : undefined;
        const vectors = termLists && embedder.embedTerms ? embedder.embedTerms(termLists) : await embedder.embed(batch.map(indexText));
        const dim = vectors[0]?.length ?? 0;
        checkEmbedder(info, embedder, index.location, dim);
        dimension = dim;
        // Embed the next batch while Chroma stores this one (Chroma runs in its own process: two cores, both busy).
        await pending;
        const done = stored;
        stored = { chunks: [] };
        pending = index.upsert(batch, vectors).then(() => {
          stored = { chunks: batch, ...(termLists ? { terms: termLists } : {}) };
        });
        pending.catch(() => undefined);
        // Index the batch Chroma has just stored while it stores this one: done in between, the lexical work
        // left Chroma idle for ~0.1 s a batch (10% of a 10k ingest).
        indexStored(done);
      };
      for (const { doc, hash, existing } of work) {
        const pieces = await chunkText(doc.text, doc.title, this.opts.chunking);
        if (pieces.length === 0) {
          failed.push({ path: doc.path, reason: 'no text to index after parsing' });
          continue;
        }
        const chunks = toStoredChunks(doc, hash, pieces);
        if (existing) {
          const ids = new Set(chunks.map((c) => c.id));
          this.bm25.remove([...existing.ids]);
          stale.push(...[...existing.ids].filter((id) => !ids.has(id)));
          summary.updated++;
        } else summary.added++;
        buffer.push(...chunks);
        if (buffer.length >= batchSize) await flush();
        opts.onProgress?.(++done, total);
      }
      await flush();
      await pending;
      indexStored(stored);
      // Old chunks go only after the new ones are stored: a crash in between leaves a document with two
      // docHashes, which the next run sees as incomplete and rewrites.
      if (stale.length) await index.delete(stale);
      summary.written += stale.length;
      summary.removed = removedDocs.length;
      await this.finish(generation + 1, dimension);
    } catch (error) {
      // Let an in-flight write settle so it cannot race a retry in this process; the index stays dirty.
      await pending.catch(() => undefined);
      this.generation = -1;
      throw error;
    }
    this.logger.info(
      {
        added: summary.added,
        updated: summary.updated,
        removed: summary.removed,
        unchanged,
        failed: failed.length,
        written: summary.written,
      },
      'ingest finished',
    );
    return { ...summary, chunks: this.bm25.size, seconds: (performance.now() - started) / 1000 };
  }

  private async finish(generation: number, dimension?: number): Promise<void> {
    const { index, embedder } = this.opts;
    await index.setInfo({ dirty: false, generation, embedder: embedder.name, ...(dimension ? { dimension } : {}) });
    const info = await index.info();
    if (info.count !== this.bm25.size) {
      // Another writer or a partial earlier run: the in-memory copy cannot be trusted, rebuild it from Chroma.
      await this.loadLexical(info);
      return;
    }
    this.generation = generation;
    writeSnapshot(this.snapshot, { generation, count: this.bm25.size, embedder: embedder.name, index: this.bm25 });
  }
}
