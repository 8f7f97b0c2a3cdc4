/**
 * Reciprocal rank fusion (Cormack et al. 2009): score = Σ weight / (k + rank). Rank-based, so BM25 scores and
 * cosine similarities need no common scale. With the offline hash embedder the dense list weighs almost nothing
 * (see DEFAULT_SETTINGS.denseWeight): it orders what BM25 does not find; an OpenAI-compatible embedder gets an equal
 * weight.
 */

export interface RankedList {
  ids: string[];
  weight: number;
}

export const RRF_K = 60;

export function reciprocalRankFusion(lists: RankedList[], k = RRF_K): Map<string, number> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.ids.forEach((id, index) => {
      scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + index + 1));
    });
  }
  return scores;
}
