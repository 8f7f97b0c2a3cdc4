/**
 * What a quoted sentence or table row says about a weight-based dose: the per-kg doses ("0.1 mg/kg",
 * "10–20 mL/kg", "10–40 micrograms/kg/hour", "4 J/kg"), the maxima that cap them ("maximum 2.5 mg", "Maximum: 1 mg
 * per dose", "no more than 60 mg/kg in 24 hours") and the strength a volume can be worked out from ("3 mg/mL",
 * "1 in 10 000", "10 micrograms/kg (0.1 mL/kg)"). Read from the quote alone: nothing is assumed that the source
 * does not state, so a dose without a stated strength gets no volume.
 */
import type { DosePeriod } from '../types.js';
import { Dec, parseNumber, UNIT_PATTERN, type UnitDef, unitOf } from './dose-units.js';

/** What a figure is given per: one dose, a day (24 hours), a whole course ("in total"), or an hour or minute (infusions). */
export type Period = DosePeriod;

export interface Maximum {
  value: Dec;
  unit: UnitDef;
  /** 'any': the source does not say per what (read as capping every dose it sits beside). */
  period: Period | 'any';
  text: string;
}

export interface DosePart {
  lo: Dec;
  /** The top of a range ("10–20 mL/kg"). */
  hi?: Dec;
  unit: UnitDef;
  period: Period;
  /** A per-kg maximum ("no more than 60 mg/kg in 24 hours"): worked out like a dose, shown as a maximum. */
  ceiling: boolean;
  maxima: Maximum[];
  /** A stated volume per kg beside the dose ("10 micrograms/kg (0.1 mL/kg)"): the strength it implies. */
  volumePerKg?: { lo: Dec; hi?: Dec };
  /** A stated equivalent in the same dimension that disagrees with the dose ("0.1 mg/kg (200 micrograms/kg)"). */
  inconsistent: boolean;
  text: string;
}

export interface Concentration {
  /** Amount of `unit` in 1 mL. */
  perMl: Dec;
  unit: UnitDef;
  /** As shown: "3 mg/mL", "1 in 10 000". */
  display: string;
}

export interface ParsedDose {
  parts: DosePart[];
  concentrations: Concentration[];
}

interface Quantity {
  start: number;
  end: number;
  text: string;
  lo: Dec;
  hi?: Dec;
  unit: UnitDef;
  perKg: boolean;
  rate?: 'hour' | 'minute' | 'day';
  total: boolean;
  perDose: boolean;
  /** For a strength ("300 mg in 10 mL"): the mL the amount is in. */
  perMl?: Dec;
}

const NUM = String.raw`\d+(?:[.,]\d+)*`;
const QUANTITY = new RegExp(String.raw`(?<![\w.,])(${NUM})(?:\s*(?:–|—|-|to)\s*(${NUM}))?\s*(${UNIT_PATTERN})(?![a-zµμ0-9])`, 'gi');
const PER_KG =
  /^\s*(?:(?:\/|\bper\b|\ba\b)\s*(?:kg|kilograms?|kilos?)\b|kg(?:-1|−1|⁻¹))(?:\s*(?:of\s+)?(?:(?:actual|ideal|lean|total)\s+)?body[\s-]?weight\b)?/i;
const RATE = /^\s*(?:\/|\bper\b|\ban?\b)\s*(hours?|hrs?|h|minutes?|mins?|days?|24\s*h(?:ours?|rs?)?)\b/i;
const DAILY = /^\s*(?:daily\b|in\s+(?:24\s*h(?:ours?|rs?)?|a\s+day|one\s+day)\b)/i;
const TOTAL = /^\s*(?:in\s+)?total\b/i;
const PER_DOSE = /^\s*(?:\/|\bper\b|\ba\b|\beach\b)\s*(?:dose|bolus|injection|shock)\b/i;
const PER_ML = new RegExp(String.raw`^\s*(?:\/|\bper\b|\bin\b)\s*(?:(${NUM})\s*)?(?:ml|millilit(?:re|er)s?)\b`, 'i');
/** A level ("4.0 mmol/L", "70 mg/dL") or a dose per body surface ("mg/m2"): not a dose per kg, not a strength. */
const OTHER_DENOMINATOR = /^\s*\/\s*(?:l|dl|litre|liter|m2|m²)\b/i;
/** "1 in 10 000", "1:1000": grams in that many mL (adrenaline's strengths). */
const RATIO = /\b1\s*(?:in|:)\s*(\d{1,3}(?:[ ,\u202f\u00a0]?\d{3})+|\d{3,6})(?![\d])/gi;
const MAX_CUE =
  /(?:\bmax(?:imum)?\b\.?|\bup to\b|\b(?:not|no) more than\b|\bnot (?:exceeding|to exceed)\b|\bdo not exceed\b|\bcapped at\b|\bceiling of\b)\s*(?:(?:a|the)\s+)?(?:(?:maximum|max)\s+)?(?:of\s+)?((?:single|total|daily|cumulative|initial|first|24[- ]hours?)\s+)?(?:dose\s+)?(?:of\s+)?[:=]?\s*$/i;
