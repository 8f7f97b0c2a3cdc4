/**
 * Units of a weight-based dose and exact decimal arithmetic for them. Doses are worked out with decimal.js, not
 * binary floating point: 0.1 mg/kg × 3 kg must read 0.3 mg, never 0.30000000000000004 mg (a ten-fold error in a
 * child starts with a misread figure). Every conversion factor is a power of ten, so converting between mg and
 * micrograms is exact too.
 */
import DecimalModule, { type Decimal as DecimalClass } from 'decimal.js';

// decimal.js ships ES modules (decimal.mjs, whose default export is the class) with CommonJS-style typings: under
// NodeNext TypeScript reads the default import as the module object, so it is given the class's declared type.
const Decimal = DecimalModule as unknown as typeof DecimalClass;

/** A decimal with enough digits for any dose, weight or volume; never printed in exponent form. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_DOWN, toExpNeg: -40, toExpPos: 40 });
export type Dec = DecimalClass;

export type Dimension = 'mass' | 'volume' | 'units' | 'mmol' | 'meq' | 'energy';

export interface UnitDef {
  key: string;
  dimension: Dimension;
  /** How many of the dimension's base unit (mg, mL, unit, mmol, mEq, J) one of this unit is. */
  factor: Dec;
  /** As shown: micrograms are always written in full (never "mcg" or "µg", a known source of ten-fold errors). */
  plural: string;
  singular: string;
}

const def = (key: string, dimension: Dimension, factor: string, plural: string, singular = plural): UnitDef => ({
  key,
  dimension,
  factor: new Dec(factor),
  plural,
  singular,
});

export const UNITS: Record<string, UnitDef> = {
  g: def('g', 'mass', '1000', 'g'),
  mg: def('mg', 'mass', '1', 'mg'),
  microgram: def('microgram', 'mass', '0.001', 'micrograms', 'microgram'),
  nanogram: def('nanogram', 'mass', '0.000001', 'nanograms', 'nanogram'),
  unit: def('unit', 'units', '1', 'units', 'unit'),
  mmol: def('mmol', 'mmol', '1', 'mmol'),
  meq: def('meq', 'meq', '1', 'mEq'),
  ml: def('ml', 'volume', '1', 'mL'),
  l: def('l', 'volume', '1000', 'L'),
  j: def('j', 'energy', '1', 'J'),
};

/**
 * The spellings of each unit as sources write them, longest first within a unit. "IU" and "units" are one
 * dimension; mmol and mEq are kept apart (they differ for divalent ions).
 */
const SPELLINGS: [string, string][] = [
  ['micrograms?|mcg|[µμ]g|ug', 'microgram'],
  ['nanograms?|ng', 'nanogram'],
  ['milligrams?|mg', 'mg'],
  ['grams?|g', 'g'],
  ['international units?|units?|iu', 'unit'],
  ['millimoles?|mmol', 'mmol'],
  ['milliequivalents?|meq', 'meq'],
  ['millilit(?:re|er)s?|ml', 'ml'],
  ['lit(?:re|er)s?|l', 'l'],
  ['joules?|j', 'j'],
];

/** One regex alternative matching any unit spelling (used inside the dose patterns). */
export const UNIT_PATTERN = SPELLINGS.map(([s]) => s).join('|');

export function unitOf(spelling: string): UnitDef | undefined {
  const s = spelling.toLowerCase().trim();
  for (const [pattern, key] of SPELLINGS) if (new RegExp(`^(?:${pattern})$`, 'i').test(s)) return UNITS[key];
  return undefined;
}

/** "1,000" is a thousand; "0,5" (a decimal comma) is a half; "10 000" (a thin space) is ten thousand. */
export function parseNumber(text: string): Dec | undefined {
  const t = text.replace(/[\s\u202f\u00a0]/g, '');
  const plain = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(t) ? t.replace(/,/g, '') : t.replace(',', '.');
  if (!/^\d+(?:\.\d+)?$/.test(plain)) return undefined;
  return new Dec(plain);
}

/** A value in `from` expressed in `to` (same dimension); exact, the factors being powers of ten. */
export function convert(value: Dec, from: UnitDef, to: UnitDef): Dec {
  return value.times(from.factor).dividedBy(to.factor);
}

/** A figure as shown: the exact decimal, without exponent or trailing zeros ("1.5", "0.05", "1200"). */
export function fmt(value: Dec): string {
  return value.toFixed();
}

/** "10–20" or "10": a range is written with an en dash, as the sources write it. */
export function span(lo: Dec, hi: Dec | undefined): string {
  return hi && !hi.equals(lo) ? `${fmt(lo)}–${fmt(hi)}` : fmt(lo);
}

export const SIGNIFICANT_FIGURES = 4;

/**
 * The rounding rule, stated with every rounded figure: products are shown exactly (the arithmetic the reader
 * checks); the dose to give or a volume that needs more than 4 significant figures is rounded down to 4, so it
 * never exceeds the product or the maximum. A maximum is a quoted figure and is never rounded. Quoted doses have 1
 * to 3 significant figures and weights 2 or 3, so rounding is rare.
 */
export const ROUNDING_RULE =
  'products are exact; a dose or volume needing more than 4 significant figures is rounded down to 4 (≈ marks a rounded volume)';

export function roundFigure(value: Dec): { value: Dec; rounded: boolean } {
  if (value.isZero() || value.sd() <= SIGNIFICANT_FIGURES) return { value, rounded: false };
  return { value: value.toSignificantDigits(SIGNIFICANT_FIGURES, Decimal.ROUND_DOWN), rounded: true };
}
