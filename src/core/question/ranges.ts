/**
 * Numbers in a question read against the ranges a source states: "INR 9" falls in "INR more than 8.0", "CrCl 20" in
 * the "CrCl 15–29 mL/min" column, "NEWS2 of 6" in the "5–6" band. A table row or column is chosen by the patient's
 * value, not by sharing the word "INR" with every other row.
 */
import { fold } from '../text.js';

export interface Interval {
  lo: number;
  hi: number;
  loOpen?: boolean;
  hiOpen?: boolean;
  /** A span of time ("2–4 hours", "within 30 minutes"), not a level a measurement is read against. */
  time?: boolean;
  /** A whole-number upper bound written with a decimal point ("3.0 or less"): the band ends exactly there. */
  hiExact?: boolean;
  /** The unit written with the band ("kg" in "under 25 kg", "kg/m2" in "40 kg/m2 or more"), folded. */
  unit?: string;
}

export interface QuestionValue {
  value: number;
  /** The word naming the quantity ("inr", "crcl", "news2", "potassium"), folded; undefined when none is near. */
  label?: string;
  /** The unit typed after the number ("mmol/l", "ng/ml"), folded. */
  unit?: string;
  /** Other words for the same quantity ("potassium" for "k"), from the knowledge team's analytes, folded. */
  aliases?: string[];
  /** The patient's age ("a 6 yo", "9 month old"), in years: read only against bands of age ("< 1 year of age"). */
  age?: true;
}

const NUM = String.raw`(\d+(?:[.,]\d+)?)`;
const FILLER = new Set([
  'of',
  'is',
  'was',
  'at',
  'the',
  'a',
  'an',
  'its',
  'score',
  'level',
  'value',
  'result',
  'reading',
  'now',
  'today',
  'came',
  'back',
  'went',
  'up',
  'to',
  'down',
  'rose',
  'fell',
  'dropped',
]);
const FILLER_WORDS = [...FILLER].join('|');
/** Words that end the search for a value's label: "for a 6 yo" names no quantity "for". */
const NOT_LABEL = new Set(['for', 'with', 'in', 'on', 'and', 'or', 'about', 'around', 'after', 'before', 'than', 'by', 'per', 'from']);

/**
 * An age typed after its number ("6 yo", "3 y/o", "9 month old", "2-year-old", "10 days old"), as a share of a year
 * for each unit. A bare "3 months" is a duration as often as an age: only "old" or an age abbreviation makes it one.
 */
const AGE_AFTER =
  /^\s*-?\s*(?:(y\.?o\.?|y\/o|yrs?\s*old|years?[\s-]*old|years? of age)|(mo\.?|m\/o|mos|months?[\s-]*old|months? of age)|(wks?[\s-]*old|weeks?[\s-]*old)|(days?[\s-]*old))(?![\p{L}\p{N}])/iu;
const AGE_SHARE = [1, 1 / 12, 7 / 365, 1 / 365];

/** The age a number states when an age unit follows it, in years. */
function ageAfter(value: number, after: string): number | undefined {
  const m = AGE_AFTER.exec(after);
  if (!m) return undefined;
  const i = [1, 2, 3, 4].findIndex((g) => m[g] !== undefined);
  return value * (AGE_SHARE[i] as number);
}

/** A stated band's bound in years, when the band is of age ("< 1 year of age", "4 years or older", "6-12 months"). */
const AGE_UNIT_YEARS: Record<string, number> = { year: 1, years: 1, yr: 1, yrs: 1, month: 1 / 12, months: 1 / 12, mo: 1 / 12, mos: 1 / 12 };

/** "10mg", "5ml", "2units", "a 15-kg child": a number run into its unit, spaced as sources write it ("10 mg"). */
export function spaceUnits(text: string): string {
  return text.replace(/(\d)-?(mg|mcg|micrograms?|g|kg|ml|mmol|units?|iu|mmhg|hours?|hrs?|mins?|minutes?)\b/gi, '$1 $2');
}