/** A figure in brackets right after another restates it: "10 micrograms/kg (0.1 mL/kg)". */
const EQUIVALENT = /^\s*\(\s*(?:=|i\.?e\.?,?|equivalent to|that is,?)?\s*$/i;

function rateOf(word: string): 'hour' | 'minute' | 'day' {
  const w = word.toLowerCase();
  if (w.startsWith('m')) return 'minute';
  if (w.startsWith('d') || w.startsWith('24')) return 'day';
  return 'hour';
}

function quantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  for (const m of text.matchAll(QUANTITY)) {
    const lo = parseNumber(m[1] as string);
    const hi = m[2] ? parseNumber(m[2]) : undefined;
    const unit = unitOf(m[3] as string);
    if (!lo || !unit || (m[2] && !hi)) continue;
    let end = (m.index ?? 0) + m[0].length;
    const q: Quantity = { start: m.index ?? 0, end, text: '', lo, unit, perKg: false, total: false, perDose: false };
    if (hi?.greaterThan(lo)) q.hi = hi;
    const rest = () => text.slice(end);
    if (OTHER_DENOMINATOR.test(rest())) continue;
    const perMl = PER_ML.exec(rest());
    if (perMl) {
      q.perMl = perMl[1] ? (parseNumber(perMl[1]) ?? new Dec(0)) : new Dec(1);
      end += perMl[0].length;
    } else {
      const kg = PER_KG.exec(rest());
      if (kg) {
        q.perKg = true;
        end += kg[0].length;
      }
      // "mg/kg/day", "micrograms/kg per minute", "g in 24 hours", "mL per bolus": what the figure is given per.
      for (let more = true; more; ) {
        const rate = RATE.exec(rest());
        const daily = rate ? null : DAILY.exec(rest());
        const total = rate || daily ? null : TOTAL.exec(rest());
        const perDose = rate || daily || total ? null : PER_DOSE.exec(rest());
        if (rate) q.rate = rateOf(rate[1] as string);
        if (daily) q.rate = 'day';
        if (total) q.total = true;
        if (perDose) q.perDose = true;
        const hit = rate ?? daily ?? total ?? perDose;
        more = Boolean(hit);
        if (hit) end += hit[0].length;
      }
    }
    q.end = end;
    q.text = text.slice(q.start, end).trim();
    if (q.perMl?.isZero()) continue;
    out.push(q);
  }
  return out;
}

function periodOf(q: Quantity): Period {
  if (q.rate) return q.rate;
  return q.total ? 'total' : 'dose';
}

function maxPeriod(q: Quantity, cueWord: string | undefined): Maximum['period'] {
  if (q.rate) return q.rate;
  if (q.total) return 'total';
  if (q.perDose) return 'dose';
  const w = (cueWord ?? '').trim().toLowerCase();
  if (w === 'daily' || w.startsWith('24')) return 'day';
  if (w === 'total' || w === 'cumulative') return 'total';
  if (w === 'single' || w === 'initial' || w === 'first') return 'dose';
  return 'any';
}

function concentrations(text: string, qs: Quantity[]): Concentration[] {
  const out: Concentration[] = [];
  for (const q of qs) {
    if (!q.perMl || q.perKg || q.unit.dimension === 'volume') continue;
    out.push({ perMl: q.lo.dividedBy(q.perMl), unit: q.unit, display: q.text });
  }
  for (const m of text.matchAll(RATIO)) {
    const n = parseNumber((m[1] as string).replace(/[ ,\u202f\u00a0]/g, ''));
    // Only the strengths written this way (1 in 1000, 1 in 10 000): "1 in 3 children" is no strength.
    if (!n || !/^10+$/.test(n.toFixed())) continue;
    out.push({ perMl: new Dec(1000).dividedBy(n), unit: unitOf('mg') as UnitDef, display: m[0].trim() });
  }
  return out;
}

export function parseDose(text: string): ParsedDose {
  const qs = quantities(text);
  const parts: DosePart[] = [];
  const partOf = new Map<Quantity, DosePart>();
  const maxima: { q: Quantity; max: Maximum; index: number }[] = [];
  qs.forEach((q, i) => {
    if (q.perMl) return;
    const prev = qs[i - 1];
    const gap = text.slice(prev ? prev.end : 0, q.start);
    if (prev && !prev.perMl && EQUIVALENT.test(gap)) {
      const part = partOf.get(prev);
      if (part && q.perKg) {
        if (q.unit.dimension === 'volume' && part.unit.dimension !== 'volume') {
          part.volumePerKg = { lo: q.lo, ...(q.hi ? { hi: q.hi } : {}) };
        } else if (q.unit.dimension === part.unit.dimension) {
          const same = (a: Dec, b: Dec) => a.times(q.unit.factor).equals(b.times(part.unit.factor));
          if (!same(q.lo, part.lo) || !same(q.hi ?? q.lo, part.hi ?? part.lo)) part.inconsistent = true;
        }
      }
      return;
    }
    const cue = MAX_CUE.exec(gap);
    if (q.perKg) {
      const part: DosePart = {
        lo: q.lo,
        ...(q.hi ? { hi: q.hi } : {}),
        unit: q.unit,
        period: periodOf(q),
        ceiling: Boolean(cue),
        maxima: [],
        inconsistent: false,
        text: q.text,
      };
      parts.push(part);
      partOf.set(q, part);
    } else if (cue) {
      maxima.push({ q, index: i, max: { value: q.lo, unit: q.unit, period: maxPeriod(q, cue[1]), text: q.text } });
    }
  });
  // A maximum caps the dose it follows ("0.1 mg/kg (maximum 2.5 mg)"); one stated before any dose caps the next.
  for (const { index, max } of maxima) {
    const before = qs
      .slice(0, index)
      .reverse()
      .find((q) => partOf.has(q));
    const after = qs.slice(index + 1).find((q) => partOf.has(q));
    const part = partOf.get((before ?? after) as Quantity);
    if (part) part.maxima.push(max);
  }
  return { parts, concentrations: concentrations(text, qs) };
}
