/**
 * The arithmetic of a weight-based dose, written out so anyone can check it: "For 15 kg: 0.1 mg/kg × 15 kg =
 * 1.5 mg (within the 2.5 mg maximum)". The product is exact (decimal arithmetic); a maximum the quote states caps
 * it and the line says so; a volume is given only when the quote states the strength. A maximum that cannot be
 * compared with the dose (a rate beside an amount, mL beside mg with no strength) stops the calculation: a
 * product shown beside a maximum it was not checked against would read as checked.
 */
import type { DoseCalculationPart } from '../types.js';
import type { DosePart, Maximum, ParsedDose, Period } from './dose-parse.js';
import { convert, Dec, fmt, ROUNDING_RULE, roundFigure, span, UNITS, type UnitDef } from './dose-units.js';

export type WorkedPart = DoseCalculationPart;

export interface WorkedDose {
  text: string;
  weightKg: string;
  parts: WorkedPart[];
  rounded: boolean;
  rounding: string;
}

export type WorkOutFailure = 'no_per_kg_dose' | 'maximum_not_comparable' | 'inconsistent_quote';
export type WorkOutResult = { ok: true; dose: WorkedDose } | { ok: false; reason: WorkOutFailure };

const PER: Record<Period, string> = { dose: '', day: '/day', total: ' in total', hour: '/hour', minute: '/minute' };
const MAX_PER: Record<Maximum['period'], string> = {
  any: '',
  dose: ' per dose',
  day: ' per day',
  total: ' in total',
  hour: ' per hour',
  minute: ' per minute',
};

/** Minutes in the period, for comparing infusion rates; undefined for an amount (not a rate). */
const RATE_MINUTES: Partial<Record<Period, number>> = { hour: 60, minute: 1 };

/** Whether a maximum limits a part at all (a per-dose maximum does not limit a daily total). */
function relevance(part: Period, max: Maximum['period']): 'applies' | 'ignore' | 'incomparable' {
  const partRate = RATE_MINUTES[part] !== undefined;
  const maxRate = max === 'hour' || max === 'minute';
  if (partRate || maxRate) return partRate && maxRate ? 'applies' : 'incomparable';
  if (part === 'dose') return 'applies';
  if (part === 'day') return max === 'dose' ? 'ignore' : 'applies';
  return max === 'total' || max === 'any' ? 'applies' : 'ignore';
}

interface Strength {
  /** Amount of the part's unit in 1 mL. */
  perMl: Dec;
  display: string;
}

/** The one strength the quote states for the part's dimension; none when it states none or several that differ. */
function strengthFor(part: DosePart, parsed: ParsedDose): Strength | undefined {
  if (part.unit.dimension === 'volume') return undefined;
  const found: Strength[] = parsed.concentrations
    .filter((c) => c.unit.dimension === part.unit.dimension)
    .map((c) => ({ perMl: convert(c.perMl, c.unit, part.unit), display: c.display }));
  if (part.volumePerKg) {
    const perMl = part.lo.dividedBy(part.volumePerKg.lo);
    const hiRatio = part.hi && part.volumePerKg.hi ? part.hi.dividedBy(part.volumePerKg.hi) : perMl;
    if (!hiRatio.equals(perMl)) return undefined;
    found.push({ perMl, display: `${fmt(part.volumePerKg.lo)}${part.volumePerKg.hi ? `–${fmt(part.volumePerKg.hi)}` : ''} mL/kg` });
  }
  const distinct = found.filter((s, i) => found.findIndex((t) => t.perMl.equals(s.perMl)) === i);
  return distinct.length === 1 ? { perMl: distinct[0]?.perMl as Dec, display: found[0]?.display as string } : undefined;
}

/** A maximum in the part's unit and period; undefined when it cannot be compared. */
function capIn(part: DosePart, max: Maximum, strength: Strength | undefined): Dec | undefined {
  let value: Dec | undefined;
  if (max.unit.dimension === part.unit.dimension) value = convert(max.value, max.unit, part.unit);
  else if (strength && max.unit.dimension === 'volume') value = convert(max.value, max.unit, UNITS.ml as UnitDef).times(strength.perMl);
  if (!value) return undefined;
  const partMinutes = RATE_MINUTES[part.period];
  const maxMinutes = max.period === 'hour' || max.period === 'minute' ? RATE_MINUTES[max.period] : undefined;
  if (partMinutes !== undefined && maxMinutes !== undefined) value = value.times(partMinutes).dividedBy(maxMinutes);
  return value;
}

/** "1200 micrograms (1.2 mg)", "0.5 mg (500 micrograms)": the other unit beside a figure that is easily misread. */
function withEquivalent(lo: Dec, hi: Dec | undefined, unit: UnitDef): string {
  const text = `${span(lo, hi)} ${hi || !lo.equals(1) ? unit.plural : unit.singular}`;
  const top = hi ?? lo;
  const other =
    unit.key === 'microgram' && top.greaterThanOrEqualTo(1000)
      ? UNITS.mg
      : (unit.key === 'mg' || unit.key === 'g') && top.lessThan(1)
        ? unit.key === 'mg'
          ? UNITS.microgram
          : UNITS.mg
        : undefined;
  if (!other) return text;
  const lo2 = convert(lo, unit, other);
  const hi2 = hi ? convert(hi, unit, other) : undefined;
  return `${text} (${span(lo2, hi2)} ${hi2 || !lo2.equals(1) ? other.plural : other.singular})`;
}

