/**
 * Reciprocal rank fusion (Cormack et al. 2009): score = Σ weight / (k + rank). Rank-based, so BM25 scores and
 * cosine similarities need no common scale. The lexical list weighs more by default because the offline hash
 * embedder is weaker than BM25 (pubmedqa-dev recall@1: dense 0.93, BM25 0.965); an OpenAI-compatible embedder can
 * be given an equal weight.
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
