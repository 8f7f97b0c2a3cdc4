/**
 * Stage 1 of an answer: the question read. Everything later stages know of the question comes from here: the text
 * searched (spelling corrected, qualifiers' conditions added, a follow-up's borrowed turn), its term groups, the
 * patient's values, the patient group, and the shape of the answer asked for.
 */
import type { TermGroups } from '../confidence/features.js';
import { knownTo } from '../confidence/features.js';
import type { AnswerDeps } from '../deps.js';
import { nameLexicon } from '../redact/lexicon.js';
import { searchText } from '../redact/redact.js';
import { fold, terms } from '../text.js';
import type { Turn } from '../types.js';
import { type PopulationReading, questionPopulation, valueUnitTerms } from './population.js';
import { type Qualified, Qualifiers } from './qualifiers.js';
import { questionPart } from './question-part.js';
import { type QuestionValue, questionValues, spaceUnits } from './ranges.js';
import { type Correction, correctSpelling } from './spelling.js';
import type { Normalized, Terminology } from './terminology.js';

export interface Reading {
  /** The redacted question as typed (what is shown and stored). */
  redacted: string;
  /** Redacted text without its identifier tokens, units spaced: what spelling and terminology read. */
  plain: string;
  /** The question as searched: spelling corrected, reporting phrases dropped. */
  asked: string;
  corrections: Correction[];
  qualified: Qualified;
  /** What retrieval searches: the asked text, implied conditions, a follow-up's borrowed turn. */
  retrievalBase: string;
  /** The borrowed previous turn of a follow-up ('' for a question that stands alone). */
  borrowed: string;
  followUp: boolean;
  normalized: Normalized;
  termOptions: { fuzzy: (w: string) => boolean };
  /** The patient's values as typed, and read with their analytes' other names. */
  typedValues: QuestionValue[];
  values: QuestionValue[];
  /** The question's term groups (coverage is measured on these). */
  groups: TermGroups;
  /** The groups as typed, before spelling correction. */
  typed: TermGroups;
  /** The patient groups the question names. */
  population: PopulationReading;
  /** Redacted earlier turns of the thread. */
  history: Turn[];
  /** The question part read, when the message held more (greetings, thanks, further questions). */
  part?: string;
}

const ANAPHORA =
  /^\s*(and|or|but|also|what about|how about|same|then)\b|\b(it|its|this|that|these|those|they|them|their|he|she|him|her|his|same|instead|there)\b/i;

/** A short question leaning on the previous one ("and in renal impairment?", "what about children?"). */
export function isFollowUp(text: string): boolean {
  return terms(text).length < 6 && ANAPHORA.test(text);
}

export function readQuestion(
  redacted: string,
  history: Turn[],
  deps: Pick<AnswerDeps, 'lexical' | 'terminology' | 'qualifiers' | 'medicines'>,
): Reading {
  const lastUser = [...history].reverse().find((t) => t.role === 'user');
  // Words the knowledge base never uses may be cognates of listed terms ("ipoglicemia") or misspellings of its
  // own words ("nitrofurantion"); words it uses are taken as typed.
  const known = knownTo((t) => deps.lexical.docFrequency(t));
  const termOptions = { fuzzy: (w: string) => terms(w).every((t) => !known(t)) };
  // Redaction tokens ([NAME], [AGE 90+]) are no question words: spelling, retrieval and the unknown-term checks never see them.
  const part = questionPart(redacted);
  const plain = spaceUnits(searchText(part.text));
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
  const qualifiers = deps.qualifiers ?? Qualifiers.empty();
  // What the question's values, patient group and wording rule in or out (knowledge/qualifiers.yaml).
  const qualified = qualifiers.read(asked);
  const implied = [...qualified.conditions, ...(qualified.conversion ? ['convert'] : [])];
  const own = implied.length ? `${asked}\n${implied.join(' ')}` : asked;
  const borrowed = lastUser && isFollowUp(asked) ? `\n${searchText(lastUser.text)}` : '';
  const retrievalBase = `${own}${borrowed}`;
  const normalized = deps.terminology.normalize(retrievalBase, termOptions);
  const typedValues = questionValues(asked);
  const values = termAliases(qualifiers.withAliases(typedValues, asked), deps.terminology, asked);
  // A value's label that is also a unit ("Mg 4.2") names the analyte, not the milligrams of every dose table: the
  // question's word is read as the analyte's name wherever sources are matched against it.
  // A follow-up naming no patient group ("what about the fluid bolus?") is about the thread's patient.
  // A question naming no patient group is about the thread's patient ("my patient is a 15 kg child", then "what
  // about the fluid bolus?" or "what is the adenosine dose for SVT?"): the latest user turn that names one.
  const named = questionPopulation(asked);
  const population = named.groups.length
    ? named
    : ([...history]
        .reverse()
        .filter((t) => t.role === 'user')
        .map((t) => questionPopulation(searchText(t.text)))
        .find((p) => p.groups.length > 0) ?? named);
  // The units of the patient's stated age or weight ("44 lb", "4 yo") are values, like the numbers before them.
  const units = valueUnitTerms(asked);
  const notUnit = (g: TermGroups[number]) => !g.every((alt) => alt.every((t) => units.has(t)));
  const groups = analyteNamed(deps.terminology.coverageGroups(retrievalBase, termOptions), typedValues, values).filter(notUnit);
  // The question's groups as typed: a word corrected into one the knowledge base uses still tells that the asked
  // word itself is absent ("exposome" searched as "exosome").
  const typed = deps.terminology.coverageGroups(`${plain}${borrowed}`, termOptions).filter(notUnit);
  return {
    redacted,
    plain,
    asked,
    corrections: spelled.corrections,
    qualified,
    retrievalBase,
    borrowed,
    followUp: retrievalBase !== asked,
    normalized,
    termOptions,
    typedValues,
    values,
    groups,
    typed,
    population,
    history,
    ...(part.trimmed ? { part: part.text } : {}),
  };
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
