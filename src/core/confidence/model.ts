// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: fitted figures that may land near a constant
// `measured` is leave-one-set-out: each set scored by a model and thresholds fitted on the others.
import type { ConfidenceModel } from './model-types.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 2.697,
    sentenceCoverage: 1.077,
    bigram: 0.498,
    margin: 0.634,
    dense: 2.407,
    rare: -0.172,
    coverage2: -1.417,
    missing: -0.658,
    lexical: 0.704,
    rareDocs: 0.819,
    mentions: 0.776,
    leadCoverage: 1.613,
    kindStated: 1.168,
    groupFit: 0.656,
    valueFit: -0.066,
  },
  bias: -3.087,
  thresholds: {
    high: 0.997,
    medium: 0.959,
    low: 0.654,
  },
  measured: {
    high: {
      precision: 0.973,
      n: 219,
      low: 0.942,
      high: 0.987,
    },
    medium: {
      precision: 0.969,
      n: 547,
      low: 0.951,
      high: 0.981,
    },
    low: {
      precision: 0.854,
      n: 664,
      low: 0.825,
      high: 0.879,
    },
    insufficient: {
      precision: 0.666,
      n: 392,
      low: 0.618,
      high: 0.711,
    },
  },
  measuredOn: 'on 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), each left out of the fit in turn',
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo', 'protocols-dev'],
};
