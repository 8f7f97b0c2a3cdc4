/**
 * VectorIndex over one Chroma collection (embedded or remote server, Chroma Cloud, distributed). Rounds passes
 * its own embeddings (`embeddingFunction: null`), so Chroma never downloads a model. The collection's metadata
 * records how it was built (embedder, dimension, generation, dirty); chunk metadata is flattened because Chroma
 * only stores scalar metadata values.
 */
import {
  ChromaClient,
  ChromaClientError,
  ChromaConnectionError,
  ChromaNotFoundError,
  ChromaServerError,
  type Collection,
  type Metadata,
  type Where,
} from 'chromadb';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { ChunkFilter, IndexInfo, VectorHit, VectorIndex } from '../core/ports.js';
import type { ChunkMeta, StoredChunk } from '../core/types.js';
import type { Logger } from '../logger.js';
import { withRetry } from './retry.js';

/** Chroma's own limit on records per request (max_batch_size of a default local server). */
export const CHROMA_MAX_BATCH = 5461;
const HEADING_SEPARATOR = ' › ';
/** A hung server must not hang Rounds: an operation that takes longer counts as Chroma being unavailable. */
const OPERATION_TIMEOUT_MS = 120_000;

export interface ChromaIndexOptions {
  url: string;
  headers?: Record<string, string>;
  tenant?: string;
  database?: string;
  collection: string;
  logger: Logger;
  /** Called when Chroma stops answering; returns the (possibly new) URL. Embedded mode restarts the server here. */
  recover?: () => Promise<string>;
  /** Retry attempts per operation (default 6, about 10 s of backoff). */
  attempts?: number;
  /**
   * Where chunk text is stored. 'document' (default) is Chroma's document field. Embedded Chroma always builds a
   * trigram full-text index over documents (it ignores a schema that disables it), which halves write throughput
   * on two cores; 'metadata' stores the text as the `text` metadata value instead. Reads prefer the configured
   * place and fall back to the other; switching an existing collection needs `rounds ingest --rebuild`.
   */
  textField?: 'document' | 'metadata';
  /**
   * HNSW ef_search for the collection: set when it is created, raised on an existing one (Chroma applies a raised
   * value when it next loads the index: for embedded Chroma, the next start). Unset leaves the server's default
   * (100), which suits any server type; see DEFAULT_EF_SEARCH for why embedded Chroma raises it.
   */
  efSearch?: number;
}

/**
 * ef_search for embedded collections. Hash-embedder vectors are close to orthogonal, which HNSW navigates badly:
 * on a 100k-chunk index of pubmedqa-dev plus generated text, the dense top-10 held the right abstract for 43% of
 * questions at Chroma's default of 100, 65% at 400 and 76% at 1000 (exact search: 83%), while a query took
 * 5.4, 5.0 and 6.2 ms (p50); at 20k chunks, 70% at 100 and 82% at 1000 (exact: 83%). On indexes of a few
 * thousand chunks the search is close to exhaustive either way.
 */
export const DEFAULT_EF_SEARCH = 1000;

const TEXT_KEY = 'text';

/** Chunk metadata other than collection (and, in metadata mode, the chunk text) as one JSON string. */
const PACKED_KEY = 'rounds_meta';

/**
 * Chunk metadata as Chroma stores it: `collection` as a plain value, so Chroma can filter on it (Rounds restricts
 * every query to the channel's collections), and everything else (document id, title, heading path, dates,
 * hashes, offsets and, when given, the chunk text) as one JSON string. Embedded Chroma writes each metadata key
 * as its own indexed SQLite row, which made it the bottleneck of ingest: Chroma alone stored 770 chunks/s with one
 * key per field, 1,150–1,230/s with three (collection, text, the rest) and 1,310–1,350/s with these two.
 * Collections written with one key per field (earlier versions) are still read.
 */
export function toChromaMetadata(meta: ChunkMeta, text?: string): Metadata {
  const { collection, headingPath, ...rest } = meta;
  const packed: Record<string, unknown> = { headingPath: headingPath.join(HEADING_SEPARATOR) };
  for (const [key, value] of Object.entries(rest)) if (value !== undefined && value !== '') packed[key] = value;
  if (text !== undefined) packed[TEXT_KEY] = text;
  return { collection, [PACKED_KEY]: JSON.stringify(packed) };
}

