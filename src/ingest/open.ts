/**
 * Opens the knowledge base the way every command needs it (`rounds ingest`, `ask`, `start`, `eval`): embedded
 * Chroma unless CHROMA_URL is set, the collection, the embedder and the lexical index.
 */
import type { Config } from '../config/config.js';
import { DEFAULT_EF_SEARCH, openChromaIndex } from '../infra/chroma-index.js';
import { type ChromaServerHandle, startEmbeddedChroma } from '../infra/chroma-server.js';
import { createEmbedder } from '../infra/embedder-factory.js';
import type { Logger } from '../logger.js';
import type { ChunkOptions } from './chunker.js';
import { KnowledgeBase } from './knowledge-base.js';

export interface OpenKnowledgeOptions {
  collection?: string;
  /** Drop the collection and re-ingest from scratch (`rounds ingest --rebuild`). */
  rebuild?: boolean;
  chunking?: ChunkOptions;
  /** Store chunk text as Chroma documents or as metadata (default for embedded Chroma: faster writes; see ChromaIndexOptions). */
  textField?: 'document' | 'metadata';
}

export interface OpenedKnowledge {
  kb: KnowledgeBase;
  chroma?: ChromaServerHandle;
  close(): Promise<void>;
}

export async function openKnowledge(config: Config, logger: Logger, opts: OpenKnowledgeOptions = {}): Promise<OpenedKnowledge> {
  const chroma = config.chroma.mode === 'embedded' ? await startEmbeddedChroma({ dataDir: config.dataDir, logger }) : undefined;
  const close = async () => {
    await chroma?.stop();
  };
  try {
    const collection = opts.collection ?? config.env.CHROMA_COLLECTION;
    const remote = config.chroma.mode === 'remote' ? config.chroma : undefined;
    const index = await openChromaIndex({
      url: chroma?.url ?? remote!.url,
      collection,
      logger,
      // Embedded Chroma builds a full-text index over documents that Rounds never uses and that halves write
      // throughput on two cores, so embedded collections keep chunk text in metadata; a remote Chroma keeps it
      // as documents, where its own tools expect it.
      textField: opts.textField ?? (chroma ? 'metadata' : 'document'),
      // Embedded: a wider HNSW search (see DEFAULT_EF_SEARCH). A remote server keeps its operator's settings
      // (Chroma Cloud and distributed Chroma do not use HNSW).
      ...(chroma ? { efSearch: DEFAULT_EF_SEARCH } : {}),
      ...(remote ? { headers: remote.headers } : {}),
      ...(remote?.tenant ? { tenant: remote.tenant } : {}),
      ...(remote?.database ? { database: remote.database } : {}),
      // Embedded: if the server dies (or the process that started it exits), start it again and carry on.
      ...(chroma ? { recover: () => chroma.revive() } : {}),
    });
    const kb = await KnowledgeBase.open({
      index,
      embedder: createEmbedder(config, logger),
      dataDir: config.dataDir,
      logger,
      collection,
      ...(opts.rebuild ? { rebuild: true } : {}),
      ...(opts.chunking ? { chunking: opts.chunking } : {}),
    });
    return { kb, ...(chroma ? { chroma } : {}), close };
  } catch (error) {
    await close();
    throw error;
  }
}
