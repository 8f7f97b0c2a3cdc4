// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: fitted figures that may land near a constant
// `measured` is leave-one-set-out: each set scored by a model and thresholds fitted on the others.
import type { ConfidenceModel } from './model-types.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 2.723,
    sentenceCoverage: 1.111,
    bigram: 0.501,
    margin: 0.639,
    dense: 2.379,
    rare: -0.174,
    coverage2: -1.411,
    missing: -0.657,
    lexical: 0.678,
    rareDocs: 0.822,
    mentions: 0.774,
    leadCoverage: 1.563,
    kindStated: 1.162,
    groupFit: 0.654,
    valueFit: -0.068,
  },
  bias: -3.076,
  thresholds: {
    high: 0.997,
    medium: 0.974,
    low: 0.601,
  },
  measured: {
    high: {
      precision: 0.972,
      n: 251,
      low: 0.944,
      high: 0.986,
    },
    medium: {
      precision: 0.969,
      n: 509,
      low: 0.95,
      high: 0.981,
    },
    low: {
      precision: 0.836,
      n: 703,
      low: 0.807,
      high: 0.862,
    },
    insufficient: {
      precision: 0.696,
      n: 359,
      low: 0.647,
      high: 0.742,
    },
  },
  measuredOn: 'on 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), each left out of the fit in turn',
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo', 'protocols-dev'],
};
