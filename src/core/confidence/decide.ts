/**
 * Stage 4 of an answer: answer or abstain, and at what confidence. The score is the fitted model over the evidence
 * features; checks outside it abstain whatever the score: the closest source says it does not cover this, the
 * question names a medicine the knowledge base never mentions, the best source answers another patient group or
 * the opposite side, the patient's reading falls in none of the sources' rows, two medicines asked about together
 * are named together nowhere. An answer naming a word the knowledge base never uses is shown at most as Low.
 */

import type { Draft } from '../compose/draft.js';
import type { Drafted } from '../compose/draft-answer.js';
import type { AnswerDeps } from '../deps.js';
import type { ChannelProfile } from '../ports.js';
import { type MedicineLexicon, oneMedicine, passageNames, unknownMedicines } from '../question/medicines.js';
import { chunkPopulation, groupName, isChildGroup, namedGroups, type Population } from '../question/population.js';
import { afterOf } from '../question/question-shape.js';
import { rangeFit } from '../question/ranges.js';
import type { Reading } from '../question/read-question.js';
import { KIND_WORDS, type KindReading, valueKindOf } from '../question/value-kind.js';
import type { Sources } from '../retrieve/find-sources.js';
import { isWeakTerm, terms, typedWords } from '../text.js';
import type { AnswerSentence, Confidence, RetrievedChunk } from '../types.js';
import { otherCollections, populationMismatch, qualifierMismatch } from './abstention-reasons.js';
import { answerSignals } from './answer-signals.js';
import { covers, type ScopeExclusion, type TermGroups, unknownTerms } from './features.js';
import { assess, relabel } from './labels.js';

export interface Decision {
  confidence: Confidence;
  abstain: boolean;
  /** Nothing in the knowledge base is about this at all: no closest sources are listed. */
  offTopic: boolean;
  /** Other document sets that would answer, for a channel that does not search them. */
  elsewhere: string[];
  /** Why the best source does not answer the question's values, group or wording. */
  ruledOut: string | undefined;
  scope: ScopeExclusion | undefined;
  absentMedicines: string[];
  /** Question words the knowledge base never uses, as typed. */
  unknown: string[];
  /** The answer quotes a protocol for another patient group than the question says (or, unsaid, for children). */
  groupNote?: string;
  /** The question asks for a dose of a medicine no quoted passage names. */
  notQuoted?: string;
  /** The line quoted first is for an age band the patient is not in. */
  ageNote?: string;
}

