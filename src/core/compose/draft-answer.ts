/**
 * Stage 3 of an answer: the draft. An LLM with the versioned prompt when one is configured (its faults fall back to
 * the extractive answer, marked as such), else the passage that answers, quoted; then every sentence verified
 * against the source it cites.
 */
import type { TermGroups } from '../confidence/features.js';
import type { AnswerDeps } from '../deps.js';
import { type MedicineLexicon, oneMedicine, passageNames } from '../question/medicines.js';
import {
  afterOf,
  asksForName,
  assertedWords,
  FRAME_WORDS,
  facetOf,
  framesFacet,
  isListQuestion,
  LIST_WORDS,
  negatedWords,
  ORDINAL_WORDS,
  ordinalOf,
} from '../question/question-shape.js';
import type { Reading } from '../question/read-question.js';
import { impliedDose, valueKindOf } from '../question/value-kind.js';
import type { Sources } from '../retrieve/find-sources.js';
import { terms } from '../text.js';
import type { Answer, RetrievedChunk } from '../types.js';
import type { Draft } from './draft.js';
import { composeExtractive, type ExtractiveQuery } from './extractive.js';
import { composeWithLlm, LlmComposeError } from './llm.js';
import { type Verified, verifyDraft } from './verify.js';

export interface Drafted {
  draft: Draft;
  verified: Verified;
  composer: Answer['composer'];
  fallbackReason?: string;
}

/** The chunks a draft may quote: the best few, and two more for a list or a second source. */
export function quotable(sources: Sources, deps: AnswerDeps): RetrievedChunk[] {
  return sources.retrieval.chunks.slice(0, deps.settings.maxCitations + 2);
}

/** What the extractive composer needs to know of the question (see ExtractiveQuery). */
export function extractiveQuery(reading: Reading, sources: Sources, deps: AnswerDeps): ExtractiveQuery {
  const { asked, values, qualified } = reading;
  const list = isListQuestion(asked);
  const ordinal = ordinalOf(asked);
  // "How does it present?", "what does it look like?": the words ask for a kind of fact, not for themselves.
  const framed = framesFacet(asked);
  const medicine = oneMedicine(reading.groups, deps.medicines)?.own;
  const kind = valueKindOf(asked) ?? impliedDose(asked, medicine !== undefined);
  const decimalDigits = new Set(values.filter((v) => !Number.isInteger(v.value)).flatMap((v) => terms(String(v.value))));
  return {
    // "What are the elements of the bundle?": "elements" asks for a list; the list need not say "element".
    // "What is the first-line drug": "line" names the place in a sequence, not a word the answer must contain.
    // "Mg 4.2": the value is read against the sources' ranges; its digits "4" and "2" are not words to match.
    groups: reading.groups.filter(
      (g) =>
        !g.every((alt) =>
          alt.every(
            (t) =>
              (list && LIST_WORDS.has(t)) ||
              (ordinal.ordinal !== undefined && ORDINAL_WORDS.has(t)) ||
              decimalDigits.has(t) ||
              (framed && FRAME_WORDS.has(t)),
          ),
        ),
    ),
    values,
    list,
    ...(medicine ? { medicine } : {}),
    named: asksForName(asked),
    ...ordinal,
    ...afterOf(asked),
    pool: sources.retrieval.chunks.slice(0, 10),
    ...(qualified.conversion ? { facet: /\bconvert|=\s*\d/i, conversion: true } : kind ? { kind } : facetOf(asked)),
    negated: negatedWords(asked),
    asserted: assertedWords(asked),
    prefer: qualified.prefer,
    avoid: qualified.avoid,
    population: reading.population.groups,
    ...(reading.followUp ? { focus: deps.terminology.coverageGroups(asked, reading.termOptions) } : {}),
  };
}

/**
 * The chunks either side of the leading chunk, read with it: a chunk's borders are the splitter's, not the author's.
 * A protocol's special considerations can outrank its numbered steps, where the dose is ("fluid bolus for a septic
 * child": 20 mL/kg sits in the steps of the chunk before). Radius 1 and 2 measure alike on protocols-dev.
 */
const NEIGHBOURS = 2;

export async function draftAnswer(reading: Reading, sources: Sources, deps: AnswerDeps, today: string): Promise<Drafted> {
  const topChunks = quotable(sources, deps);
  const query = extractiveQuery(reading, sources, deps);
  const extractive = () =>
    composeExtractive(query, topChunks, (t) => deps.lexical.idf(t), {
      maxSources: deps.settings.maxCitations,
      maxSentences: 4,
      following: (chunk) =>
        deps.lexical
          .window(chunk.id, 3)
          .filter((c) => c.meta.chunkIndex > chunk.meta.chunkIndex)
          .map((c) => ({ ...c, score: 0 })),
      neighbours: (chunk) =>
        deps.lexical
          .window(chunk.id, NEIGHBOURS)
          .filter((c) => c.id !== chunk.id)
          .map((c) => ({ ...c, score: 0 })),
    });
  let draft: Draft;
  let composer: Answer['composer'] = 'extractive';
  let fallbackReason: string | undefined;
  if (deps.llm && deps.prompt && topChunks.length > 0) {
    try {
      draft = await composeWithLlm(reading.redacted, topChunks, deps.llm, {
        prompt: deps.prompt,
        budgetTokens: deps.settings.sourceTokenBudget,
        timeoutMs: deps.settings.llmTimeoutMs,
        history: reading.history,
      });
      composer = 'llm';
    } catch (error) {
      if (!(error instanceof LlmComposeError)) throw error;
      draft = extractive();
      composer = 'extractive_fallback';
      fallbackReason = error.reason;
    }
  } else {
    draft = extractive();
  }
  if (composer !== 'llm') draft = medicineFirst(draft, reading.groups, deps.medicines);
  return { draft, verified: verifyDraft(draft, today), composer, ...(fallbackReason ? { fallbackReason } : {}) };
}

/**
 * An answer about one medicine leads with what passages naming it say: the sentences quoted from passages that never
 * name it (an oxygen line beside the amiodarone reference, a calcium line for a naloxone question) follow them. The
 * order within each part stays the composer's.
 */
export function medicineFirst(draft: Draft, groups: TermGroups, medicines: MedicineLexicon | undefined): Draft {
  const one = oneMedicine(groups, medicines);
  if (!one || draft.sentences.length < 2) return draft;
  const naming = draft.sentences.filter((s) => s.citations.some((i) => passageNames(draft.sources[i - 1], one.own)));
  if (naming.length === 0 || naming[0] === draft.sentences[0]) return draft;
  return { ...draft, sentences: [...naming, ...draft.sentences.filter((s) => !naming.includes(s))] };
}
