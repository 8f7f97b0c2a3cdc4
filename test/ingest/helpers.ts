/** Shared set-up for ingest tests: temp dirs, a silent logger, copies of the fixture folders. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { type ChromaIndexOptions, openChromaIndex } from '../../src/infra/chroma-index.js';
import { HashEmbedder } from '../../src/infra/hash-embedder.js';
import { KnowledgeBase } from '../../src/ingest/knowledge-base.js';
import type { Logger } from '../../src/logger.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));

export const silentLogger: Logger = pino({ level: 'silent' });

export function tempDir(prefix = 'rounds-ingest-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A writable copy of a fixture folder, so tests can edit and delete files. */
export function copyFixture(name: 'kb' | 'corrupt'): string {
  const dir = join(tempDir('rounds-kb-'), name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

let counter = 0;
/** A unique, valid Chroma collection name per test. */
export function collectionName(prefix = 'test'): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

export { isAlive } from '../../src/infra/process-alive.js';

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** A knowledge base on a real Chroma collection with the hash embedder and a silent logger. */
export async function openTestKb(opts: {
  url: string;
  collection: string;
  dataDir?: string;
  batchSize?: number;
  index?: Partial<ChromaIndexOptions>;
}): Promise<KnowledgeBase> {
  const index = await openChromaIndex({ url: opts.url, collection: opts.collection, logger: silentLogger, ...opts.index });
  return KnowledgeBase.open({
    index,
    embedder: new HashEmbedder(),
    dataDir: opts.dataDir ?? tempDir(),
    logger: silentLogger,
    collection: opts.collection,
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
  });
}
