/**
 * Patient group ("population") as a property of questions and of documents: adult, paediatric, neonatal or
 * obstetric. A county's manual carries an adult and a paediatric protocol on every topic with nearly the same words;
 * a ward's guideline says "in adults" in its title. The question's cues choose between them: an age ("a 4 year
 * old", "67M"), a child's weight ("15 kg", "44 lb"), a word ("kid", "newborn", "pregnant").
 *
 * The cue words are English clinical vocabulary, not any one pack's phrasing; a knowledge team can state a
 * document's groups in front matter (`population: [paediatric]`), which wins over anything read from its text.
 */
import { fold, terms, words } from '../text.js';
import type { RetrievedChunk } from '../types.js';

export type Population = 'adult' | 'paediatric' | 'neonatal' | 'obstetric';
export const POPULATIONS: readonly Population[] = ['adult', 'paediatric', 'neonatal', 'obstetric'];

/** Words (folded, whole words) and two-word phrases naming each group. */
const CUES: Record<Population, string[]> = {
  neonatal: [
    'neonate',
    'neonates',
    'neonatal',
    'newborn',
    'newborns',
    'newly born',
    'new born',
    'preterm',
    'premature baby',
    'nicu',
    'neonatology',
  ],
  paediatric: [
    'paediatric',
    'pediatric',
    'paediatrics',
    'pediatrics',
    'paeds',
    'peds',
    'pedi',
    'paed',
    'ped',
    'child',
    'children',
    'childs',
    'childhood',
    'kid',
    'kids',
    'infant',
    'infants',
    'toddler',
    'toddlers',
    'baby',
    'babies',
    'adolescent',
    'adolescents',
    'teen',
    'teens',
    'teenager',
    'teenagers',
    'boy',
    'girl',
    'schoolchild',
    'youngster',
    'juvenile',
    'picu',
  ],
  obstetric: [
    'pregnant',
    'pregnancy',
    'pregnancies',
    'obstetric',
    'obstetrics',
    'antenatal',
    'prenatal',
    'antepartum',
    'postnatal',
    'postpartum',
    'post partum',
    'peripartum',
    'labour',
    'labor',
    'childbirth',
    'gestation',
    'gestational',
    'eclampsia',
    'preeclampsia',
    'pre eclampsia',
    'placenta',
    'placental',
    'trimester',
    'miscarriage',
    'midwife',
    'midwifery',
    'pph',
    'breech',
    'crowning',
    'contractions',
    'in labour',
    'in labor',
    'maternal',
  ],
  adult: ['adult', 'adults', 'elderly', 'geriatric', 'older adults', 'grown up'],
};

const PHRASES = new Map<string, Population>();
for (const p of POPULATIONS) for (const c of CUES[p]) PHRASES.set(c, p);

/** Age limits in years: below NEONATE_YEARS a newborn (28 days), below CHILD_YEARS a child. */
const NEONATE_YEARS = 28 / 365;
const CHILD_YEARS = 16;
/** A weight below this, with no age or group named, is a child's. */
const CHILD_KG = 40;
const LB_TO_KG = 0.45359237;

const AGE_UNITS: Record<string, number> = {
  y: 1,
  yo: 1,
  yr: 1,
  yrs: 1,
  year: 1,
  years: 1,
  m: 1 / 12,
  mo: 1 / 12,
  mos: 1 / 12,
  month: 1 / 12,
  months: 1 / 12,
  w: 1 / 52,
  wk: 1 / 52,
  wks: 1 / 52,
  week: 1 / 52,
  weeks: 1 / 52,
  d: 1 / 365,
  day: 1 / 365,
  days: 1 / 365,
};

/**
 * The ages a text states about a patient, in years: "4 year old", "4yo", "4 y/o", "9 month old", "3 days old",
 * "aged 12", "67M" / "45 F" (age and sex, the way a crew writes it).
 */
export function statedAges(text: string): number[] {
  const t = fold(text)
    .replace(/y\/o\b/g, 'yo')
    .replace(/m\/o\b/g, 'mo');
  const out: number[] = [];
  for (const m of t.matchAll(/\b(\d{1,3}(?:\.\d+)?)\s*-?\s*(yo|yrs?|years?|mos?|months?|wks?|weeks?|days?)\b(?:\s*-?\s*old)?/g)) {
    const unit = m[2] as string;
    // "4 years" alone is a duration ("for 4 years"); "4 years old", "4yo", "4 yr" after an article name an age.
    const said = /old/.test(m[0]) || unit === 'yo' || /\b(a|an|aged|age|pt|patient|child|kid|baby|infant)\s*$/.test(t.slice(0, m.index));
    if (said) out.push(Number(m[1]) * (AGE_UNITS[unit] ?? 1));
  }
  for (const m of t.matchAll(/\baged?\s+(\d{1,3})\b(?!\s*(?:months?|weeks?|days?))/g)) out.push(Number(m[1]));
  for (const m of t.matchAll(/\b(\d{1,3})\s?(m|f)\b(?![/\w])/g)) {
    const n = Number(m[1]);
    if (n >= 16 && n <= 110) out.push(n);
  }
  return out;
}

