/**
 * The patient's weight as the asker typed it: "15 kg", "a 15kg child", "weighs 15.5 kilograms", "birth weight
 * 3200 g", in the question or, failing that, in an earlier user turn of the thread. Only a weight with its unit
 * counts: "weighs 15" could be pounds, and age alone never gives a weight (an estimated weight is a clinician's
 * call, not Rounds'). A weight band a question names ("under 25 kg", "25 kg or more") is no weight. Pounds are
 * recognised so that the answer can ask for kilograms instead of converting (a known source of dosing errors).
 */
import type { Turn } from '../types.js';
import { type Dec, parseNumber } from './dose-units.js';

export interface Weight {
  /** Kilograms, as an exact decimal string ("15", "3.2"). */
  kg: string;
  /** As typed ("15 kg", "3200 g"). */
  text: string;
  from: 'question' | 'thread';
}

export type WeightReading =
  | { kind: 'weight'; weight: Weight }
  | { kind: 'none' }
  /** A weight in pounds, or with no unit ("weighs 15"): Rounds asks for kilograms. */
  | { kind: 'unit'; text: string }
  /** More than one weight: which one is the patient's is the asker's call. */
  | { kind: 'several'; texts: string[] };

const NUM = String.raw`\d+(?:[.,]\d+)?`;
const KG = new RegExp(String.raw`(?<![\w.,/])(${NUM})\s*-?\s*(?:kgs?|kilos?|kilograms?)\b(?!\s*\/)`, 'gi');
const GRAMS = /\b(?:weighs?|weighing|weight|wt|birth\s*weight|bw)\s*(?:is|of|was|:|=)?\s*(\d{3,4})\s*(?:g|grams?)\b/gi;
const POUNDS = new RegExp(String.raw`(?<![\w.,/])(${NUM})\s*-?\s*(?:lbs?|pounds?)\b`, 'gi');
const UNITLESS = new RegExp(String.raw`\b(?:weighs?|weighing|weight|wt)\s*(?:is|of|was|:|=)?\s*(${NUM})\b(?!\s*(?:[a-z%/]))`, 'gi');
/** Words before a figure that make it a band or a limit, not this patient's weight. */
const BAND =
  /(?:\b(?:under|over|below|above|less than|more than|at least|up to|from)|[<>≤≥]|\bbetween\s+\d+(?:[.,]\d+)?\s*(?:kg\s*)?and|\d\s*(?:–|-|to))\s*$/i;
/** Words after a figure that make it a band ("25 kg or more", "25 kg and over"). */
const BAND_AFTER = /^\s*(?:or|and)\s+(?:more|over|above|less|under|below|heavier|lighter)\b|^\s*(?:to|–|-)\s*\d/i;

interface Found {
  kg?: Dec;
  text: string;
  index: number;
}

function found(text: string): { weights: Found[]; unit: string | undefined } {
  const weights: Found[] = [];
  const isBand = (index: number, length: number) =>
    BAND.test(text.slice(Math.max(0, index - 24), index)) || BAND_AFTER.test(text.slice(index + length));
  for (const m of text.matchAll(KG)) {
    const kg = parseNumber(m[1] as string);
    if (kg && !isBand(m.index ?? 0, m[0].length)) weights.push({ kg, text: m[0].trim(), index: m.index ?? 0 });
  }
  for (const m of text.matchAll(GRAMS)) {
    const g = parseNumber(m[1] as string);
    if (g) weights.push({ kg: g.dividedBy(1000), text: m[0].trim(), index: m.index ?? 0 });
  }
  const pounds = [...text.matchAll(POUNDS)].find((m) => !isBand(m.index ?? 0, m[0].length));
  const unitless = [...text.matchAll(UNITLESS)][0];
  return { weights, unit: pounds?.[0].trim() ?? unitless?.[0].trim() };
}

function reading(text: string, from: Weight['from']): WeightReading {
  const { weights, unit } = found(text);
  const distinct = weights.filter((w, i) => weights.findIndex((v) => v.kg?.equals(w.kg as Dec)) === i);
  if (distinct.length > 1) return { kind: 'several', texts: distinct.map((w) => w.text) };
  const one = distinct[0];
  if (one?.kg) return { kind: 'weight', weight: { kg: one.kg.toFixed(), text: one.text, from } };
  if (unit) return { kind: 'unit', text: unit };
  return { kind: 'none' };
}

/** The weight the question gives, else the latest one an earlier user turn gave (assistant turns never count). */
export function readWeight(question: string, history: Turn[] = []): WeightReading {
  const own = reading(question, 'question');
  if (own.kind !== 'none') return own;
  for (const turn of [...history].reverse()) {
    if (turn.role !== 'user') continue;
    const earlier = reading(turn.text, 'thread');
    if (earlier.kind !== 'none') return earlier;
  }
  return own;
}
