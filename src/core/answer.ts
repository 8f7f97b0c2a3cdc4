/**
 * The pipeline, as its stages: guard (redact first, then refuse what cannot be a question) → read the question
 * (question/read-question.ts) → find sources (retrieve/find-sources.ts) → draft and verify (compose/draft-answer.ts)
 * → decide: answer or abstain, at what confidence (confidence/decide.ts) → warnings and citations. Returns an Answer
 * value for every input; throws only for faults (Chroma unreachable, embedder failure), which adapters turn into a
 * safe reply.
 */
import { randomUUID } from 'node:crypto';
import { draftAnswer } from './compose/draft-answer.js';
import { bestUnits } from './compose/extractive.js';
import { trimSnippet } from './compose/present.js';
import { renderText, toCitation } from './compose/verify.js';
import { answerWarnings } from './compose/warnings.js';
import { workOutDose } from './compose/work-out-dose.js';
import { type Decision, decide } from './confidence/decide.js';
import type { TermGroups } from './confidence/features.js';
import type { AnswerDeps } from './deps.js';
import type { ChannelProfile } from './ports.js';
import { Qualifiers } from './question/qualifiers.js';
import { readQuestion } from './question/read-question.js';
import { type RefusalInput, refusal } from './question/refusal.js';
import { knownWords, onlyIdentifiers, redact } from './redact/redact.js';
import { findSources } from './retrieve/find-sources.js';
import type { Answer, Question, RetrievedChunk } from './types.js';

export { type AnswerDeps, type AnswerSettings, DEFAULT_SETTINGS } from './deps.js';
export { isFollowUp } from './question/read-question.js';

export const MAX_QUESTION_CHARS = 4000;

export interface AnswerOptions {
  /** Undefined when the channel/profile name is unknown (refused with the list of known profiles). */
  profile: ChannelProfile | undefined;
  knownProfiles?: string[];
  /** Receives the fused document ranking (eval computes recall@k from it). */
  onRetrieval?: (docIds: string[]) => void;
  /** Progress for chat surfaces (task updates, informative messages): called once retrieval is done. Ids and counts only. */
  onProgress?: (progress: AnswerProgress) => void;
}

/** What the pipeline has done so far, for a surface that shows steps while an LLM composes. */
export interface AnswerProgress {
  stage: 'retrieved';
  collections: string[];
  /** Distinct documents among the passages the answer will be drafted from. */
  sources: number;
  /** True when an LLM is about to draft the answer (the slow step); false for an extractive answer. */
  llm: boolean;
}

const ABSTAIN_TEXT = 'Not enough evidence in the knowledge base to answer this question.';
const CHANNEL_ABSTAIN_TEXT = "Not enough evidence in this channel's document sets to answer this question.";
const OFF_TOPIC_TEXT = 'This is outside what the clinical knowledge base covers.';

