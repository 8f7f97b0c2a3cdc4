/**
 * Parses the review console's filter query string into an AnswerQuery. Unknown values are reported back to
 * the reviewer (never silently widened to "everything").
 */
import type { AnswerQuery } from '../../src/core/ports.js';
import type { ConfidenceLabel } from '../../src/core/types.js';

export const PAGE_SIZE = 25;
const LABELS: ConfidenceLabel[] = ['high', 'medium', 'low', 'insufficient'];
const RATINGS = ['up', 'down', 'none'] as const;

export interface ReviewFilters {
  label?: ConfidenceLabel;
  rating?: (typeof RATINGS)[number];
  collection?: string;
  channel?: string;
  needsReview: boolean;
  offset: number;
}

export function parseFilters(q: URLSearchParams): { filters: ReviewFilters; errors: string[] } {
  const errors: string[] = [];
  const filters: ReviewFilters = { needsReview: q.get('needsReview') === '1', offset: 0 };
  const label = q.get('label') ?? '';
  if (label) {
    if ((LABELS as string[]).includes(label)) filters.label = label as ConfidenceLabel;
    else errors.push(`Unknown confidence label "${label}": use one of ${LABELS.join(', ')}.`);
  }
  const rating = q.get('rating') ?? '';
  if (rating) {
    if ((RATINGS as readonly string[]).includes(rating)) filters.rating = rating as ReviewFilters['rating'];
    else errors.push(`Unknown rating "${rating}": use up, down or none.`);
  }
  const collection = (q.get('collection') ?? '').trim();
  if (collection) filters.collection = collection.slice(0, 100);
  const channel = (q.get('channel') ?? '').trim();
  if (channel) filters.channel = channel.slice(0, 200);
  const offset = Number(q.get('offset') ?? '0');
  if (Number.isInteger(offset) && offset >= 0 && offset <= 1_000_000) filters.offset = offset;
  else errors.push('The page offset must be a whole number ≥ 0.');
  return { filters, errors };
}

export function toAnswerQuery(f: ReviewFilters): AnswerQuery {
  return {
    ...(f.label ? { label: f.label } : {}),
    ...(f.rating ? { rating: f.rating } : {}),
    ...(f.collection ? { collection: f.collection } : {}),
    ...(f.channel ? { channelId: f.channel } : {}),
    ...(f.needsReview ? { needsReview: true } : {}),
    // One extra row tells whether there is a next page.
    limit: PAGE_SIZE + 1,
    offset: f.offset,
  };
}

/** The query string for these filters (for pagination links and the redirect after rating). */
export function filtersToQuery(f: ReviewFilters, offset = f.offset): string {
  const q = new URLSearchParams();
  if (f.label) q.set('label', f.label);
  if (f.rating) q.set('rating', f.rating);
  if (f.collection) q.set('collection', f.collection);
  if (f.channel) q.set('channel', f.channel);
  if (f.needsReview) q.set('needsReview', '1');
  if (offset > 0) q.set('offset', String(offset));
  const s = q.toString();
  return s ? `?${s}` : '';
}
