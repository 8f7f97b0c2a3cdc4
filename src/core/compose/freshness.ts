/** Currency of sources: a citation past its review date, or from a document declared superseded, is flagged. */
import type { ChunkMeta, FreshnessWarning } from '../types.js';

/** `today` is an ISO date (YYYY-MM-DD); ISO dates compare correctly as strings. */
export function freshnessWarnings(meta: Pick<ChunkMeta, 'reviewBy' | 'supersededBy'>, today: string): FreshnessWarning[] {
  const out: FreshnessWarning[] = [];
  if (meta.reviewBy && /^\d{4}-\d{2}-\d{2}/.test(meta.reviewBy) && meta.reviewBy.slice(0, 10) < today) {
    out.push({ kind: 'past_review', reviewBy: meta.reviewBy.slice(0, 10) });
  }
  if (meta.supersededBy) out.push({ kind: 'superseded', by: meta.supersededBy });
  return out;
}
