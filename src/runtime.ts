/**
 * The composition root: reads config once and wires embedder, vector index (embedded or remote Chroma),
 * lexical index, LLM, terminology, feedback store and the RoundsService.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentConfidence } from './config/confidence.js';
import type { Config } from './config/config.js';
import { type AnswerDeps, type AnswerSettings, DEFAULT_SETTINGS } from './core/answer.js';
import { loadPrompt } from './core/compose/prompts.js';
import { ErrorCode, isRoundsError } from './core/errors.js';
import { type Clock, type Llm, type Reranker, systemClock } from './core/ports.js';
import { MedicineLexicon } from './core/question/medicines.js';
import { Qualifiers } from './core/question/qualifiers.js';
import { Terminology } from './core/question/terminology.js';
import { warmRedaction } from './core/redact/redact.js';
import type { RoundsService } from './core/service.js';
import { OpenAiLlm } from './infra/openai-llm.js';
import { HttpReranker, LlmReranker } from './infra/rerankers.js';
import type { IngestSummary, KnowledgeBase } from './ingest/knowledge-base.js';
import { type OpenedKnowledge, openKnowledge } from './ingest/open.js';
import type { Logger } from './logger.js';
import { DefaultRoundsService } from './service/rounds-service.js';
import { openStore } from './store/open-store.js';
import type { RoundsStore } from './store/store.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  service: RoundsService;
  store: RoundsStore;
  kb: KnowledgeBase;
  answerDeps: AnswerDeps;
  /** Set when the knowledge directory was ingested at start. */
  ingested?: IngestSummary;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** 'always' (rounds start: incremental, writes nothing when unchanged), 'if-empty' (rounds ask), 'never'. */
  autoIngest?: 'always' | 'if-empty' | 'never';
  /** Another Chroma collection (eval's throwaway ones). */
  collection?: string;
  /** A SQLite file instead of the configured store (eval's throwaway one). */
  storePath?: string;
  clock?: Clock;
  /**
   * Check this often for a new index generation written by an ingest elsewhere (shared Chroma, or `rounds ingest`
   * beside an embedded one) and load it in the background; answers keep the current index until the swap.
   */
  watchIndexMs?: number;
  /** Replace the configured LLM (tests). */
  llm?: Llm;
}

export function answerSettings(config: Config, llmTimeoutMs = config.env.LLM_TIMEOUT_MS): AnswerSettings {
  const r = config.file.retrieval;
  // The shipped confidence model with the deployment's own calibration (`rounds calibrate`) merged in: labels are
  // scored with its weights and thresholds and state its measured figures.
  const { model } = deploymentConfidence(config.file.confidence);
  return {
    ...DEFAULT_SETTINGS,
    thresholds: model.thresholds,
    model,
    candidates: r.candidates,
    maxCitations: r.maxCitations,
    sourceTokenBudget: r.sourceTokenBudget,
    // A real embedding model carries as much signal as BM25; the offline hash embedder less (see fusion.ts).
    denseWeight: config.embeddings ? 1 : DEFAULT_SETTINGS.denseWeight,
    llmTimeoutMs,
  };
}

export function createLlm(config: Config): Llm | undefined {
  if (!config.llm) return undefined;
  return new OpenAiLlm({
    model: config.llm.model,
    timeoutMs: config.llm.timeoutMs,
    ...(config.llm.baseURL ? { baseURL: config.llm.baseURL } : {}),
    ...(config.llm.apiKey ? { apiKey: config.llm.apiKey } : {}),
  });
}

export function createReranker(config: Config, llm: Llm | undefined): Reranker | undefined {
  const e = config.env;
  if (e.RERANKER === 'http' && e.RERANKER_URL) {
    return new HttpReranker(e.RERANKER_URL, {
      ...(e.RERANKER_API_KEY ? { apiKey: e.RERANKER_API_KEY } : {}),
      ...(e.RERANKER_MODEL ? { model: e.RERANKER_MODEL } : {}),
    });
  }
  if (e.RERANKER === 'llm' && llm) return new LlmReranker(llm);
  return undefined;
}

