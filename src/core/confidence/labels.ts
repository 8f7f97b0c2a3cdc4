/**
 * Confidence: a logistic model over measured evidence features gives a score in [0, 1]; thresholds turn it into
 * high / medium / low / insufficient (abstain). Weights and default thresholds are fitted on the evaluation sets
 * by `scripts/fit-confidence.ts` and live in model.ts; deployments recalibrate from their reviewers' ratings with
 * `rounds calibrate` (config file `confidence`, merged into the model in src/config/confidence.ts), and the labels'
 * stated figures then say they were measured on those ratings.
 */

import type { Confidence, ConfidenceLabel } from '../types.js';
import type { AnswerSignals } from './answer-signals.js';
import type { EvidenceFeatures } from './features.js';
import { CONFIDENCE_MODEL } from './model.js';
import type { ConfidenceModel, MeasuredAs, Thresholds } from './model-types.js';

export type { ConfidenceModel, MeasuredAs, MeasuredFigure, Thresholds } from './model-types.js';

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

/** What a measured share counts, for an answered label and for an abstention (see MeasuredAs). */
const HELD: Record<MeasuredAs, { answer: string; abstention: string }> = {
  cited_relevant: { answer: 'cited a relevant source', abstention: 'were on questions the sources could not answer' },
  reviewer_approved: { answer: 'were approved by a reviewer', abstention: 'were approved by a reviewer as right to abstain' },
  approved_or_cited: {
    answer: 'were approved by a reviewer or, for evaluation questions, cited a relevant source',
    abstention: 'were approved by a reviewer as right to abstain',
  },
};

const percent = (x: number) => Math.round(x * 100);

/**
 * The measured figure behind a label, with where it was measured (shown one click away, not in the sentence):
 * "On 4 evaluation sets (…), left out one at a time, 97% of medium-confidence answers cited a relevant source
 * (1100 answers; 95% interval 96–98%)." A figure on fewer than 10 answers is not stated: it would promise noise.
 */
export function measuredFor(label: ConfidenceLabel, model: ConfidenceModel = CONFIDENCE_MODEL): string | undefined {
  const m = model.measured?.[label];
  if (!m || m.n < 10) return undefined;
  const pct = percent(m.precision);
  if (!model.measuredOn) return legacyMeasured(label, pct, m.n, model);
  const on = model.measuredOn.charAt(0).toUpperCase() + model.measuredOn.slice(1);
  const held = HELD[model.measuredAs ?? 'cited_relevant'];
  const ci = m.low !== undefined && m.high !== undefined ? `; 95% interval ${percent(m.low)}–${percent(m.high)}%` : '';
  if (label === 'insufficient') return `${on}, ${pct}% of abstentions ${held.abstention} (${m.n} abstentions${ci}).`;
  return `${on}, ${pct}% of ${label}-confidence answers ${held.answer} (${m.n} answers${ci}).`;
}

/** The wording of a model that does not say where it was measured beyond the sets it was fitted on. */
function legacyMeasured(label: ConfidenceLabel, pct: number, n: number, model: ConfidenceModel): string {
  const sets = model.fittedOn?.length
    ? ` (${model.fittedOn.join(', ')}${model.folds ? `, ${model.folds}-fold cross-validation` : ''})`
    : '';
  if (label === 'insufficient')
    return `On the evaluation sets${sets}, ${pct}% of abstentions were on questions the sources could not answer.`;
  return `On the evaluation sets${sets}, ${pct}% of ${label}-confidence answers cited a relevant source (${n} answers).`;
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