function workPart(part: DosePart, parsed: ParsedDose, weight: Dec): WorkedPart | WorkOutFailure {
  if (part.inconsistent) return 'inconsistent_quote';
  const strength = strengthFor(part, parsed);
  let cap: { value: Dec; max: Maximum } | undefined;
  for (const max of part.maxima) {
    const rel = relevance(part.period, max.period);
    if (rel === 'ignore') continue;
    const value = rel === 'applies' ? capIn(part, max, strength) : undefined;
    if (!value) return 'maximum_not_comparable';
    if (!cap || value.lessThan(cap.value)) cap = { value, max };
  }
  const productLo = part.lo.times(weight);
  const productHi = part.hi?.times(weight);
  const capped = (p: Dec) => (cap && p.greaterThan(cap.value) ? cap.value : p);
  const exactLo = capped(productLo);
  const exactHi = productHi ? capped(productHi) : undefined;
  // The maximum is a quoted figure and is shown as quoted; only a product is ever rounded.
  const shown = (exact: Dec) => (cap && exact.equals(cap.value) ? { value: exact, rounded: false } : roundFigure(exact));
  const lo = shown(exactLo);
  const hi = exactHi ? shown(exactHi) : undefined;
  const rounded = lo.rounded || Boolean(hi?.rounded);
  const shownHi = hi && !hi.value.equals(lo.value) ? hi.value : undefined;

  const perKg = `${span(part.lo, part.hi)} ${part.hi || !part.lo.equals(1) ? part.unit.plural : part.unit.singular}/kg${PER[part.period]}`;
  // The product is always shown exactly: it is the arithmetic the reader checks.
  let text = `${part.ceiling ? 'maximum ' : ''}${perKg} × ${fmt(weight)} kg = ${withEquivalent(productLo, productHi, part.unit)}${PER[part.period]}`;
  const isCapped = Boolean(cap && (productHi ?? productLo).greaterThan(cap.value));
  if (cap) {
    // "the 500 microgram maximum": the unit is written as an adjective, in the singular.
    const maxText = `the ${fmt(cap.max.value)} ${cap.max.unit.singular} maximum${MAX_PER[cap.max.period]}`;
    if (!isCapped) text += ` (within ${maxText})`;
    else {
      text += `, capped at ${maxText}`;
      // The dose to give, when the cap does not already say it in the dose's unit.
      if (shownHi || rounded || cap.max.unit.key !== part.unit.key)
        text += `: ${withEquivalent(lo.value, shownHi, part.unit)}${PER[part.period]}`;
    }
  }
  if (rounded && !isCapped) text += `, rounded down to ${withEquivalent(lo.value, shownHi, part.unit)}${PER[part.period]}`;
  let volume: WorkedPart['volume'];
  let volumeRounded = false;
  if (strength && !RATE_MINUTES[part.period] && part.period === 'dose') {
    const vLo = roundFigure(exactLo.dividedBy(strength.perMl));
    const vHi = exactHi ? roundFigure(exactHi.dividedBy(strength.perMl)) : undefined;
    const vHiShown = vHi && !vHi.value.equals(vLo.value) ? vHi.value : undefined;
    volumeRounded = vLo.rounded || Boolean(vHi?.rounded);
    volume = { lo: fmt(vLo.value), ...(vHiShown ? { hi: fmt(vHiShown) } : {}), strength: strength.display };
    const of = strength.display.endsWith('mL/kg') ? `(${strength.display})` : `of ${strength.display}`;
    text += ` ${volumeRounded ? '≈' : '='} ${span(vLo.value, vHiShown)} mL ${of}`;
  }
  return {
    text,
    dose: { lo: fmt(part.lo), ...(part.hi ? { hi: fmt(part.hi) } : {}), unit: part.unit.plural, period: part.period },
    product: { lo: fmt(productLo), ...(productHi ? { hi: fmt(productHi) } : {}) },
    result: { lo: fmt(lo.value), ...(shownHi ? { hi: fmt(shownHi) } : {}), unit: part.unit.plural },
    ...(cap ? { maximum: { value: fmt(cap.max.value), unit: cap.max.unit.plural, period: cap.max.period, capped: isCapped } } : {}),
    ...(volume ? { volume } : {}),
    ceiling: part.ceiling,
    rounded: rounded || volumeRounded,
  };
}

/** Works out every per-kg dose of a parsed quote for a weight in kg; fails as a whole if any part cannot be checked. */
export function workOut(parsed: ParsedDose, weightKg: Dec | string): WorkOutResult {
  const weight = typeof weightKg === 'string' ? new Dec(weightKg) : weightKg;
  if (parsed.parts.length === 0) return { ok: false, reason: 'no_per_kg_dose' };
  const parts: WorkedPart[] = [];
  for (const part of parsed.parts) {
    const worked = workPart(part, parsed, weight);
    if (typeof worked === 'string') return { ok: false, reason: worked };
    parts.push(worked);
  }
  const rounded = parts.some((p) => p.rounded);
  return {
    ok: true,
    dose: {
      text: `For ${fmt(weight)} kg: ${parts.map((p) => p.text).join('; ')}`,
      weightKg: fmt(weight),
      parts,
      rounded,
      rounding: ROUNDING_RULE,
    },
  };
}
