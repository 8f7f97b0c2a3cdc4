/**
 * The pipeline: redact → normalize terms → retrieve (dense + lexical, fused) → compose (LLM or extractive)
 * → verify citations → label confidence (or abstain) → freshness. Returns an Answer value for every input;
 * throws only for faults (Chroma unreachable, embedder failure), which adapters turn into a safe reply.
 */
import { randomUUID } from 'node:crypto';
import type { Draft } from './compose/draft.js';
import { bestUnits, composeExtractive, type ExtractiveQuery } from './compose/extractive.js';
import { composeWithLlm, LlmComposeError } from './compose/llm.js';
import { trimSnippet } from './compose/present.js';
import { plain as unmarked } from './compose/units.js';
import { renderText, toCitation, verifyDraft } from './compose/verify.js';
import { workOutDose } from './compose/work-out-dose.js';
import { EXPANSION_WEIGHT, otherCollections, qualifierMismatch } from './confidence/abstention-reasons.js';
import { covers, evidenceFeatures, knownTo, type TermGroups, unknownTerms } from './confidence/features.js';
import { assess, relabel } from './confidence/labels.js';
import type { AnswerDeps } from './deps.js';
import type { ChannelProfile, Reranker } from './ports.js';
import { stripInstructions } from './question/injection.js';
import { type MedicineLexicon, unknownMedicines } from './question/medicines.js';
import { Qualifiers } from './question/qualifiers.js';
import {
  afterOf,
  asksForName,
  FRAME_WORDS,
  facetOf,
  framesFacet,
  isListQuestion,
  LIST_WORDS,
  negatedWords,
  ORDINAL_WORDS,
  ordinalOf,
} from './question/question-shape.js';
import { type QuestionValue, questionValues, spaceUnits } from './question/ranges.js';
import { type RefusalInput, refusal } from './question/refusal.js';
import { correctSpelling } from './question/spelling.js';
import type { Terminology } from './question/terminology.js';
import { nameLexicon } from './redact/lexicon.js';
import { describeRemoved, knownWords, onlyIdentifiers, redact, searchText } from './redact/redact.js';
import { nameSubject, rerankByCoverage } from './retrieve/rerank.js';
import { retrieve } from './retrieve/retrieve.js';
import { fold, terms, typedWords } from './text.js';
import type { Answer, Question, RetrievedChunk } from './types.js';

export const MAX_QUESTION_CHARS = 4000;