export async function answer(question: Question, deps: AnswerDeps, options: AnswerOptions): Promise<Answer> {
  const t0 = performance.now();
  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);
  const base = { id: randomUUID(), createdAt: now.toISOString(), embedder: deps.embedder.name };

  // Guard: redact first, before anything else sees the text (length checks included, so a refusal stores no identifiers).
  const raw = typeof question.text === 'string' ? question.text : '';
  const knownWord = knownWords(deps.lexical, deps.medicines, deps.terminology);
  const red = redact(raw.slice(0, MAX_QUESTION_CHARS * 2), { known: knownWord });
  const redaction = { redacted: red.kinds.length > 0, kinds: red.kinds };
  const tRedact = performance.now();
  const refuse = (r: RefusalInput) =>
    refusal(r, { ...base, question: red.text.slice(0, MAX_QUESTION_CHARS), redaction, profile: options.profile, t0, tRedact });
  if (!raw.trim()) return refuse({ code: 'empty_question' });
  if (raw.length > MAX_QUESTION_CHARS) return refuse({ code: 'too_long', limit: MAX_QUESTION_CHARS, length: raw.length });
  if (!/[\p{L}\p{N}]/u.test(raw)) return refuse({ code: 'no_text' });
  if (onlyIdentifiers(red.text)) return refuse({ code: 'only_identifiers' });
  if (!options.profile) return refuse({ code: 'unknown_channel', known: options.knownProfiles ?? [] });
  const profile = options.profile;

  const history = (question.history ?? []).map((t) => ({ role: t.role, text: redact(t.text, { known: knownWord }).text }));
  const reading = readQuestion(red.text, history, deps);
  const sources = await findSources(reading, deps, profile);
  const tRetrieve = performance.now();
  options.onRetrieval?.([...new Set(sources.retrieval.chunks.map((c) => c.meta.docId))]);
  const topChunks = sources.retrieval.chunks.slice(0, deps.settings.maxCitations + 2);
  options.onProgress?.({
    stage: 'retrieved',
    collections: profile.collections,
    sources: new Set(topChunks.map((c) => c.meta.docId)).size,
    llm: Boolean(deps.llm && deps.prompt && topChunks.length > 0),
  });
  const drafted = await draftAnswer(reading, sources, deps, today);
  const tCompose = performance.now();
  const decision = await decide(reading, sources, drafted, deps, profile);
  const { abstain, offTopic, elsewhere } = decision;

  // A dose per kg the answer quotes, worked out for the weight the question or thread gives (compose/work-out-dose.ts).
  const dose = abstain
    ? { notes: [] }
    : workOutDose({
        question: red.text,
        history,
        sentences: drafted.verified.sentences,
        citations: drafted.verified.citations,
        sources: drafted.draft.sources,
        qualifiers: deps.qualifiers ?? Qualifiers.empty(),
      });
  const citations = offTopic
    ? []
    : abstain
      ? closestSources(sources.retrieval.chunks, reading.groups, (t) => deps.lexical.idf(t), today)
      : drafted.verified.citations;
  const warnings = answerWarnings(reading, sources, drafted, decision, redaction, profile, citations, dose.notes);
  const tEnd = performance.now();
  return {
    ...base,
    question: red.text,
    normalizedQuestion: reading.normalized.text,
    redaction,
    status: abstain ? 'insufficient_evidence' : 'answered',
    text: abstain ? abstainText(decision) : renderText(drafted.verified.sentences),
    sentences: abstain
      ? drafted.verified.sentences.map((s) => ({ ...s, supported: false }))
      : [...drafted.verified.sentences, ...(dose.sentence ? [dose.sentence] : [])],
    citations,
    confidence: decision.confidence,
    composer: drafted.composer,
    ...(drafted.fallbackReason ? { fallbackReason: drafted.fallbackReason } : {}),
    ...(deps.llm && deps.prompt ? { promptVersion: deps.prompt.version, llmModel: deps.llm.model } : {}),
    ...(deps.reranker ? { reranker: deps.reranker.name } : {}),
    collections: profile.collections,
    channelProfile: profile.name,
    warnings,
    timings: {
      redactMs: round(tRedact - t0),
      retrievalMs: round(tRetrieve - tRedact),
      composeMs: round(tCompose - tRetrieve),
      totalMs: round(tEnd - t0),
    },
  };
  function abstainText(d: Decision): string {
    return d.offTopic ? OFF_TOPIC_TEXT : elsewhere.length ? CHANNEL_ABSTAIN_TEXT : ABSTAIN_TEXT;
  }
}

/** For an abstention: the closest sources (one chunk per document), quoted but explicitly not relied on. */
function closestSources(chunks: RetrievedChunk[], groups: TermGroups, idf: (t: string) => number, today: string) {
  const seen = new Set<string>();
  const picked: RetrievedChunk[] = [];
  for (const c of chunks) {
    if (seen.has(c.meta.docId)) continue;
    seen.add(c.meta.docId);
    picked.push(c);
    if (picked.length === 3) break;
  }
  return picked.map((c, i) => toCitation(i + 1, c, trimSnippet(bestUnits(c, groups, idf)[0]?.text ?? c.text, 300), today));
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