export async function decide(
  reading: Reading,
  sources: Sources,
  drafted: Drafted,
  deps: AnswerDeps,
  profile: ChannelProfile,
): Promise<Decision> {
  const { draft, verified } = drafted;
  const { groups, asked } = reading;
  const { evidence, scope, retrieval } = sources;
  const supported = verified.sentences.filter((s) => s.supported);
  const signals = answerSignals(
    { groups, values: reading.values, population: reading.population.groups, kind: valueKindOf(asked) },
    verified,
    draft.sources,
    (t) => deps.lexical.idf(t),
    sources.weak,
  );
  const confidence = assess(
    { ...evidence, ...signals, support: verified.meanSupport, sources: Math.min(3, verified.citations.length) },
    deps.settings.thresholds,
    deps.settings.model,
  );
  if (draft.llm && !draft.llm.sufficient) confidence.features.llmSufficient = 0;
  const unknown = unknownWords(
    asked,
    unknownTerms(groups, (t) => deps.lexical.docFrequency(t)),
  );
  confidence.features.unknownTerms = unknown.length;
  // A question naming no patient group answered from a protocol written for children only: said, and shown at most
  // as Low, for the reader to check it is a child (an adult question must never get a child's per-kg dose unawares).
  const groupNote = childSourceNote(reading, verified, draft.sources);
  if (groupNote && (confidence.label === 'high' || confidence.label === 'medium')) relabel(confidence, 'low', deps.settings.model);
  // The line quoted first is for an age band the patient is not in ("≥ 4 years old" for a 3-year-old): it may be the
  // answer ("not under 4"), but it is never shown as more than Low, and the reader is told.
  const ageNote = ageOutside(reading, verified);
  if (ageNote && (confidence.label === 'high' || confidence.label === 'medium')) relabel(confidence, 'low', deps.settings.model);
  // A word the knowledge base never uses ("Waterlow" beside a Braden table) may be the one that matters: such an
  // answer is shown at most as Low, "verify against the full source" (see labelCap in scripts/confidence-fit.ts).
  if (unknown.length && (confidence.label === 'high' || confidence.label === 'medium')) relabel(confidence, 'low', deps.settings.model);
  // A medicine the knowledge base never mentions: sources about other medicines do not answer for it.
  const absentMedicines = deps.medicines
    ? unknownWords(
        asked,
        unknownMedicines(groups, deps.medicines, (t) => deps.lexical.docFrequency(t)),
      )
    : [];
  confidence.features.unknownMedicine = absentMedicines.length > 0 ? 1 : 0;
  const apart = medicinesApart(groups, draft, deps.medicines);
  // Asked for a dose of one medicine, quoted about another: abstain, and still look in the sets the channel does not
  // search (unlike a rule about the knowledge base, this says only that these passages do not answer).
  const kind = valueKindOf(asked);
  // A medicine the knowledge base never mentions has its own reason (above); this one would only repeat it.
  const notQuoted = absentMedicines.length
    ? undefined
    : (((kind?.kind === 'dose' || kind?.kind === 'threshold') && !reading.qualified.conversion && !afterOf(asked).after
        ? medicineNotQuoted(groups, drafted, deps.medicines, kind)
        : undefined) ??
      medicineUnnamed(groups, draft, deps.medicines) ??
      valueNotStated(asked, drafted, kind, groups) ??
      childDoseForAdult(reading, drafted, draft.sources));
  const top = retrieval.chunks[0];
  const ruledOut =
    (top ? (qualifierMismatch(reading.qualified, top, deps) ?? populationMismatch(reading.population, top)) : undefined) ??
    draft.outside ??
    apart;
  confidence.features.qualifier = ruledOut ? 1 : 0;
  // Recorded for the fit: answers these checks abstain on or cap are not scored as the model's own.
  confidence.features.notQuoted = notQuoted ? 1 : 0;
  confidence.features.childSource = groupNote ? 1 : 0;
  const abstain =
    ruledOut !== undefined ||
    notQuoted !== undefined ||
    scope !== undefined ||
    absentMedicines.length > 0 ||
    supported.length === 0 ||
    confidence.label === 'insufficient' ||
    (draft.llm !== undefined && !draft.llm.sufficient);
  confidence.features.supported = supported.length;
  const byRule = absentMedicines.length > 0 || scope !== undefined || ruledOut !== undefined;
  // Nothing in the knowledge base is about this at all ("What's the wifi password for the ward?"): no closest
  // sources are listed, they would only be unrelated.
  // A question naming a medicine the knowledge base mentions is a clinical question, however poorly it matched.
  const knownMedicine = (deps.medicines?.named(groups.flat(2)) ?? []).some((m) => m.terms.every((t) => deps.lexical.docFrequency(t) > 0));
  const offTopic = abstain && !byRule && !knownMedicine && evidence.coverage < 0.25 && evidence.rare === 0 && evidence.lexical < 0.3;
  // A channel that searches only some document sets: would the others answer (better)? Asked for abstentions and
  // weak answers only, so a strong answer costs no second search.
  const elsewhere =
    (abstain || confidence.label === 'low') && !byRule && !offTopic
      ? await otherCollections(
          reading.retrievalBase,
          reading.normalized.expansion,
          groups,
          profile,
          deps,
          abstain ? 'low' : 'medium',
          reading.typed,
        )
      : [];
  if (abstain) {
    // The score is the final confidence the decision rests on: an abstention by rule scores below the abstention
    // threshold, under every answered question, keeping its order among abstentions.
    const low = deps.settings.thresholds.low;
    if (confidence.score >= low) confidence.score = Math.round(confidence.score * low * 0.5 * 10000) / 10000;
    relabel(confidence, 'insufficient', deps.settings.model);
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
  return {
    confidence,
    abstain,
    offTopic,
    elsewhere,
    ruledOut,
    scope,
    absentMedicines,
    unknown,
    ...(groupNote ? { groupNote } : {}),
    ...(ageNote ? { ageNote } : {}),
    ...(notQuoted ? { notQuoted } : {}),
  };
}

function ageOutside(reading: Reading, verified: Drafted['verified']): string | undefined {
  const age = reading.values.find((v) => v.age);
  const lead = verified.sentences.find((s) => s.supported);
  if (!age || !lead || rangeFit(lead.text, [age]) !== -1) return undefined;
  const said = age.value < 1 ? `${Math.round(age.value * 12)} months` : `${Math.round(age.value * 10) / 10} years`;
  return `The first quoted line is for another age band than the patient's (${said}): read the source for the line that applies.`;
}

/**
 * A question about an adult ("a 30 yo", "adult") whose first quoted line states an amount from a document written
 * only for children: a colour-code chart's "Midazolam IN/IM 3.2mg" is a 16 kg child's dose. The document's group here
 * includes what its text says (a chart of ages and weights), not only its title: a child's amount is never an adult's.
 */
function childDoseForAdult(reading: Reading, drafted: Drafted, sources: RetrievedChunk[]): string | undefined {
  const asked = reading.population.groups;
  if (!asked.includes('adult') || asked.some(isChildGroup)) return undefined;
  const lead = drafted.verified.sentences.find((s) => s.supported);
  if (!lead || !/\d\s*(?:mg|mcg|micrograms?|g|gm|ml|meq|mmol|units?)\b/i.test(lead.text)) return undefined;
  const cited = drafted.verified.citations.find((c) => c.n === lead.citations[0]);
  const chunk = cited ? sources.find((c) => c.id === cited.chunkId) : undefined;
  // A line naming its group ("Adult Dose: Seizure 10mg IM/IN" in a reference typed for children by its many
  // children's lines) is for that group.
  const own = namedGroups(lead.text);
  const groups = own.length ? own : chunk ? chunkPopulation(chunk) : [];
  if (!chunk || groups.length === 0 || !groups.every(isChildGroup)) return undefined;
  const who = reading.population.cue && /\d/.test(reading.population.cue) ? `an adult (${reading.population.cue})` : 'an adult';
  return `The closest dose is from "${chunk.meta.title}", written for ${groupName(groups[0] as Population)}; the question is about ${who}. Rounds does not give a child's dose for an adult: use the adult protocol or drug reference.`;
}

function childSourceNote(reading: Reading, verified: Drafted['verified'], sources: RetrievedChunk[]): string | undefined {
  if (reading.population.groups.length > 0) return undefined;
  const lead = verified.sentences.find((s) => s.supported);
  const cited = lead ? verified.citations.find((c) => c.n === lead.citations[0]) : undefined;
  const chunk = cited ? sources.find((c) => c.id === cited.chunkId) : undefined;
  if (!chunk) return undefined;
  const groups =
    chunk.meta.topic !== undefined ? chunkPopulation(chunk) : namedGroups(`${chunk.meta.title} ${chunk.meta.headingPath.join(' ')}`);
  if (groups.length === 0 || !groups.every(isChildGroup)) return undefined;
  return `The answer quotes "${chunk.meta.title}", written for ${groupName(groups[0] as Population)}; the question does not say the patient is a child. Check it applies before acting.`;
}

/** "the pharmacy set, which this channel does not search (it searches general)". */
export function notSearched(sets: string[], profile: ChannelProfile): string {
  return `the ${sets.join(' and ')} set${sets.length > 1 ? 's' : ''}, which this channel does not search (it searches ${profile.collections.join(', ')})`;
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

/**
 * Kinds of value that are one reading a source states or does not (a temperature, a target). Not an energy or a
 * ratio: "energy metabolism" and "a ratio" are what a study is about as often as values asked for.
 */
const STATED_KINDS = new Set(['temperature', 'target']);

/**
 * A temperature or a target asked for and stated by no quoted sentence about the situation the question names: the passages are
 * about the question ("targeted temperature management" for "target temperature after ROSC") but do not give the
 * value, or give one for another situation (a hyperthermic patient's "temperature greater than 39C" is no target
 * after ROSC).
 */
function valueNotStated(asked: string, drafted: Drafted, kind: KindReading | undefined, groups: TermGroups): string | undefined {
  if (!kind || !STATED_KINDS.has(kind.kind)) return undefined;
  const supported = drafted.verified.sentences.filter((s) => s.supported);
  // The situation the value is for ("after ROSC", "5 mins after birth", "during transfer"), in the sentence or in the
  // titles, headings and quoted text of its sources.
  const situation = new Set(situationTerms(asked));
  const named = groups.filter((g) => g.some((alt) => alt.some((t) => situation.has(t))));
  const about = (s: AnswerSentence) => {
    const text = quotedTerms(s, drafted, true);
    return named.every((g) => covers(g, (t) => text.has(t)));
  };
  if (supported.length === 0 || supported.some((s) => kind.states.test(s.text) && about(s))) return undefined;
  return `No quoted passage states the ${kind.kind === 'target' ? 'target value' : kind.kind} asked for: the closest passages are about the question but do not give it.`;
}

/** A quoted sentence's terms with its sources' titles and headings (and, asked, the text quoted from them). */
function quotedTerms(s: AnswerSentence, drafted: Drafted, withSnippet = false): Set<string> {
  const cited = s.citations.map((n) => drafted.verified.citations.find((c) => c.n === n)).filter((c) => c !== undefined);
  return new Set(
    terms(`${s.text} ${cited.map((c) => `${c.title} ${c.headingPath.join(' ')}${withSnippet ? ` ${c.snippet}` : ''}`).join(' ')}`),
  );
}

/** The words naming a situation after a time word ("after ROSC", "post partum", "during transfer"): up to three, to the first everyday word. */
export function situationTerms(question: string): string[] {
  const out: string[] = [];
  for (const m of question.matchAll(/\b(?:after|post|following|during)[\s-]+((?:[\p{L}\p{N}]+\s*){1,3})/giu))
    for (const t of terms(m[1] as string)) {
      if (isWeakTerm(t)) break;
      if (!KIND_WORDS.has(t)) out.push(t);
    }
  return out;
}

/**
 * Asked for a value of one medicine (a dose, a rate), the answer must state it in a passage that names that medicine
 * (in its words, its label or step, or its section): "vanc dose for a 7 year old" answered with the adrenaline doses of
 * a children's guideline, "amiodarone for stable VT" with a defibrillation row, "calcium gluconate dose" with a line
 * naming calcium gluconate beside another stating calcium chloride's dose. A dose of another medicine is never the
 * answer, whatever else the passage shares with the question.
 */
function medicineNotQuoted(
  groups: TermGroups,
  drafted: Drafted,
  medicines: MedicineLexicon | undefined,
  kind: KindReading,
): string | undefined {
  const supported = drafted.verified.sentences.filter((s) => s.supported);
  if (supported.length === 0) return undefined;
  const one = oneMedicine(groups, medicines);
  if (!one) return undefined;
  const { medicine, own } = one;
  const said = (s: AnswerSentence) => quotedTerms(s, drafted);
  const stated = supported.some((s) => {
    const text = said(s);
    return own.every((g) => covers(g, (t) => text.has(t))) && kind.states.test(s.text);
  });
  if (stated) return undefined;
  // The lead quoted under a label saying this use is not allowed ("Other Common Indications (Not authorized for EMS
  // administration): … Treatment of beta-blocker overdose"), naming the medicine and all the question asks about, is
  // the answer: there is no dose to give.
  const lead = supported[0] as AnswerSentence;
  const label = /^([^:]{3,160}):\s/.exec(lead.text)?.[1];
  const leadText = said(lead);
  if (label && /\bnot\b|\bnever\b|\bdo not\b/i.test(label) && groups.every((g) => covers(g, (t) => leadText.has(t) || KIND_WORDS.has(t))))
    return undefined;
  const name = medicine.name;
  return `No quoted passage gives ${kind.kind === 'dose' ? 'a dose of' : 'a threshold for'} ${name}: Rounds does not answer about one medicine from a passage about another.`;
}

/**
 * Whatever is asked of one medicine ("the trough level target for vancomycin"), a passage the answer quotes must name
 * it somewhere (its text, title or section): a channel that cannot search the pharmacy set otherwise answers with the
 * transfusion guideline's "target of 70–90 g/L", which shares only "target".
 */
function medicineUnnamed(groups: TermGroups, draft: Draft, medicines: MedicineLexicon | undefined): string | undefined {
  if (draft.sentences.length === 0) return undefined;
  const one = oneMedicine(groups, medicines);
  if (!one) return undefined;
  const cited = new Set(draft.sentences.flatMap((s) => s.citations));
  if ([...cited].some((i) => passageNames(draft.sources[i - 1], one.own))) return undefined;
  return `No quoted passage names ${one.medicine.name}: Rounds does not answer about a medicine from passages that never name it.`;
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