/** The stored fields of one record, whichever layout wrote it; the plain `collection` value wins. */
function unpack(m: Metadata | null | undefined): Record<string, unknown> {
  const { [PACKED_KEY]: packed, ...plain } = m ?? {};
  if (typeof packed !== 'string') return plain;
  try {
    const fields = JSON.parse(packed) as unknown;
    if (fields && typeof fields === 'object') return { ...(fields as Record<string, unknown>), ...plain };
  } catch {
    // A hand-edited or truncated value: keep the plain fields.
  }
  return plain;
}

const OPTIONAL_META = [
  'version',
  'effective',
  'reviewBy',
  'source',
  'publisher',
  'supersededBy',
  'path',
  'population',
  'topic',
  'label',
] as const;

function metaOf(m: Record<string, unknown>): ChunkMeta {
  const s = (key: string): string | undefined => (typeof m[key] === 'string' ? (m[key] as string) : undefined);
  const n = (key: string): number => (typeof m[key] === 'number' ? (m[key] as number) : 0);
  const heading = s('headingPath');
  const meta: ChunkMeta = {
    docId: s('docId') ?? '',
    title: s('title') ?? '',
    headingPath: heading ? heading.split(HEADING_SEPARATOR) : [],
    collection: s('collection') ?? 'general',
    contentHash: s('contentHash') ?? '',
    docHash: s('docHash') ?? '',
    chunkIndex: n('chunkIndex'),
    chunkCount: n('chunkCount'),
    start: n('start'),
    end: n('end'),
  };
  for (const key of OPTIONAL_META) {
    const value = s(key);
    if (value !== undefined) meta[key] = value;
  }
  return meta;
}

