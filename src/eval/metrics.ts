/** Retrieval and abstention metrics at document level (the format of ../shared/eval). */

export function recallAt(ranking: string[], relevant: string[], k: number): number {
  if (relevant.length === 0) return 0;
  const top = new Set(ranking.slice(0, k));
  return relevant.filter((r) => top.has(r)).length / relevant.length;
}

export function reciprocalRank(ranking: string[], relevant: string[], k = 10): number {
  const rel = new Set(relevant);
  const i = ranking.slice(0, k).findIndex((d) => rel.has(d));
  return i < 0 ? 0 : 1 / (i + 1);
}

export function ndcgAt(ranking: string[], relevant: string[], k = 10): number {
  const rel = new Set(relevant);
  let dcg = 0;
  ranking.slice(0, k).forEach((d, i) => {
    if (rel.has(d)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, rel.size); i += 1) ideal += 1 / Math.log2(i + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

/** P(score of a random positive > score of a random negative), ties count half. */
export function auroc(positives: number[], negatives: number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const all = [...positives.map((s) => ({ s, p: 1 })), ...negatives.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  // Rank-sum (Mann-Whitney U) with average ranks for ties: O(n log n).
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]?.s === all[i]?.s) j += 1;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k += 1) if (all[k]?.p) rankSum += avg;
    i = j;
  }
  const n1 = positives.length;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * negatives.length);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

export function round4(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 10000) / 10000 : x;
}

/**
 * Share of must-abstain questions scored below the threshold that keeps `keep` of the answerable ones answered
 * (the threshold is the answerable scores' (1 - keep) quantile).
 */
export function abstainedAt(positives: number[], negatives: number[], keep: number): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const sorted = [...positives].sort((a, b) => a - b);
  const t = sorted[Math.floor((1 - keep) * sorted.length)] as number;
  return negatives.filter((s) => s < t).length / negatives.length;
}

/** Lowercase, diacritics folded, citation markers, markup and punctuation gone, words single-spaced. */
function plainWords(text: string): string {
  return ` ${text
    .replace(/\[\d+\]/g, ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/**
 * Share of expected items the text states (../shared/eval/README.md): an item is stated when one of its spellings
 * occurs as whole words, case-insensitive, punctuation and markup ignored.
 */
export function itemsStated(text: string, items: string[][]): number {
  if (items.length === 0) return 0;
  const hay = plainWords(text);
  const stated = items.filter((spellings) =>
    spellings.some((s) => {
      const needle = plainWords(s);
      return needle.trim().length > 0 && hay.includes(needle);
    }),
  );
  return stated.length / items.length;
}

/** plainWords, with a number and its unit apart ("0.5mg" as "0 5 mg"): doses are compared however they are spaced. */
function unitWords(text: string): string {
  return plainWords(text.replace(/(\d)(?=\p{L})/gu, '$1 ').replace(/(\p{L})(?=\d)/gu, '$1 '));
}

/** Whether the text states any of the items (each a list of spellings), doses compared however spaced. */
export function statesAny(text: string, items: string[][]): boolean {
  const hay = unitWords(text);
  return items.some((spellings) => spellings.some((s) => unitWords(s).trim().length > 0 && hay.includes(unitWords(s))));
}

/** Whether the text states every item, doses compared however spaced. */
export function statesAll(text: string, items: string[][]): boolean {
  return items.every((item) => statesAny(text, [item]));
}
