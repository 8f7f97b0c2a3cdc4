/**
 * A label's stated figure says where it was measured: the evaluation sets, left out one at a time, or this
 * deployment's reviewers once it calibrated; with the 95% interval when known; and a model that does not say keeps
 * the wording it always had.
 */
import { describe, expect, it } from 'vitest';
import { assess, type ConfidenceFeatures, measuredFor, relabel } from '../../src/core/confidence/labels.js';
import { CONFIDENCE_MODEL } from '../../src/core/confidence/model.js';
import type { ConfidenceModel } from '../../src/core/confidence/model-types.js';

const LOSO = 'on 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), left out one at a time';
const model = (over: Partial<ConfidenceModel>): ConfidenceModel => ({
  weights: { coverage: 4 },
  bias: -2,
  thresholds: { high: 0.9, medium: 0.7, low: 0.5 },
  measured: {
    high: { precision: 0.987, n: 86 },
    medium: { precision: 0.953, n: 1210, low: 0.94, high: 0.964 },
    low: { precision: 0.8, n: 9 },
    insufficient: { precision: 0.81, n: 400 },
  },
  ...over,
});

describe('measuredFor', () => {
  it('states the evaluation sets, left out one at a time, with the interval when the model has one', () => {
    const m = model({ measuredOn: LOSO });
    expect(measuredFor('medium', m)).toBe(
      'On 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), left out one at a time, 95% of medium-confidence answers cited a relevant source (1210 answers; 95% interval 94–96%).',
    );
    expect(measuredFor('high', m)).toBe(
      'On 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), left out one at a time, 99% of high-confidence answers cited a relevant source (86 answers).',
    );
    expect(measuredFor('insufficient', m)).toBe(
      'On 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), left out one at a time, 81% of abstentions were on questions the sources could not answer (400 abstentions).',
    );
    // Fewer than 10 answers: no figure rather than noise.
    expect(measuredFor('low', m)).toBeUndefined();
  });

  it("states the deployment's reviewers, or reviewers and evaluation questions pooled", () => {
    const own = model({ measuredOn: 'on 312 answers your reviewers rated (calibrated 2026-12-03)', measuredAs: 'reviewer_approved' });
    expect(measuredFor('medium', own)).toBe(
      'On 312 answers your reviewers rated (calibrated 2026-12-03), 95% of medium-confidence answers were approved by a reviewer (1210 answers; 95% interval 94–96%).',
    );
    expect(measuredFor('insufficient', own)).toBe(
      'On 312 answers your reviewers rated (calibrated 2026-12-03), 81% of abstentions were approved by a reviewer as right to abstain (400 abstentions).',
    );
    const pooled = model({
      measuredOn: 'on 312 answers your reviewers rated and 50 evaluation questions',
      measuredAs: 'approved_or_cited',
    });
    expect(measuredFor('high', pooled)).toMatch(
      /99% of high-confidence answers were approved by a reviewer or, for evaluation questions, cited a relevant source \(86 answers\)\.$/,
    );
  });

  it('keeps the wording of a model that does not say where it was measured', () => {
    expect(measuredFor('medium', model({ fittedOn: ['pubmedqa-dev', 'demo'], folds: 5 }))).toBe(
      'On the evaluation sets (pubmedqa-dev, demo, 5-fold cross-validation), 95% of medium-confidence answers cited a relevant source (1210 answers).',
    );
  });

  it('is what assess and relabel put on an answer, for the model they are given', () => {
    const m = model({ measuredOn: LOSO });
    const c = assess({ coverage: 1 } as unknown as ConfidenceFeatures, m.thresholds, m);
    expect(c.label).toBe('medium');
    expect(c.measured).toBe(measuredFor('medium', m));
    relabel(c, 'insufficient', m);
    expect(c.measured).toBe(measuredFor('insufficient', m));
    relabel(c, 'low', m);
    expect(c.measured).toBeUndefined();
    // Without a model: the shipped one.
    expect(assess({ coverage: 1 } as unknown as ConfidenceFeatures).measured).toBe(
      measuredFor(assess({ coverage: 1 } as unknown as ConfidenceFeatures).label, CONFIDENCE_MODEL),
    );
  });
});