/** What counts as a unit after a number: "mmol/L", "ng/mL", "%", "mg", "units" (not "on" in "INR 9 on warfarin"). */
const UNIT =
  /^(%|[µμ]?[a-z]{1,5}\/[a-z0-9.]{1,6}|mmol|mmols|mg|mcg|micrograms?|g|kg|lbs?|pounds?|ml|l|units?|iu|mmhg|bpm|meq|pmol|nmol|ng|ug|µg|h|hrs?|hours?|mins?|minutes?|days?|weeks?|months?|years?)$/i;

const DOSE_UNIT = /^(mg|mcg|micrograms?|ug|µg|g|kg|ml|units?|iu)$/;

/** Whether a unit is an amount given ("10 mg", "4 units"): a dose the question names, not a reading. */
export function isDoseUnit(unit: string): boolean {
  return DOSE_UNIT.test(unit);
}

/** Whether a value's unit is a duration ("72 hours"): a time, not a reading a table is keyed on. */
export function isTimeUnit(unit: string): boolean {
  return TIME_AFTER.test(unit);
}

/** Whether a word is a unit ("mg", "units"): as a value's label it names no quantity a source could be keyed on. */
export function isUnitWord(word: string): boolean {
  return UNIT.test(word);
}

function num(s: string): number {
  return Number(s.replace(',', '.'));
}

/** The values a question gives, each with the quantity word before it and the unit after it. */
export function questionValues(text: string): QuestionValue[] {
  const out: QuestionValue[] = [];
  // A number joined to a word by a hyphen is part of a name ("COX-2", "IL-6", "SARS-CoV-2"), not a value.
  // "24-h", "a 15-kg child": a unit joined by a hyphen is the value's unit too.
  const re = new RegExp(String.raw`(?<![\w.])(?<!\p{L}-)${NUM}(?![\d.,]*\d)(?:-|\s*)([a-zA-Zµμ%/][\w/%µμ]*)?`, 'gu');
  for (const m of text.matchAll(re)) {
    const before = fold(text.slice(0, m.index))
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter(Boolean);
    const years = ageAfter(num(m[1] as string), text.slice((m.index ?? 0) + (m[1] as string).length));
    if (years !== undefined) {
      out.push({ value: years, unit: 'year', age: true });
      continue;
    }
    let label: string | undefined;
    for (let i = before.length - 1; i >= 0 && i >= before.length - 4; i -= 1) {
      const w = before[i] as string;
      if (NOT_LABEL.has(w)) break;
      if (FILLER.has(w)) continue;
      // "a 70 kg woman", "day 3": a label is a word, not a number.
      if (/^[\p{L}][\p{L}\p{N}]*$/u.test(w)) label = w;
      break;
    }
    const unit = m[2] && UNIT.test(m[2]) ? fold(m[2]) : undefined;
    out.push({ value: num(m[1] as string), ...(label ? { label } : {}), ...(unit ? { unit } : {}) });
  }
  return out;
}

/** An upper bound as written: "3.0" ends the band at 3 exactly, where "3" is a whole-number band. */
function upper(written: string): { hi: number; hiExact?: true } {
  const hi = num(written);
  return /[.,]/.test(written) && Number.isInteger(hi) ? { hi, hiExact: true } : { hi };
}

const TIME_AFTER = /^\s*(minutes?|mins?|h|hours?|hrs?|days?|weeks?|months?|years?)\b/;

