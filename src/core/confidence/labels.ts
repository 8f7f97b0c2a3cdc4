/**
 * Confidence: a logistic model over measured evidence features gives a score in [0, 1]; thresholds turn it into
 * high / medium / low / insufficient (abstain). Weights and default thresholds are fitted on the evaluation sets
 * by `scripts/fit-confidence.ts` and live in model.ts; deployments recalibrate thresholds from reviewer
 * ratings with `rounds calibrate` (config file `confidence.thresholds`).
 */

import type { Confidence, ConfidenceLabel } from '../types.js';
import type { AnswerSignals } from './answer-signals.js';
import type { EvidenceFeatures } from './features.js';
import { CONFIDENCE_MODEL } from './model.js';
import type { ConfidenceModel, Thresholds } from './model-types.js';

export type { ConfidenceModel, Thresholds } from './model-types.js';

export type ConfidenceFeatures = EvidenceFeatures &
  Partial<AnswerSignals> & {
    /** Mean support of the kept answer sentences by their cited snippets. */
    support: number;
    /** Number of distinct cited sources (capped at 3). */
    sources: number;
  };

export function score(features: ConfidenceFeatures, model: ConfidenceModel = CONFIDENCE_MODEL): number {
  let z = model.bias;
  for (const [name, w] of Object.entries(model.weights)) z += w * ((features as unknown as Record<string, number>)[name] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

export function labelFor(s: number, t: Thresholds): ConfidenceLabel {
  if (s >= t.high) return 'high';
  if (s >= t.medium) return 'medium';
  if (s >= t.low) return 'low';
  return 'insufficient';
}

/** What the label means for the reader, in plain words: what to do with the answer. */
const PLAIN: Record<ConfidenceLabel, string> = {
  high: 'the quoted sources state this directly; check the source before acting',
  medium: 'the quoted sources address the question; read the quoted passages before acting',
  low: 'a weak match; verify against the full source, or ask a colleague, before acting',
  insufficient: 'the knowledge base does not hold enough to answer this',
};

export function meaning(label: ConfidenceLabel): string {
  return PLAIN[label];
}

/**
 * The measured figure behind a label, for a reader who wants it (shown one click away, not in the sentence):
 * out-of-fold, from the evaluation sets the model was fitted on.
 */
export function measuredFor(label: ConfidenceLabel, model: ConfidenceModel = CONFIDENCE_MODEL): string | undefined {
  const m = model.measured?.[label];
  if (!m || m.n < 10) return undefined;
  const pct = Math.round(m.precision * 100);
  const sets = model.fittedOn?.length
    ? ` (${model.fittedOn.join(', ')}${model.folds ? `, ${model.folds}-fold cross-validation` : ''})`
    : '';
  if (label === 'insufficient')
    return `On the evaluation sets${sets}, ${pct}% of abstentions were on questions the sources could not answer.`;
  return `On the evaluation sets${sets}, ${pct}% of ${label}-confidence answers cited a relevant source (${m.n} answers).`;
}

export function assess(
  features: ConfidenceFeatures,
  thresholds: Thresholds = CONFIDENCE_MODEL.thresholds,
  model: ConfidenceModel = CONFIDENCE_MODEL,
): Confidence {
  const s = score(features, model);
  const label = labelFor(s, thresholds);
  return {
    label,
    score: Math.round(s * 10000) / 10000,
    features: Object.fromEntries(Object.entries(features).map(([k, v]) => [k, Math.round(v * 10000) / 10000])),
    meaning: meaning(label),
    ...withMeasured(label, model),
  };
}

/** The `measured` field for a label, when the model has a figure for it. */
export function withMeasured(label: ConfidenceLabel, model: ConfidenceModel = CONFIDENCE_MODEL): { measured?: string } {
  const m = measuredFor(label, model);
  return m ? { measured: m } : {};
}

/** Sets a label decided outside the score (a rule abstained, a cap applied) with its meaning and measured figure. */
export function relabel(confidence: Confidence, label: ConfidenceLabel, model: ConfidenceModel = CONFIDENCE_MODEL): void {
  confidence.label = label;
  confidence.meaning = meaning(label);
  delete confidence.measured;
  Object.assign(confidence, withMeasured(label, model));
}
