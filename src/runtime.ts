/**
 * The composition root: reads config once and wires embedder, vector index (embedded or remote Chroma),
 * lexical index, LLM, feedback store and the RoundsService. (Implementation lands with the RAG core.)
 */
import type { Config } from './config/config.js';
import type { FeedbackStore } from './core/ports.js';
import type { RoundsService } from './core/service.js';
import type { Logger } from './logger.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  service: RoundsService;
  store: FeedbackStore;
  close(): Promise<void>;
}

export async function createRuntime(_config: Config, _logger: Logger): Promise<Runtime> {
  throw new Error('createRuntime lands with the RAG core');
}
