/** What answer() needs from outside: its ports, the knowledge team's files and the settings (wired in src/runtime.ts). */

import type { Prompt } from './compose/prompts.js';
import type { ConfidenceModel, Thresholds } from './confidence/model-types.js';
import type { Clock, Embedder, LexicalIndex, Llm, Reranker, VectorIndex } from './ports.js';
import type { MedicineLexicon } from './question/medicines.js';
import type { Qualifiers } from './question/qualifiers.js';
import type { Terminology } from './question/terminology.js';

export interface AnswerSettings {
  thresholds: Thresholds;
  /**
   * The confidence model labels are scored and described with: the shipped one (model.ts) unless the deployment
   * calibrated its own (config `confidence`, merged in src/config/confidence.ts).
   */
  model?: ConfidenceModel;
  candidates: number;
  maxCitations: number;
  sourceTokenBudget: number;
  denseWeight: number;
  lexicalWeight: number;
  llmTimeoutMs: number;
}

export const DEFAULT_SETTINGS: AnswerSettings = {
  thresholds: { high: 0.85, medium: 0.65, low: 0.5 },
  candidates: 40,
  maxCitations: 4,
  sourceTokenBudget: 3000,
  // The offline hash embedder's ranking only breaks ties and orders what BM25 does not find: given more weight it
  // ranked relevant documents lower on every set (bioasq-dev nDCG@10 0.860 lexical alone, 0.853 with score fusion
  // at weight 0.5, 0.800 with RRF at 0.3; pubmedqa-dev and demo within 0.003). A real embedding model gets 1.
  denseWeight: 0.02,
  lexicalWeight: 1,
  llmTimeoutMs: 20_000,
};

export interface AnswerDeps {
  embedder: Embedder;
  index: VectorIndex;
  lexical: LexicalIndex;
  terminology: Terminology;
  /** Reference ranges, units, patient groups and opposites (knowledge/qualifiers.yaml; see qualifiers.ts). */
  qualifiers?: Qualifiers;
  /** Medicine names: a question naming one the knowledge base never mentions is not answered (see medicines.ts). */
  medicines?: MedicineLexicon;
  clock: Clock;
  llm?: Llm;
  prompt?: Prompt;
  reranker?: Reranker;
  settings: AnswerSettings;
}
