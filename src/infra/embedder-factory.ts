/**
 * Picks the embedder from configuration: the offline hash embedder by default (no model download, works on a
 * fresh clone), an OpenAI-compatible endpoint when EMBEDDINGS_MODEL is set.
 */
import type { Config } from '../config/config.js';
import type { Embedder } from '../core/ports.js';
import type { Logger } from '../logger.js';
import { HashEmbedder } from './hash-embedder.js';
import { OpenAiEmbedder } from './openai-embedder.js';

export function createEmbedder(config: Config, logger?: Logger): Embedder {
  const e = config.embeddings;
  if (!e) return new HashEmbedder();
  return new OpenAiEmbedder({
    model: e.model,
    batchSize: e.batchSize,
    ...(e.baseURL ? { baseURL: e.baseURL } : {}),
    ...(e.apiKey ? { apiKey: e.apiKey } : {}),
    ...(e.dimensions ? { dimensions: e.dimensions } : {}),
    ...(logger ? { logger } : {}),
  });
}
