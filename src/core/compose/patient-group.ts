/**
 * Whom a worked-out dose is for: the question's patient group and the quoted source's, and the weights plausible for
 * that group. Read through the knowledge team's patient groups (knowledge/qualifiers.yaml: `groups`, `ages`,
 * `weights`) behind these small functions, so a typed patient population can replace them without touching the
 * dose calculation.
 */
import type { Qualifiers } from '../question/qualifiers.js';
import type { RetrievedChunk, Turn } from '../types.js';

/** The groups the question names ("child", "a 5 year old", "newborn"), else those an earlier user turn named. */
export function questionGroups(qualifiers: Qualifiers, question: string, history: Turn[] = []): string[] {
  const own = qualifiers.groupsIn(question);
  if (own.length) return own;
  for (const turn of [...history].reverse()) {
    if (turn.role !== 'user') continue;
    const earlier = qualifiers.groupsIn(turn.text);
    if (earlier.length) return earlier;
  }
  return [];
}

/** The groups a quoted passage is written for: its document's title and headings, and the passage itself. */
export function sourceGroups(qualifiers: Qualifiers, chunk: RetrievedChunk, quote: string): string[] {
  return qualifiers.groupsIn(`${chunk.meta.title}\n${chunk.meta.headingPath.join('\n')}\n${quote}`);
}

/** Whether the question's patients are not those the source is written for (both named, none in common). */
export function groupsDisagree(question: string[], source: string[]): boolean {
  return question.length > 0 && source.length > 0 && !question.some((g) => source.includes(g));
}

export interface WeightCheck {
  plausible: boolean;
  /** The range the weight was read against and the group it belongs to ("any patient" when no group is known). */
  range?: [number, number];
  group?: string;
}

/**
 * A weight read against the plausible range of the patient's group; with no group known, against the widest range
 * the file gives. A weight of zero or less is never plausible.
 */
export function checkWeight(qualifiers: Qualifiers, groups: string[], kg: number): WeightCheck {
  if (!(kg > 0)) return { plausible: false };
  const ranges = qualifiers.weightRanges();
  const known = groups.filter((g) => ranges[g]);
  if (known.length) {
    const fits = known.find((g) => kg >= (ranges[g] as [number, number])[0] && kg <= (ranges[g] as [number, number])[1]);
    const group = fits ?? (known[0] as string);
    return { plausible: Boolean(fits), range: ranges[group] as [number, number], group };
  }
  const all = Object.values(ranges);
  if (all.length === 0) return { plausible: true };
  const range: [number, number] = [Math.min(...all.map((r) => r[0])), Math.max(...all.map((r) => r[1]))];
  return { plausible: kg >= range[0] && kg <= range[1], range };
}
