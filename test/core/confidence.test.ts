import { describe, expect, it } from 'vitest';
import { assess, type ConfidenceFeatures, labelFor, score } from '../../src/core/confidence/labels.js';

const strong: ConfidenceFeatures = {
  coverage: 1,
  sentenceCoverage: 0.9,
  bigram: 0.8,
  margin: 0.6,
  dense: 0.7,
  agreement: 1,
  rare: 1,
  outOfScope: 0,
  coverage2: 0.8,
  missing: 0,
  lexical: 0.6,
  rareDocs: 1,
  mentions: 1,
  support: 1,
  sources: 2,
};
const weak: ConfidenceFeatures = {
  coverage: 0.2,
  sentenceCoverage: 0.15,
  bigram: 0,
  margin: 0.05,
  dense: 0.1,
  agreement: 0,
  rare: 0,
  outOfScope: 0,
  coverage2: 0.1,
  missing: 1,
  lexical: 0.1,
  rareDocs: 0,
  mentions: 0,
  support: 1,
  sources: 1,
};

describe('confidence', () => {
  it('maps scores to labels by thresholds', () => {
    const t = { high: 0.9, medium: 0.7, low: 0.5 };
    expect(labelFor(0.95, t)).toBe('high');
    expect(labelFor(0.9, t)).toBe('high');
    expect(labelFor(0.8, t)).toBe('medium');
    expect(labelFor(0.6, t)).toBe('low');
    expect(labelFor(0.49, t)).toBe('insufficient');
  });

  it('scores strong evidence above weak evidence, monotonically in coverage', () => {
    expect(score(strong)).toBeGreaterThan(score(weak));
    expect(score({ ...weak, coverage: 0.8 })).toBeGreaterThan(score(weak));
  });

  it('abstains on weak evidence and records the features with a readable meaning', () => {
    const c = assess(weak);
    expect(c.label).toBe('insufficient');
    expect(c.features.coverage).toBe(0.2);
    expect(c.meaning).toBe('the knowledge base does not hold enough to answer this');
    // Where it was measured comes from the model (`measuredOn`), or the sets it was fitted on.
    expect(c.measured).toMatch(
      /^On (the|\d+) evaluation sets .* of abstentions were on questions the sources could not answer( \(.*\))?\.$/,
    );
    expect(assess(strong).label).not.toBe('insufficient');
  });
});
