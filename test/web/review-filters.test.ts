import { describe, expect, it } from 'vitest';
import { filtersToQuery, PAGE_SIZE, parseFilters, toAnswerQuery } from '../../adapters/web/review-filters.js';

describe('review filters', () => {
  it('maps the query string to an AnswerQuery and back', () => {
    const q = new URLSearchParams('label=low&rating=none&collection=pharmacy&channel=C123&needsReview=1&offset=25');
    const { filters, errors } = parseFilters(q);
    expect(errors).toEqual([]);
    expect(toAnswerQuery(filters)).toEqual({
      label: 'low',
      rating: 'none',
      collection: 'pharmacy',
      channelId: 'C123',
      needsReview: true,
      limit: PAGE_SIZE + 1,
      offset: 25,
    });
    expect(filtersToQuery(filters)).toBe('?label=low&rating=none&collection=pharmacy&channel=C123&needsReview=1&offset=25');
    expect(filtersToQuery(filters, 0)).not.toContain('offset');
  });

  it('reports unknown values instead of widening to everything', () => {
    const { filters, errors } = parseFilters(new URLSearchParams('label=great&rating=meh&offset=-3'));
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain('Unknown confidence label "great"');
    expect(filters.label).toBeUndefined();
    expect(filters.offset).toBe(0);
  });

  it('treats empty values as no filter', () => {
    const { filters, errors } = parseFilters(new URLSearchParams('label=&rating=&collection=&channel='));
    expect(errors).toEqual([]);
    expect(toAnswerQuery(filters)).toEqual({ limit: PAGE_SIZE + 1, offset: 0 });
  });
});