export { type AnswerDeps, type AnswerSettings, DEFAULT_SETTINGS } from './deps.js';

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

  const raw = typeof question.text === 'string' ? question.text : '';
  // Redact first, before anything else sees the text (length checks included, so a refusal stores no identifiers).
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

  // Follow-ups: a short question that leans on the previous one ("and in renal impairment?", "what about
  // children?", "is it safe in pregnancy?") borrows the previous user turn for retrieval. A short question on a
  // new topic ("What is in the sepsis hour-1 bundle?") must not: mixing topics loses both.
  const history = (question.history ?? []).map((t) => ({ role: t.role, text: redact(t.text, { known: knownWord }).text }));
  const lastUser = [...history].reverse().find((t) => t.role === 'user');
  // Words the knowledge base never uses may be cognates of listed terms ("ipoglicemia") or misspellings of its
  // own words ("nitrofurantion"); words it uses are taken as typed.
  const known = knownTo((t) => deps.lexical.docFrequency(t));
  const termOptions = { fuzzy: (w: string) => terms(w).every((t) => !known(t)) };
  // Redaction tokens ([NAME], [AGE 90+]) are no question words: spelling, retrieval and the unknown-term checks never see them.
  const plain = spaceUnits(searchText(red.text));
  const inTerms = new Set(deps.terminology.match(plain, termOptions).flatMap((m) => m.matched.split(' ')));
  const isEnglishWord = (w: string) => nameLexicon().english.has(w);
  const spelled = correctSpelling(plain, {
    docFrequency: (t) => deps.lexical.docFrequency(t),
    ...(deps.medicines ? { medicines: deps.medicines } : {}),
    isTerm: (w) => inTerms.has(w),
    isWord: isEnglishWord,
  });
  // "Trough came back 22": the phrase reports a result; "back" is no word the answer must contain.
  const asked = spelled.text.replace(/\b(?:came|come|comes|coming)\s+back\b/gi, ' ');
  // What the question's values, patient group and wording rule in or out (knowledge/qualifiers.yaml).
  const qualified = (deps.qualifiers ?? Qualifiers.empty()).read(asked);
  const implied = [...qualified.conditions, ...(qualified.conversion ? ['convert'] : [])];
  const own = implied.length ? `${asked}\n${implied.join(' ')}` : asked;
  // A follow-up borrows the previous user turn (see above).
  const borrowed = lastUser && isFollowUp(asked) ? `\n${searchText(lastUser.text)}` : '';
  const retrievalBase = `${own}${borrowed}`;
  const normalized = deps.terminology.normalize(retrievalBase, termOptions);
  const typedValues = questionValues(asked);
  const values = termAliases((deps.qualifiers ?? Qualifiers.empty()).withAliases(typedValues, asked), deps.terminology, asked);
  // A value's label that is also a unit ("Mg 4.2") names the analyte, not the milligrams of every dose table: the
  // question's word is read as the analyte's name wherever sources are matched against it.
  const groups = analyteNamed(deps.terminology.coverageGroups(retrievalBase, termOptions), typedValues, values);

  const retrieval = await retrieve(retrievalBase, deps, {
    expansion: normalized.expansion,
    expansionWeight: EXPANSION_WEIGHT,
    collections: profile.collections,
    candidates: deps.settings.candidates,
    denseWeight: deps.settings.denseWeight,
    lexicalWeight: deps.settings.lexicalWeight,
  });
  const idf = (t: string) => deps.lexical.idf(t);
  let injected = 0;
  const subject = nameSubject(asked, groups, idf, isEnglishWord);
  let reranked = rerankByCoverage(retrieval.chunks, groups, idf, undefined, subject);
  if (deps.reranker) reranked = await rerankWith(deps.reranker, red.text, reranked);
  retrieval.chunks = reranked.map((c) => {
    const clean = stripInstructions(c.text);
    injected += clean.removed;
    return clean.removed ? { ...c, text: clean.text } : c;
  });
  const tRetrieve = performance.now();
  if (options.onRetrieval) options.onRetrieval([...new Set(retrieval.chunks.map((c) => c.meta.docId))]);
  // The question's groups as typed: a word corrected into one the knowledge base uses still tells that the asked
  // word itself is absent ("exposome" searched as "exosome").
  const typed = deps.terminology.coverageGroups(`${plain}${borrowed}`, termOptions);
  const { scope, ...evidence } = evidenceFeatures({ text: retrievalBase, groups, typed }, retrieval, deps.lexical);

  const topChunks = retrieval.chunks.slice(0, deps.settings.maxCitations + 2);
  options.onProgress?.({
    stage: 'retrieved',
    collections: profile.collections,
    sources: new Set(topChunks.map((c) => c.meta.docId)).size,
    llm: Boolean(deps.llm && deps.prompt && topChunks.length > 0),
  });
  let draft: Draft;
  let composer: Answer['composer'] = 'extractive';
  let fallbackReason: string | undefined;
  const followUp = retrievalBase !== asked;
  const list = isListQuestion(asked);
  const ordinal = ordinalOf(asked);
  // "How does it present?", "what does it look like?": the words ask for a kind of fact, not for themselves.
  const framed = framesFacet(asked);
  const decimalDigits = new Set(values.filter((v) => !Number.isInteger(v.value)).flatMap((v) => terms(String(v.value))));
  const extractiveQuery: ExtractiveQuery = {
    // "What are the elements of the bundle?": "elements" asks for a list; the list need not say "element".
    // "What is the first-line drug": "line" names the place in a sequence, not a word the answer must contain.
    // "Mg 4.2": the value is read against the sources' ranges; its digits "4" and "2" are not words to match.
    groups: groups.filter(
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
    named: asksForName(asked),
    ...ordinal,
    ...afterOf(asked),
    pool: retrieval.chunks.slice(0, 10),
    ...(qualified.conversion ? { facet: /\bconvert|=\s*\d/i, conversion: true } : facetOf(asked)),
    negated: negatedWords(asked),
    prefer: qualified.prefer,
    avoid: qualified.avoid,
    ...(followUp ? { focus: deps.terminology.coverageGroups(asked, termOptions) } : {}),
  };
  const extractive = () =>
    composeExtractive(extractiveQuery, topChunks, idf, {
      maxSources: deps.settings.maxCitations,
      maxSentences: 4,
      following: (chunk) =>
        deps.lexical
          .window(chunk.id, 3)
          .filter((c) => c.meta.chunkIndex > chunk.meta.chunkIndex)
          .map((c) => ({ ...c, score: 0 })),
    });
  if (deps.llm && deps.prompt && topChunks.length > 0) {
    try {
      draft = await composeWithLlm(red.text, topChunks, deps.llm, {
        prompt: deps.prompt,
        budgetTokens: deps.settings.sourceTokenBudget,
        timeoutMs: deps.settings.llmTimeoutMs,
        history,
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
  const verified = verifyDraft(draft, today);
  const tCompose = performance.now();

  const supported = verified.sentences.filter((s) => s.supported);
  const confidence = assess(
    { ...evidence, support: verified.meanSupport, sources: Math.min(3, verified.citations.length) },
    deps.settings.thresholds,
  );
  if (draft.llm && !draft.llm.sufficient) confidence.features.llmSufficient = 0;
  const unknown = unknownWords(
    asked,
    unknownTerms(groups, (t) => deps.lexical.docFrequency(t)),
  );
  confidence.features.unknownTerms = unknown.length;
  // A word the knowledge base never uses ("Waterlow" beside a Braden table) may be the one that matters: such an
  // answer is shown at most as Low, "verify against the full source" (see labelCap in scripts/confidence-fit.ts).
  if (unknown.length && (confidence.label === 'high' || confidence.label === 'medium')) {
    relabel(confidence, 'low');
  }
  // A medicine the knowledge base never mentions: sources about other medicines do not answer for it.
  const absentMedicines = deps.medicines
    ? unknownWords(
        asked,
        unknownMedicines(groups, deps.medicines, (t) => deps.lexical.docFrequency(t)),
      )
    : [];
  confidence.features.unknownMedicine = absentMedicines.length > 0 ? 1 : 0;
  const apart = medicinesApart(groups, draft, deps.medicines);
  const ruledOut = (retrieval.chunks[0] ? qualifierMismatch(qualified, retrieval.chunks[0], deps) : undefined) ?? draft.outside ?? apart;
  confidence.features.qualifier = ruledOut ? 1 : 0;
  // The best source says it does not cover what was asked: abstain whatever the score (see features.scopeExclusion).
  const abstain =
    ruledOut !== undefined ||
    scope !== undefined ||
    absentMedicines.length > 0 ||
    supported.length === 0 ||
    confidence.label === 'insufficient' ||
    (draft.llm !== undefined && !draft.llm.sufficient);
  confidence.features.supported = supported.length;
  const byRule = absentMedicines.length > 0 || scope !== undefined || ruledOut !== undefined;
  // Nothing in the knowledge base is about this at all ("What's the wifi password for the ward?"): no closest
  // sources are listed, they would only be unrelated.
  const offTopic = abstain && !byRule && evidence.coverage < 0.25 && evidence.rare === 0 && evidence.lexical < 0.3;
  // A channel that searches only some document sets: would the others answer (better)? Asked for abstentions and
  // weak answers only, so a strong answer costs no second search.
  const elsewhere =
    (abstain || confidence.label === 'low') && !byRule && !offTopic
      ? await otherCollections(retrievalBase, normalized.expansion, groups, profile, deps, abstain ? 'low' : 'medium', typed)
      : [];
  if (abstain) {
    // The score is the final confidence the decision rests on: an abstention by rule scores below the abstention
    // threshold, under every answered question, keeping its order among abstentions.
    const low = deps.settings.thresholds.low;
    if (confidence.score >= low) confidence.score = Math.round(confidence.score * low * 0.5 * 10000) / 10000;
    relabel(confidence, 'insufficient');
    // The score can be high when a check outside it abstains: the meaning says which check, so "score 0.98" beside
    // "not enough evidence" does not read as a contradiction.
    confidence.meaning = absentMedicines.length
      ? 'the question names a medicine the knowledge base never mentions; sources about other medicines do not answer for it'
      : scope
        ? 'the closest source says it does not cover this, whatever the other sources match'
        : ruledOut
          ? "the closest source does not answer what the question's values, patient group or wording ask for"
          : offTopic
            ? 'this does not look like a question the clinical knowledge base covers'
            : elsewhere.length
              ? `the documents that may answer this are in ${notSearched(elsewhere, profile)}`
              : 'no document in the knowledge base covers this';
  }

  // A dose per kg the answer quotes, worked out for the weight the question or thread gives (issue 28).
  const dose = abstain
    ? { notes: [] }
    : workOutDose({
        question: red.text,
        history,
        sentences: verified.sentences,
        citations: verified.citations,
        sources: draft.sources,
        qualifiers: deps.qualifiers ?? Qualifiers.empty(),
      });
  const warnings: string[] = [...qualified.notes, ...dose.notes];
  if (ruledOut && !scope) warnings.push(ruledOut);
  if (redaction.redacted) warnings.push(describeRemoved(redaction.kinds));
  if (verified.removed > 0 && !abstain) {
    warnings.push(
      `${verified.removed} sentence${verified.removed > 1 ? 's were' : ' was'} removed because the cited sources did not support ${verified.removed > 1 ? 'them' : 'it'}.`,
    );
  }
  for (const c of spelled.corrections) {
    // The asker's own spelling is not repeated: it may be an identifier the redactor did not recognise.
    if (!c.medicine) warnings.push(`Did you mean "${c.corrected}"? Rounds searched for that spelling.`);
  }
  if (absentMedicines.length) {
    warnings.push(
      `The knowledge base has nothing on ${absentMedicines.map((w) => `"${w}"`).join(' or ')}: Rounds does not answer about a medicine from sources about other medicines. Check a drug reference or ask pharmacy.`,
    );
  } else if (unknown.length) {
    warnings.push(
      `The knowledge base never mentions ${unknown.map((w) => `"${w}"`).join(' or ')}: check that ${abstain ? 'the closest sources are' : 'the answer is'} about what you asked.`,
    );
  }
  if (elsewhere.length && !abstain) warnings.push(`A stronger match may be in ${notSearched(elsewhere, profile)}.`);
  if (scope) warnings.push(`The closest source, "${scope.title}", says it does not cover this: "${unmarked(scope.sentence)}"`);
  if (injected > 0)
    warnings.push('A source contained text that reads as instructions to an AI; it was ignored. Tell the knowledge-base editors.');
  if (fallbackReason) warnings.push(`The language model was unavailable (${fallbackReason}); this answer quotes the sources directly.`);

  const citations = offTopic ? [] : abstain ? closestSources(retrieval.chunks, groups, idf, today) : verified.citations;
  for (const c of citations) {
    for (const w of c.warnings) {
      warnings.push(
        `[${c.n}] ${c.title}: ${w.kind === 'past_review' ? `past its review date (${w.reviewBy})` : `superseded${w.by ? ` by ${w.by}` : ''}`}.`,
      );
    }
  }
  const tEnd = performance.now();
  return {
    ...base,
    question: red.text,
    normalizedQuestion: normalized.text,
    redaction,
    status: abstain ? 'insufficient_evidence' : 'answered',
    text: abstain ? (offTopic ? OFF_TOPIC_TEXT : elsewhere.length ? CHANNEL_ABSTAIN_TEXT : ABSTAIN_TEXT) : renderText(verified.sentences),
    sentences: abstain
      ? verified.sentences.map((s) => ({ ...s, supported: false }))
      : [...verified.sentences, ...(dose.sentence ? [dose.sentence] : [])],
    citations,
    confidence,
    composer,
    ...(fallbackReason ? { fallbackReason } : {}),
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
}

/** For an abstention: the closest sources (one chunk per document), quoted but explicitly not relied on. */
function closestSources(chunks: RetrievedChunk[], groups: string[][][], idf: (t: string) => number, today: string) {
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

const ANAPHORA =
  /^\s*(and|or|but|also|what about|how about|same|then)\b|\b(it|its|this|that|these|those|they|them|their|he|she|him|her|his|same|instead|there)\b/i;

export function isFollowUp(text: string): boolean {
  return terms(text).length < 6 && ANAPHORA.test(text);
}

/** "the pharmacy set, which this channel does not search (it searches general)". */
function notSearched(sets: string[], profile: ChannelProfile): string {
  return `the ${sets.join(' and ')} set${sets.length > 1 ? 's' : ''}, which this channel does not search (it searches ${profile.collections.join(', ')})`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** The asker's own spelling of the given stemmed terms ("Waterlow" for "waterlow"), first occurrence each. */
function unknownWords(question: string, stems: string[]): string[] {
  if (stems.length === 0) return [];
  const wanted = new Set(stems);
  const out = new Map<string, string>();
  for (const raw of typedWords(question)) {
    const [t] = terms(raw);
    if (t && wanted.has(t) && !out.has(t)) out.set(t, raw);
  }
  return [...out.values()];
}

/** Term groups with a unit-word label ("mg" in "Mg 4.2") replaced by the analyte name it was read as ("magnesium"). */
function analyteNamed(groups: TermGroups, typed: QuestionValue[], read: QuestionValue[]): TermGroups {
  const renamed = new Map<string, string[]>();
  typed.forEach((v, i) => {
    const label = read[i]?.label;
    if (v.label && label && label !== v.label) for (const t of terms(v.label)) renamed.set(t, terms(label));
  });
  if (renamed.size === 0) return groups;
  return groups.map((g) =>
    g.length === 1 && g[0]?.length === 1 && renamed.has(g[0][0] as string) ? [renamed.get(g[0][0] as string) as string[]] : g,
  );
}

/**
 * A value's label read under the terminology's other one-word names for it: "temp 38.5" as temperature, "grade 3" as
 * category, "creatinine clearance 75" as CrCl (the label ends a listed name the question uses).
 */
function termAliases(values: QuestionValue[], terminology: Terminology, question: string): QuestionValue[] {
  const inQuestion = terminology.match(question);
  return values.map((v) => {
    if (!v.label) return v;
    const label = v.label;
    const names = [...terminology.match(label), ...inQuestion.filter((m) => m.matched.split(' ').at(-1) === label)]
      .flatMap((m) => [m.group.canonical, ...m.group.names])
      .map((n) => fold(n))
      .filter((n) => /^[a-z0-9]+$/.test(n) && n !== v.label);
    return names.length ? { ...v, aliases: [...new Set([...(v.aliases ?? []), ...names])] } : v;
  });
}

/**
 * A question naming two medicines or more ("apixaban and clarithromycin ok?") asks about them together: when no
 * quoted passage names them all (the interaction table has a warfarin–clarithromycin row and an apixaban–rifampicin
 * row, none for apixaban with clarithromycin), the sources do not answer it, whatever each row says of one of them.
 */
function medicinesApart(groups: TermGroups, draft: Draft, medicines: MedicineLexicon | undefined): string | undefined {
  if (!medicines || draft.sentences.length === 0) return undefined;
  const named = groups.filter((g) => g.some((alt) => medicines.named(alt).length > 0));
  if (named.length < 2) return undefined;
  const together = draft.sentences.some((s) => {
    const cited = s.citations.map((i) => draft.sources[i - 1]).filter((c): c is RetrievedChunk => c !== undefined);
    const own = new Set(terms(`${s.text} ${cited.map((c) => c.meta.headingPath.join(' ')).join(' ')}`));
    return named.every((g) => covers(g, (t) => own.has(t)));
  });
  if (together) return undefined;
  // ...and the lead passage is about another pairing: it names a medicine the question does not ("Warfarin" in the
  // warfarin–clarithromycin row). A lead naming only asked medicines answers for them ("INR 5.0–8.0, no bleeding:
  // withhold warfarin" for "on warfarin, INR 5.5, give vit K?").
  const leadTerms = terms(draft.sentences[0]?.text ?? '');
  const asked = new Set(named.flatMap((g) => g.flat()));
  const others = medicines.named(leadTerms).filter((m) => !m.terms.every((t) => asked.has(t)));
  if (others.length === 0) return undefined;
  const names = named.map((g) => (g[0] ?? []).join(' '));
  return `No passage of the best sources names ${names.slice(0, -1).join(', ')} and ${names.at(-1)} together.`;
}
