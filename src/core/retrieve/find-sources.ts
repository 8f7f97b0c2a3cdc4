/**
 * Stage 2 of an answer: the sources. Dense and lexical search over the profile's collections, fused; the head
 * reordered by how much of the question each chunk covers, by the question's subject and by patient group; an
 * optional reranker; text that reads as instructions to a model cut out before any composer sees it; and the
 * evidence features measured on the result.
 */
import { EXPANSION_WEIGHT } from '../confidence/abstention-reasons.js';
import { type EvidenceFeatures, evidenceFeatures, featureWeakness, type ScopeExclusion } from '../confidence/features.js';
import type { AnswerDeps } from '../deps.js';
import type { ChannelProfile, Reranker } from '../ports.js';
import { stripInstructions } from '../question/injection.js';
import { personWords } from '../question/population.js';
import type { Reading } from '../question/read-question.js';
import { valueKindOf } from '../question/value-kind.js';
import { nameLexicon } from '../redact/lexicon.js';
import type { RetrievedChunk } from '../types.js';
import { nameSubject, rerankByCoverage } from './rerank.js';
import { type Retrieval, retrieve } from './retrieve.js';

export interface Sources {
  retrieval: Retrieval;
  /** Sentences cut from the retrieved text as instructions to a model. */
  injected: number;
  evidence: EvidenceFeatures;
  /** Where one of the best documents says the question's subject is outside its scope. */
  scope: ScopeExclusion | undefined;
  /** The question words the evidence was measured without (features.featureWeakness). */
  weak: (term: string) => boolean;
}

export async function findSources(reading: Reading, deps: AnswerDeps, profile: ChannelProfile): Promise<Sources> {
  const retrieval = await retrieve(reading.retrievalBase, deps, {
    expansion: reading.normalized.expansion,
    expansionWeight: EXPANSION_WEIGHT,
    light: personWords(reading.retrievalBase),
    collections: profile.collections,
    candidates: deps.settings.candidates,
    denseWeight: deps.settings.denseWeight,
    lexicalWeight: deps.settings.lexicalWeight,
  });
  const idf = (t: string) => deps.lexical.idf(t);
  const isEnglishWord = (w: string) => nameLexicon().english.has(w);
  const subject = nameSubject(reading.asked, reading.groups, idf, isEnglishWord);
  const kind = valueKindOf(reading.asked);
  let reranked = rerankByCoverage(retrieval.chunks, reading.groups, idf, undefined, subject, reading.population.groups, kind);
  if (deps.reranker) reranked = await rerankWith(deps.reranker, reading.redacted, reranked);
  let injected = 0;
  retrieval.chunks = reranked.map((c) => {
    const clean = stripInstructions(c.text);
    injected += clean.removed;
    return clean.removed ? { ...c, text: clean.text } : c;
  });
  const weak = featureWeakness(kind !== undefined, retrieval.chunks[0]?.meta.topic !== undefined);
  const { scope, ...evidence } = evidenceFeatures(
    { text: reading.retrievalBase, groups: reading.groups, typed: reading.typed, weak },
    retrieval,
    deps.lexical,
  );
  return { retrieval, injected, evidence, scope, weak };
}

const RERANK_TOP = 10;

/** An optional reranker (cross-encoder or LLM) reorders the top chunks; if it fails, the fused order stands. */
async function rerankWith(reranker: Reranker, query: string, chunks: RetrievedChunk[]): Promise<RetrievedChunk[]> {
  const head = chunks.slice(0, RERANK_TOP);
  try {
    const scores = await reranker.rerank(
      query,
      head.map((c) => `${c.meta.headingPath.join(' › ')}\n${c.text}`),
    );
    const order = head.map((c, i) => ({ c, s: scores[i] ?? Number.NEGATIVE_INFINITY, i })).sort((a, b) => b.s - a.s || a.i - b.i);
    return [...order.map((o) => o.c), ...chunks.slice(RERANK_TOP)];
  } catch {
    return chunks;
  }
}
