import { describe, expect, it } from 'vitest';
import { RRF_K, reciprocalRankFusion } from '../../src/core/retrieve/fusion.js';

describe('reciprocalRankFusion', () => {
  it('sums weighted reciprocal ranks across lists', () => {
    const s = reciprocalRankFusion([
      { ids: ['a', 'b', 'c'], weight: 1 },
      { ids: ['b', 'a'], weight: 0.5 },
    ]);
    expect(s.get('a')).toBeCloseTo(1 / (RRF_K + 1) + 0.5 / (RRF_K + 2));
    expect(s.get('b')).toBeCloseTo(1 / (RRF_K + 2) + 0.5 / (RRF_K + 1));
    expect(s.get('c')).toBeCloseTo(1 / (RRF_K + 3));
  });

  it('ranks an item found by both lists above one found by only one at the same rank', () => {
    const s = reciprocalRankFusion([
      { ids: ['x', 'y'], weight: 1 },
      { ids: ['y', 'z'], weight: 1 },
    ]);
    expect((s.get('y') ?? 0) > (s.get('x') ?? 0)).toBe(true);
    expect((s.get('x') ?? 0) > (s.get('z') ?? 0) || s.get('x') === s.get('z')).toBe(true);
  });
});