/** One vector as Chroma's base64 embedding encoding: float32, little-endian (as the client's own packEmbedding). */
export function packVector(vector: number[]): string {
  const bytes = Buffer.from(new Float32Array(vector).buffer);
  if (!LITTLE_ENDIAN) bytes.swap32();
  return bytes.toString('base64');
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isConnectionFault(error: unknown): boolean {
  return error instanceof ChromaConnectionError || error instanceof ChromaServerError || error instanceof OperationTimeout;
}

class OperationTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OperationTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function clientFor(url: string, opts: ChromaIndexOptions): ChromaClient {
  const u = new URL(url);
  const ssl = u.protocol === 'https:';
  return new ChromaClient({
    host: u.hostname,
    port: u.port ? Number(u.port) : ssl ? 443 : 80,
    ssl,
    ...(opts.headers && Object.keys(opts.headers).length ? { headers: opts.headers } : {}),
    ...(opts.tenant ? { tenant: opts.tenant } : {}),
    ...(opts.database ? { database: opts.database } : {}),
  });
}

class ChromaVectorIndex implements VectorIndex {
  private url: string;
  private client: ChromaClient;
  private collectionPromise: Promise<Collection> | undefined;
  private readonly logger: Logger;

  constructor(private readonly opts: ChromaIndexOptions) {
    this.url = opts.url;
    this.client = clientFor(opts.url, opts);
    this.logger = opts.logger.child({ component: 'chroma-index', collection: opts.collection });
  }

  get location(): string {
    return `${this.url} collection ${this.opts.collection}`;
  }

  /** A stored record as a chunk: text from the configured place, falling back to the other. */
  private chunkOf(id: string, document: string | null | undefined, metadata: Metadata | null | undefined, withText = true): StoredChunk {
    const fields = unpack(metadata);
    const fromMeta = typeof fields[TEXT_KEY] === 'string' ? (fields[TEXT_KEY] as string) : undefined;
    const text = withText ? ((this.opts.textField === 'metadata' ? (fromMeta ?? document) : (document ?? fromMeta)) ?? '') : '';
    return { id, text, meta: metaOf(fields) };
  }

  private collection(): Promise<Collection> {
    const efSearch = this.opts.efSearch;
    this.collectionPromise ??= this.client
      .getOrCreateCollection({
        name: this.opts.collection,
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine', ...(efSearch ? { ef_search: efSearch } : {}) } },
        metadata: { rounds_generation: 0, rounds_dirty: false },
      })
      .then(async (collection) => {
        // A collection made before (or by another tool) keeps its configuration: raise ef_search where it is lower.
        const current = (collection.configuration as { hnsw?: { ef_search?: number } | null } | undefined)?.hnsw?.ef_search;
        if (efSearch && current !== undefined && current < efSearch) {
          await collection.modify({ configuration: { hnsw: { ef_search: efSearch } } });
          this.logger.info({ from: current, to: efSearch }, 'raised HNSW ef_search');
        }
        return collection;
      })
      .catch((error) => {
        this.collectionPromise = undefined;
        throw error;
      });
    return this.collectionPromise;
  }

  /** Runs one Chroma operation with retries; recovers the server (embedded) and the collection handle between tries. */
  private async call<T>(operation: string, fn: (collection: Collection) => Promise<T>): Promise<T> {
    try {
      return await withRetry(async () => withTimeout(this.collection().then(fn), OPERATION_TIMEOUT_MS), {
        attempts: this.opts.attempts ?? 6,
        baseDelayMs: 250,
        maxDelayMs: 4_000,
        isRetryable: (error) => isConnectionFault(error) || error instanceof ChromaNotFoundError,
        onRetry: async (error, attempt, delayMs) => {
          this.logger.warn({ operation, attempt, delayMs, err: (error as Error).message }, 'Chroma call failed; retrying');
          // The collection may have been dropped and re-created by another process: look it up again.
          this.collectionPromise = undefined;
          if (isConnectionFault(error) && this.opts.recover) {
            try {
              const url = await this.opts.recover();
              if (url !== this.url) {
                this.url = url;
                this.client = clientFor(url, this.opts);
              }
            } catch (recoverError) {
              this.logger.warn({ err: (recoverError as Error).message }, 'could not restart embedded Chroma');
            }
          }
        },
      });
    } catch (error) {
      if (error instanceof RoundsError) throw error;
      const reason = (error as Error)?.message ?? String(error);
      if (isConnectionFault(error)) {
        throw new RoundsError(
          ErrorCode.ChromaUnavailable,
          `Chroma at ${this.url} is not reachable (${operation}: ${reason}). ` +
            (this.opts.recover
              ? 'The embedded server could not be restarted; see <ROUNDS_DATA_DIR>/chroma/rounds-server.log.'
              : 'Check that the server is running and that CHROMA_URL (and CHROMA_AUTH_TOKEN) are right; Rounds retries on the next request.'),
          { cause: error },
        );
      }
      throw new RoundsError(ErrorCode.ChromaUnavailable, `Chroma at ${this.url} refused ${operation}: ${reason}`, { cause: error });
    }
  }

  async info(): Promise<IndexInfo> {
    return this.call('info', async (collection) => {
      // Re-read: another Rounds process may have ingested since this handle was made.
      const fresh = await this.client.getCollection({ name: collection.name } as { name: string });
      const m = fresh.metadata ?? {};
      const info: IndexInfo = {
        count: await fresh.count(),
        generation: typeof m.rounds_generation === 'number' ? m.rounds_generation : 0,
        dirty: m.rounds_dirty === true,
      };
      if (typeof m.rounds_embedder === 'string') info.embedder = m.rounds_embedder;
      if (typeof m.rounds_dimension === 'number') info.dimension = m.rounds_dimension;
      return info;
    });
  }

  async setInfo(info: Partial<Omit<IndexInfo, 'count'>>): Promise<void> {
    await this.call('setInfo', async (collection) => {
      const fresh = await this.client.getCollection({ name: collection.name } as { name: string });
      // modify() replaces the whole metadata map, so merge first.
      const metadata = { ...(fresh.metadata ?? {}) };
      if (info.embedder !== undefined) metadata.rounds_embedder = info.embedder;
      if (info.dimension !== undefined) metadata.rounds_dimension = info.dimension;
      if (info.generation !== undefined) metadata.rounds_generation = info.generation;
      if (info.dirty !== undefined) metadata.rounds_dirty = info.dirty;
      await fresh.modify({ metadata });
    });
  }

  async upsert(chunks: StoredChunk[], embeddings: number[][]): Promise<void> {
    if (chunks.length !== embeddings.length) {
      throw new RoundsError(ErrorCode.InvalidInput, `upsert got ${chunks.length} chunks but ${embeddings.length} embeddings`);
    }
    const dimension = embeddings[0]?.length ?? 0;
    embeddings.forEach((vector, i) => {
      if (vector.length !== dimension || dimension === 0 || !vector.every(Number.isFinite)) {
        throw new RoundsError(
          ErrorCode.InvalidInput,
          `the embedding for chunk ${chunks[i]?.id} is not a vector of ${dimension || 'some'} finite numbers; nothing was written for this batch`,
        );
      }
    });
    for (let i = 0; i < chunks.length; i += CHROMA_MAX_BATCH) {
      const batch = chunks.slice(i, i + CHROMA_MAX_BATCH);
      const vectors = embeddings.slice(i, i + CHROMA_MAX_BATCH);
      const records = {
        ids: batch.map((c) => c.id),
        ...(this.opts.textField === 'metadata'
          ? { metadatas: batch.map((c) => toChromaMetadata(c.meta, c.text)) }
          : { metadatas: batch.map((c) => toChromaMetadata(c.meta)), documents: batch.map((c) => c.text) }),
      };
      await this.call('upsert', async (collection) => {
        if (await this.client.supportsBase64Encoding())
          await this.postUpsert(collection, { ...records, embeddings: vectors.map(packVector) });
        else await collection.upsert({ ...records, embeddings: vectors });
      });
    }
  }

  /**
   * Chroma's REST upsert with the vectors already packed (base64 little-endian float32), the wire format the
   * client itself sends. The client packs one byte at a time and re-validates every number: at 10k chunks that
   * was 2–3 s of Rounds' CPU, on a machine whose second core Chroma needs. Errors map to the client's classes so
   * retries and messages are the same as for every other call.
   */
  private async postUpsert(collection: Collection, body: Record<string, unknown>): Promise<void> {
    const e = encodeURIComponent;
    const { protocol, host } = new URL(this.url); // as clientFor: the client uses only scheme, host and port
    const url = `${protocol}//${host}/api/v2/tenants/${e(collection.tenant)}/databases/${e(collection.database)}/collections/${e(collection.id)}/upsert`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.opts.headers ?? {}) },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new ChromaConnectionError(`Failed to connect to Chroma: ${(error as Error).message}`, error);
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    let message = `${response.status} ${response.statusText}`;
    try {
      const detail = (await response.json()) as { message?: string; error?: string };
      message = detail.message || detail.error || message;
    } catch {
      // not JSON: keep the status line
    }
    if (response.status === 404) throw new ChromaNotFoundError(message);
    if (response.status >= 500) throw new ChromaServerError(message);
    throw new ChromaClientError(`Chroma refused the upsert (${response.status}): ${message}`);
  }

  async delete(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += CHROMA_MAX_BATCH) {
      const batch = ids.slice(i, i + CHROMA_MAX_BATCH);
      await this.call('delete', (collection) => collection.delete({ ids: batch }));
    }
  }

  async *scan(options: { includeText?: boolean; pageSize?: number } = {}): AsyncIterable<StoredChunk[]> {
    const pageSize = Math.min(options.pageSize ?? 5000, CHROMA_MAX_BATCH);
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.call('scan', (collection) =>
        collection.get({
          limit: pageSize,
          offset,
          include: options.includeText ? ['metadatas', 'documents'] : ['metadatas'],
        }),
      );
      const chunks = page.ids.map((id, i) => this.chunkOf(id, page.documents[i], page.metadatas[i], options.includeText));
      if (chunks.length) yield chunks;
      if (chunks.length < pageSize) return;
    }
  }

  async query(embedding: number[], k: number, filter?: ChunkFilter): Promise<VectorHit[]> {
    const collections = filter?.collections;
    if (collections && collections.length === 0) return [];
    const where: Where | undefined = collections && !collections.includes('*') ? { collection: { $in: collections } } : undefined;
    const result = await this.call('query', (collection) =>
      collection.query({
        queryEmbeddings: [embedding],
        nResults: Math.max(1, k),
        ...(where ? { where } : {}),
        include: ['metadatas', 'documents', 'distances'],
      }),
    );
    const ids = result.ids[0] ?? [];
    return ids.map((id, i) => ({
      chunk: this.chunkOf(id, result.documents[0]?.[i], result.metadatas[0]?.[i]),
      similarity: 1 - (result.distances[0]?.[i] ?? 1),
    }));
  }

  async drop(): Promise<void> {
    await this.call('drop', async () => {
      try {
        await this.client.deleteCollection({ name: this.opts.collection });
      } catch (error) {
        if (!(error instanceof ChromaNotFoundError)) throw error;
      }
    });
    this.collectionPromise = undefined;
  }
}

/** Connects (creating the collection when missing) and checks Chroma answers, so a wrong URL fails at start. */
export async function openChromaIndex(opts: ChromaIndexOptions): Promise<VectorIndex> {
  const index = new ChromaVectorIndex(opts);
  await index.info();
  return index;
}