/** Answer dependencies over a knowledge base; `lexical` is read through so a reloaded lexical index is seen. */
export function answerDepsFor(
  kb: KnowledgeBase,
  config: Config,
  options: { clock?: Clock; llm?: Llm; reranker?: Reranker } = {},
): AnswerDeps {
  const llm = options.llm ?? createLlm(config);
  const terminology = Terminology.load(join(config.knowledgeDir, 'terminology.yaml'));
  const qualifiers = Qualifiers.load(join(config.knowledgeDir, 'qualifiers.yaml'));
  const medicines = config.medicinesFile ? MedicineLexicon.load(config.medicinesFile) : undefined;
  const reranker = options.reranker ?? createReranker(config, llm);
  return {
    embedder: kb.embedder,
    index: kb.index,
    get lexical() {
      return kb.lexical;
    },
    terminology,
    qualifiers,
    ...(medicines ? { medicines } : {}),
    clock: options.clock ?? systemClock,
    ...(llm ? { llm, prompt: loadPrompt() } : {}),
    ...(reranker ? { reranker } : {}),
    settings: answerSettings(config),
  };
}

export async function createRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  mkdirSync(config.dataDir, { recursive: true });
  warmRedaction();
  const knowledge: OpenedKnowledge = await openKnowledge(config, logger, options.collection ? { collection: options.collection } : {});
  let store: RoundsStore | undefined;
  try {
    const { kb } = knowledge;
    let ingested: IngestSummary | undefined;
    const mode = options.autoIngest ?? 'never';
    if (mode !== 'never' && existsSync(config.knowledgeDir)) {
      const empty = (await kb.index.info()).count === 0;
      if (mode === 'always' || empty) {
        try {
          ingested = await kb.ingest(config.knowledgeDir);
        } catch (error) {
          // Someone is running `rounds ingest` on this collection: serve what is indexed; their run is picked up
          // by the freshness check when it ends.
          if (!isRoundsError(error, ErrorCode.IngestBusy)) throw error;
          logger.warn({ err: error.message }, 'knowledge base not ingested at start: another ingest is running');
        }
      }
      if (ingested) {
        logger.info(
          {
            added: ingested.added,
            updated: ingested.updated,
            removed: ingested.removed,
            unchanged: ingested.unchanged,
            failed: ingested.failed.length,
            chunks: ingested.chunks,
          },
          'knowledge base ingested',
        );
        for (const f of ingested.failed) logger.warn({ path: f.path, reason: f.reason }, 'knowledge file skipped');
      }
    }
    store = await openStore(config, {
      logger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.storePath ? { sqlitePath: options.storePath } : {}),
    });
    const answerDeps = answerDepsFor(kb, config, options);
    for (const warning of deploymentConfidence(config.file.confidence).warnings) logger.warn({ event: 'confidence_config' }, warning);
    const service = new DefaultRoundsService({
      answerDeps,
      store,
      file: config.file,
      logger,
      refresh: () => kb.ensureFresh(),
      indexHealth: async () => ({ location: kb.index.location, chunks: (await kb.index.info()).count }),
    });
    const openedStore = store;
    let watcher: NodeJS.Timeout | undefined;
    if (options.watchIndexMs) {
      watcher = setInterval(() => {
        kb.ensureFresh().catch((error: unknown) =>
          logger.warn(
            { code: isRoundsError(error) ? error.code : 'unexpected' },
            'index generation check failed; serving the current index',
          ),
        );
      }, options.watchIndexMs);
      watcher.unref();
    }
    return {
      config,
      logger,
      service,
      store: openedStore,
      kb,
      answerDeps,
      ...(ingested ? { ingested } : {}),
      close: async () => {
        if (watcher) clearInterval(watcher);
        await openedStore.close();
        await knowledge.close();
      },
    };
  } catch (error) {
    await store?.close();
    await knowledge.close();
    throw error;
  }
}