/** Ranges stated in a piece of source text ("15–29", "more than 8.0", "5.4 or less", "below 15", "≥ 7"). */
export function statedRanges(text: string): Interval[] {
  const t = fold(text).replace(/≥/g, ' at least ').replace(/≤/g, ' at most ').replace(/>/g, ' above ').replace(/</g, ' below ');
  const out: Interval[] = [];
  const taken: [number, number][] = [];
  const add = (m: RegExpMatchArray, iv: Interval) => {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (taken.some(([a, b]) => start < b && end > a)) return;
    taken.push([start, end]);
    const unit = (/\d\s*([a-zµ%][\w/%µ]*)[^\d]*$/.exec(m[0]) ?? /^\s*([a-zµ%][\w/%µ]*)/.exec(t.slice(end)))?.[1];
    const stated = unit && UNIT.test(unit) ? { ...iv, unit } : iv;
    out.push(TIME_AFTER.test(t.slice(end)) ? { ...stated, time: true } : stated);
  };
  for (const m of t.matchAll(new RegExp(String.raw`${NUM}\s*(?:–|-|—|to)\s*${NUM}`, 'g')))
    add(m, { lo: num(m[1] as string), ...upper(m[2] as string) });
  for (const m of t.matchAll(new RegExp(String.raw`\b(more than|greater than|above|over|exceeding)\s*${NUM}`, 'g')))
    add(m, { lo: num(m[2] as string), hi: Number.POSITIVE_INFINITY, loOpen: true });
  for (const m of t.matchAll(new RegExp(String.raw`\b(at least|from)\s*${NUM}`, 'g')))
    add(m, { lo: num(m[2] as string), hi: Number.POSITIVE_INFINITY });
  for (const m of t.matchAll(
    new RegExp(String.raw`${NUM}\s*[a-z/%µ°]*\s*(or more|or above|or over|or higher|or older|and above|and over|and older|\+)`, 'g'),
  ))
    add(m, { lo: num(m[1] as string), hi: Number.POSITIVE_INFINITY });
  // An age band written out: "4 years old or older", "12 months of age or younger".
  const AGE_BAND = String.raw`${NUM}\s*(years?|yrs?|months?)(?:\s+(?:old|of age))?\s+`;
  for (const m of t.matchAll(new RegExp(String.raw`${AGE_BAND}(?:or|and) (?:older|over|above)`, 'g')))
    add(m, { lo: num(m[1] as string), hi: Number.POSITIVE_INFINITY });
  for (const m of t.matchAll(new RegExp(String.raw`${AGE_BAND}(?:or|and) (?:younger|under|below)`, 'g')))
    add(m, { lo: Number.NEGATIVE_INFINITY, ...upper(m[1] as string) });
  for (const m of t.matchAll(new RegExp(String.raw`\b(less than|below|under|fewer than)\s*${NUM}`, 'g')))
    add(m, { lo: Number.NEGATIVE_INFINITY, ...upper(m[2] as string), hiOpen: true });
  for (const m of t.matchAll(new RegExp(String.raw`\b(at most|up to)\s*${NUM}`, 'g')))
    add(m, { lo: Number.NEGATIVE_INFINITY, ...upper(m[2] as string) });
  for (const m of t.matchAll(
    new RegExp(String.raw`${NUM}\s*[a-z/%µ°]*\s*(or less|or below|or fewer|or under|or lower|or younger|and younger)`, 'g'),
  ))
    add(m, { lo: Number.NEGATIVE_INFINITY, ...upper(m[1] as string) });
  return out;
}

/**
 * Whether a stated range holds a value. A band written in whole numbers ("15–29") holds the values between its
 * bands too ("29.5"), unless `strict`: where another band holds the value as written ("2–4" and "3.5–5" for a
 * magnesium of 4.2), the value is in that one, not between bands. A bound written with a decimal point ("INR 3.0
 * or less") is exact: an INR of 3.5 is above it.
 */
export function contains(iv: Interval, v: number, strict = false): boolean {
  const aboveLo = iv.loOpen ? v > iv.lo : v >= iv.lo;
  const belowHi = iv.hiOpen ? v < iv.hi : v <= iv.hi;
  const hiSlack = !strict && Number.isInteger(iv.hi) && !iv.hiExact && !iv.hiOpen && v < iv.hi + 1;
  return aboveLo && (belowHi || hiSlack);
}