/** Weights a text states, in kilograms ("15 kg", "15kg", "44 lb", "44 lbs", "44 pounds"). */
export function statedWeights(text: string): number[] {
  const t = fold(text);
  const out: number[] = [];
  for (const m of t.matchAll(/\b(\d{1,3}(?:\.\d+)?)\s*(kg|kgs|kilos?|kilograms?|lbs?|pounds?)\b(?!\s*\/)/g)) {
    const n = Number(m[1]);
    out.push(/^(lb|pound)/.test(m[2] as string) ? n * LB_TO_KG : n);
  }
  return out;
}

function byAge(age: number): Population {
  return age < NEONATE_YEARS ? 'neonatal' : age < CHILD_YEARS ? 'paediatric' : 'adult';
}

export interface PopulationReading {
  /** The groups the text names, strongest cue first. */
  groups: Population[];
  /** What named them, for a warning: "4 year old", "15 kg", "newborn". */
  cue?: string;
}

/** Groups named by words and phrases of a text (no ages or weights): for titles, headings and scope sentences. */
export function namedGroups(text: string): Population[] {
  const w = words(text.replace(/[-–]/g, ' '));
  const found = new Set<Population>();
  for (let i = 0; i < w.length; i += 1) {
    const two = i + 1 < w.length ? `${w[i]} ${w[i + 1]}` : '';
    const hit = (two && PHRASES.get(two)) || PHRASES.get(w[i] as string);
    if (hit) found.add(hit);
  }
  return POPULATIONS.filter((p) => found.has(p));
}

/**
 * The patient groups a question is about. An age decides between adult, child and newborn; a weight under 40 kg
 * with no other cue is a child's; words add groups ("pregnant", "newborn"). Undefined groups: the question does not
 * say (most questions), and every group's source may answer.
 */
export function questionPopulation(text: string): PopulationReading {
  const groups = new Set<Population>();
  let cue: string | undefined;
  const ages = statedAges(text);
  if (ages.length) {
    const g = byAge(Math.min(...ages));
    groups.add(g);
    cue = `${fmtAge(Math.min(...ages))}`;
  }
  // An age decides between adult, child and newborn ("a 16 year old girl" is read by her age); words add pregnancy.
  const named = namedGroups(text).filter((g) => !ages.length || g === 'obstetric');
  for (const g of named) groups.add(g);
  if (named.length && !cue) cue = named.join(', ');
  if (!ages.length && !groups.has('adult')) {
    const kg = statedWeights(text).filter((k) => k > 0);
    if (kg.length && Math.min(...kg) < CHILD_KG) {
      groups.add('paediatric');
      cue = cue ?? `${Math.round(Math.min(...kg) * 10) / 10} kg`;
    }
  }
  // "A newborn baby": neonatal, not also an infant.
  if (groups.has('neonatal')) groups.delete('paediatric');
  return { groups: POPULATIONS.filter((p) => groups.has(p)), ...(cue ? { cue } : {}) };
}

function fmtAge(years: number): string {
  if (years < 1 / 12) return `${Math.round(years * 365)} days old`;
  if (years < 2) return `${Math.round(years * 12)} months old`;
  return `${Math.round(years)} years old`;
}

/**
 * How a source written for `source` stands to a question about `asked`: 1 it is for that group, -1 it is for
 * another group only (an adult protocol for a child, a paediatric one for an adult), 0 it does not say or it
 * serves both. Obstetric sources are adult sources too, and a paediatric one serves a newborn when no neonatal one
 * is at hand (0).
 */
/** A group of children: paediatric or neonatal. */
export const isChildGroup = (g: Population): boolean => g === 'paediatric' || g === 'neonatal';

export function agreement(asked: readonly Population[], source: readonly Population[]): -1 | 0 | 1 {
  if (asked.length === 0 || source.length === 0) return 0;
  if (asked.some((g) => source.includes(g))) return 1;
  // An obstetric guideline covers the newborn at birth too ("check the baby's glucose 2–4 hours after birth").
  if (source.every((g) => g === 'obstetric')) return 0;
  const askedChild = asked.some(isChildGroup);
  const sourceChild = source.some(isChildGroup);
  if (askedChild && !sourceChild) return -1;
  if (!askedChild && sourceChild && asked.some((g) => g === 'adult' || g === 'obstetric')) return -1;
  if (asked.includes('paediatric') && source.includes('neonatal')) return -1;
  return 0;
}

