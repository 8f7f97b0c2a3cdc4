/**
 * The answer's weight-based dose, worked out for the patient: when a quoted sentence or row states a dose per kg
 * and the question (or an earlier turn of the thread) gives the weight, one line of checkable arithmetic linked to
 * the quote's citation ("For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg (within the 2.5 mg maximum) [1]"). When it cannot
 * be worked out safely, a short note says why instead: no weight, a weight in pounds or without a unit, more than
 * one weight, a weight implausible for the patient group, a source written for another patient group, a maximum
 * that cannot be compared. Runs after verification, on answered questions only (never on an abstention).
 */
import type { Qualifiers } from '../question/qualifiers.js';
import { terms } from '../text.js';
import type { AnswerSentence, Citation, RetrievedChunk, Turn } from '../types.js';
import { type WorkOutFailure, workOut } from './dose-calculation.js';
import { type DosePart, type ParsedDose, parseDose } from './dose-parse.js';
import { checkWeight, groupsDisagree, questionGroups, sourceGroups } from './patient-group.js';
import { units } from './units.js';
import { verifyCalculation } from './verify.js';
import { readWeight } from './weight.js';

export interface DoseInput {
  /** The redacted question and the redacted earlier turns. */
  question: string;
  history: Turn[];
  /** The verified sentences and citations of the answer, and the chunks the draft cited (by chunk id). */
  sentences: AnswerSentence[];
  citations: Citation[];
  sources: RetrievedChunk[];
  qualifiers: Qualifiers;
}

export interface DoseOutcome {
  /** The calculation, as a sentence of kind 'calculation' citing the quote's source. */
  sentence?: AnswerSentence;
  /** Why no dose was worked out, in plain words (shown with the answer's other notes). */
  notes: string[];
}

export const NO_WEIGHT_NOTE = 'Give the weight to have the dose worked out.';

const FAILURE_NOTES: Record<WorkOutFailure, string> = {
  no_per_kg_dose: '',
  maximum_not_comparable:
    'No dose was worked out: the quoted maximum cannot be compared with the dose (another unit or period); work it out from the quote.',
  inconsistent_quote: 'No dose was worked out: the quote gives two figures for the same dose that disagree.',
};

interface Quoted {
  quote: string;
  parsed: ParsedDose;
  citation: number;
  chunk: RetrievedChunk;
}

const samePart = (a: DosePart, b: DosePart) =>
  a.unit.key === b.unit.key && a.period === b.period && a.lo.equals(b.lo) && (a.hi ?? a.lo).equals(b.hi ?? b.lo);

/**
 * The answer sentence stating a dose per kg that names most of the question's words (the first such sentence on a
 * tie: the composer's order), and the unit of its cited chunk it quotes: the sentence itself for a quote, or the
 * unit stating the same per-kg doses for an LLM's wording of it. "Morphine infusion for a 15 kg child" is worked out
 * from the morphine sentence even where a fluid bolus sentence leads the answer.
 */
function quotedDose(input: DoseInput): Quoted | undefined {
  const asked = new Set(terms(input.question).filter((t) => !/^\d/.test(t)));
  const chunkFor = (n: number) => input.sources.find((c) => c.id === input.citations.find((x) => x.n === n)?.chunkId);
  // A sentence is read under its section's heading ("Anaphylaxis" above the IM adrenaline row).
  const named = (s: AnswerSentence) => {
    const headings = s.citations.flatMap((n) => chunkFor(n)?.meta.headingPath ?? []).join(' ');
    return new Set(terms(`${headings} ${s.text}`).filter((t) => asked.has(t))).size;
  };
  const dosed = input.sentences
    .filter((s) => s.supported && s.kind !== 'calculation')
    .map((s) => ({ s, said: parseDose(s.text), named: named(s) }))
    .filter((d) => d.said.parts.length > 0)
    .sort((a, b) => b.named - a.named);
  for (const { s, said } of dosed) {
    for (const n of s.citations) {
      const chunk = chunkFor(n);
      if (!chunk) continue;
      const candidates = units(chunk.text).map((u) => ({ quote: u.text, parsed: parseDose(u.text) }));
      const hit =
        candidates.find((u) => u.quote === s.text.trim() && u.parsed.parts.length > 0) ??
        candidates.find((u) => said.parts.every((p) => u.parsed.parts.some((q) => samePart(p, q))));
      if (hit) return { ...hit, citation: n, chunk };
    }
  }
  return undefined;
}

export function workOutDose(input: DoseInput): DoseOutcome {
  const quoted = quotedDose(input);
  if (!quoted) return { notes: [] };
  const reading = readWeight(input.question, input.history);
  if (reading.kind === 'none') return { notes: [NO_WEIGHT_NOTE] };
  if (reading.kind === 'unit')
    return { notes: [`Give the weight in kilograms to have the dose worked out: Rounds does not convert "${reading.text}".`] };
  if (reading.kind === 'several')
    return {
      notes: [
        `The question gives more than one weight (${reading.texts.join(', ')}): give the patient's weight alone to have the dose worked out.`,
      ],
    };
  const weight = reading.weight;
  const asked = questionGroups(input.qualifiers, input.question, input.history);
  const written = sourceGroups(input.qualifiers, quoted.chunk, quoted.quote);
  if (groupsDisagree(asked, written))
    return {
      notes: [
        `No dose was worked out: the quoted dose is written for the ${written.join('/')} group and the question is about the ${asked.join('/')} group.`,
      ],
    };
  const check = checkWeight(input.qualifiers, asked.length ? asked : written, Number(weight.kg));
  if (!check.plausible) {
    const range = check.range ? ` (${check.range[0]}–${check.range[1]} kg)` : '';
    const whom = check.group ? `the ${check.group} group` : 'any patient';
    return { notes: [`No dose was worked out: ${weight.kg} kg is outside the plausible weight for ${whom}${range}. Check the weight.`] };
  }
  const worked = workOut(quoted.parsed, weight.kg);
  if (!worked.ok) return { notes: FAILURE_NOTES[worked.reason] ? [FAILURE_NOTES[worked.reason]] : [] };
  const sentence: AnswerSentence = {
    text: worked.dose.text,
    citations: [quoted.citation],
    supported: true,
    kind: 'calculation',
    calculation: {
      weightKg: worked.dose.weightKg,
      weightFrom: weight.from,
      quote: quoted.quote,
      chunkId: quoted.chunk.id,
      parts: worked.dose.parts,
      rounded: worked.dose.rounded,
      rounding: worked.dose.rounding,
    },
  };
  if (!verifyCalculation(sentence, quoted.chunk, weight.kg))
    return { notes: ['The worked-out dose was removed: its figures did not follow from the quoted source and the weight.'] };
  return { sentence, notes: [] };
}