/**
 * How a source text stands to the question's values: 1 when it states a range holding one of them (for the same
 * quantity when the text names it), -1 when it states ranges for that quantity and none holds the value, 0 when it
 * says nothing about it.
 */
export function rangeFit(text: string, values: QuestionValue[], context = '', strict = false): number {
  if (values.length === 0) return 0;
  const own = fold(text);
  // A labelled number: "Category 3" answers "category 3" (and "grade 3", another name of it), not "category 2".
  for (const v of values) {
    if (!v.label) continue;
    // "VIP score: 2" and "INR is 9" name the number as "VIP 2" and "INR 9" do.
    const labels = [v.label, ...(v.aliases ?? [])]
      .map((l) => l.replace(/[^\p{L}\p{N}]/gu, ''))
      .filter(Boolean)
      .join('|');
    const said = [
      ...own.matchAll(
        new RegExp(`\\b(?:${labels})(?:\\s*:?\\s+(?:${FILLER_WORDS}))*\\s*:?\\s+(\\d+(?:[.,]\\d+)?)\\b(?!\\s*(?:–|-|to)\\s*\\d)`, 'g'),
      ),
    ].map((m) => num(m[1] as string));
    if (said.includes(v.value)) return 1;
    if (said.length && statedRanges(text).length === 0) return -1;
  }
  const stated = statedRanges(text);
  if (stated.length === 0) return 0;
  const hay = fold(`${context} ${text}`);
  let fit = 0;
  for (const v of values) {
    // "Check the baby's blood glucose 2–4 hours after birth" holds no glucose of 2.0: a time span is read only
    // against a value typed as a time.
    // An age is read only against bands of age, in years: "< 1 year of age" holds a 9-month-old, "at least 2
    // defibrillations" says nothing of a 6-year-old.
    if (v.age) {
      const ages = stated.filter((r) => r.unit !== undefined && AGE_UNIT_YEARS[r.unit] !== undefined);
      if (ages.length === 0) continue;
      const inYears = (r: Interval): Interval => {
        const k = AGE_UNIT_YEARS[r.unit as string] as number;
        return { ...r, lo: r.lo * k, hi: r.hi * k };
      };
      if (ages.some((r) => contains(inYears(r), v.value, true))) return 1;
      fit = -1;
      continue;
    }
    const timed = v.unit !== undefined && isTimeUnit(v.unit);
    // A weight ("a 70 kg patient") is read only against bands in kg ("under 25 kg"): not against a BMI ("40 kg/m2 or
    // more") nor a dose per kg ("25–30 mg/kg"), which a weight typed for a dose calculation must not select.
    // A weight typed in pounds ("a 44 lb child") is read in kilograms against the same bands.
    const pounds = v.unit !== undefined && /^(lbs?|pounds?)$/i.test(v.unit);
    const weight = v.unit === 'kg' || pounds;
    // ...and a time only against spans of time: "24-h monitoring" is not in "pH > 4".
    const isTime = (r: Interval) => r.time === true || (r.unit !== undefined && isTimeUnit(r.unit));
    const ranges = stated.filter((r) => isTime(r) === timed && (!weight || r.unit === 'kg'));
    if (ranges.length === 0) continue;
    // The quantity named as a word ("k" in "K+ 6.8" is not the k of "kidney"), or by another of its names.
    const about =
      !v.label || [v.label, ...(v.aliases ?? [])].some((l) => new RegExp(`(^|[^\\p{L}\\p{N}])${l}($|[^\\p{L}\\p{N}])`, 'u').test(hay));
    if (!about) continue;
    const value = pounds ? v.value * 0.45359237 : v.value;
    if (ranges.some((r) => contains(r, value, strict))) return 1;
    fit = -1;
  }
  return fit;
}