/** "paediatric" as a reader says it. */
export function groupName(p: Population): string {
  return { adult: 'adults', paediatric: 'children', neonatal: 'newborns', obstetric: 'pregnant or labouring women' }[p];
}

export function parsePopulation(value: string | undefined): Population[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is Population => (POPULATIONS as readonly string[]).includes(s));
}

/** A title with its reference codes and group names taken out: versions of one topic share it. */
export function topicOf(title: string): string {
  const groupWords = new Set(['p', 'ped', 'peds', 'paediatric', 'pediatric', 'adult', 'adults', 'child', 'children']);
  return words(title.replace(/\b(?:ref(?:erence)?\.?\s*(?:no\.?)?|no\.)\s*[\w.-]+/gi, ' '))
    .filter((w) => !/\d/.test(w) && !groupWords.has(w))
    .join(' ');
}

/** The groups a chunk is written for: the groups its section headings name, else its document's. */
export function chunkPopulation(c: Pick<RetrievedChunk, 'meta'>): Population[] {
  const sections = namedGroups(c.meta.headingPath.slice(1).join(' '));
  return sections.length ? sections : parsePopulation(c.meta.population);
}

/**
 * The groups a chunk's title or section headings name ("Newborn / Neonatal Resuscitation", "Pediatric Dose"): what
 * its authors say it is for, not what its text mentions most (a study of pregnant women's children names children
 * throughout).
 */
export function titledPopulation(c: Pick<RetrievedChunk, 'meta'>): Population[] {
  const sections = namedGroups(c.meta.headingPath.slice(1).join(' '));
  return sections.length ? sections : namedGroups(c.meta.title);
}

/** Stems of the words that name a patient group or state an age or weight ("kid", "newborn", "yo", "kg"). */
const CUE_TERMS = new Set(
  [
    ...Object.values(CUES).flat(),
    'year',
    'years',
    'yo',
    'yr',
    'yrs',
    'month',
    'months',
    'mo',
    'week',
    'weeks',
    'day',
    'days',
    'old',
    'aged',
    'kg',
    'kgs',
    'lb',
    'lbs',
    'pound',
    'pounds',
    'kilo',
    'kilos',
  ].flatMap((w) => terms(w)),
);

/**
 * Words naming a young patient as a person ("child", "kid", "toddler"), not a topic ("paediatric", "postpartum",
 * "eclampsia"; "newborn" and "pregnant" name both: a newborn resuscitation protocol, "pregnant patients"): a
 * protocol for children names its topic, not the patient, so these words are searched at the weight of a term's
 * other names, and the group is matched by the population property. "Adult" keeps its weight: adults' protocols
 * are unmarked, and where a text says it, it labels the line for adults ("Adult Dose: Seizure").
 */
const PERSON_WORDS = new Set(
  (
    'child children childs kid kids infant infants toddler toddlers baby babies boy girl teen teens teenager ' +
    'teenagers adolescent adolescents youngster'
  ).split(' '),
);

/** The words of a text that name the patient as a person of a group (see PERSON_WORDS), folded. */
export function personWords(text: string): string[] {
  return words(text).filter((w) => PERSON_WORDS.has(w));
}

/**
 * Whether a term only names a patient group or states an age or weight ("kid", "newborn", "yo", "kg"): a source for
 * that group need not use the word (a paediatric protocol says "pediatric" in a note or not at all, never "kid"),
 * so such words weigh like everyday words where the evidence is measured; the group is checked against the
 * source's own (agreement).
 */
export function isCueTerm(term: string): boolean {
  return CUE_TERMS.has(term);
}

/**
 * The unit words of the ages and weights a text states ("lb" of "44 lb", "yo" of "4yo"): values of the patient, not
 * words a source must contain (where "LB-100" names a drug, "lb" stays a word).
 */
export function valueUnitTerms(text: string): Set<string> {
  const t = fold(text)
    .replace(/y\/o\b/g, 'yo')
    .replace(/m\/o\b/g, 'mo');
  const out = new Set<string>();
  for (const m of t.matchAll(
    /\b\d{1,3}(?:\.\d+)?\s*-?\s*(kg|kgs|kilos?|kilograms?|lbs?|pounds?|yo|yrs?|years?|mos?|months?|wks?|weeks?|days?)\b/g,
  ))
    for (const term of terms(m[1] as string)) out.add(term);
  return out;
}
