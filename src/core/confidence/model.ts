// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: fitted figures that may land near a constant
// `measured` is leave-one-set-out: each set scored by a model and thresholds fitted on the others.
import type { ConfidenceModel } from './model-types.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 2.968,
    sentenceCoverage: 1.532,
    bigram: 0.612,
    margin: 0.896,
    dense: 2.381,
    rare: -0.066,
    coverage2: -1.793,
    missing: -0.816,
    lexical: 0.688,
    rareDocs: 1.05,
    mentions: 0.532,
    leadCoverage: 1.098,
    kindStated: 1.454,
    groupFit: 0.69,
    valueFit: -0.329,
  },
  bias: -3.388,
  thresholds: {
    high: 0.998,
    medium: 0.973,
    low: 0.591,
  },
  measured: {
    high: {
      precision: 0.984,
      n: 62,
      low: 0.914,
      high: 0.997,
    },
    medium: {
      precision: 0.975,
      n: 643,
      low: 0.96,
      high: 0.985,
    },
    low: {
      precision: 0.867,
      n: 761,
      low: 0.841,
      high: 0.89,
    },
    insufficient: {
      precision: 0.722,
      n: 356,
      low: 0.673,
      high: 0.766,
    },
  },
  measuredOn: 'on 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), each left out of the fit in turn',
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo', 'protocols-dev'],
};
