/**
 * The config file's `confidence` slice and the confidence model answers use: the shipped model (model.ts) with
 * what `rounds calibrate` wrote for this deployment merged in (thresholds, its reviewers' measured figures and
 * where they were measured, and refitted weights when there were enough ratings).
 * A label's stated figure must have been measured under the weights and thresholds in force: figures measured
 * under other thresholds, or a calibration fitted to another version of the shipped model, are not shown, and
 * the reason is returned as a warning for the log.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CONFIDENCE_MODEL } from '../core/confidence/model.js';
import type { ConfidenceModel, Thresholds } from '../core/confidence/model-types.js';

const unit = z.number().min(0).max(1);

const figureSchema = z.object({ precision: unit, n: z.number().int().min(0), low: unit.optional(), high: unit.optional() }).strict();

export const confidenceSchema = z
  .object({
    /** Calibrated-score thresholds: score >= high → high, >= medium → medium, >= low → low, else insufficient (abstain). */
    thresholds: z
      .object({ high: unit, medium: unit, low: unit })
      .refine((t) => t.high >= t.medium && t.medium >= t.low, { message: 'must satisfy high >= medium >= low' })
      .optional(),
    /** Per label: the share of this deployment's rated answers that held, with its 95% Wilson interval. */
    measured: z
      .object({
        high: figureSchema.optional(),
        medium: figureSchema.optional(),
        low: figureSchema.optional(),
        insufficient: figureSchema.optional(),
      })
      .strict()
      .optional(),
    /** Where `measured` was measured: "on 312 answers your reviewers rated (calibrated 2026-12-03)". */
    measuredOn: z.string().min(1).max(300).optional(),
    measuredAs: z.enum(['cited_relevant', 'reviewer_approved', 'approved_or_cited']).optional(),
    /** Logistic weights refitted on this deployment's ratings (only past the minimum; see docs/feedback.md). */
    weights: z.record(z.string(), z.number()).optional(),
    bias: z.number().optional(),
    /** The shipped model these were calibrated against (`shippedModelId`): another version sets them aside. */
    fittedTo: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const need = (when: boolean, key: string, message: string) => {
      if (when) ctx.addIssue({ code: 'custom', path: [key], message });
    };
    need(Boolean(c.measured) && !c.measuredOn, 'measuredOn', 'is required with confidence.measured: say where the figures were measured');
    need(
      Boolean(c.measured) && !c.thresholds,
      'thresholds',
      'are required with confidence.measured: the figures hold only under the thresholds they were measured with',
    );
    need(
      (c.weights === undefined) !== (c.bias === undefined),
      c.weights ? 'bias' : 'weights',
      'confidence.weights and confidence.bias go together',
    );
    need(Boolean(c.weights) && !c.measured, 'measured', 'is required with confidence.weights (rounds calibrate writes both)');
    need(
      Boolean(c.measured ?? c.weights) && !c.fittedTo,
      'fittedTo',
      'is required with confidence.measured or .weights (rounds calibrate writes it)',
    );
  })
  .default({});

export type ConfidenceConfig = z.infer<typeof confidenceSchema>;

/** A short fingerprint of a model's weights and bias: which shipped model a deployment calibrated against. */
export function shippedModelId(model: ConfidenceModel = CONFIDENCE_MODEL): string {
  const weights = Object.entries(model.weights).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(JSON.stringify({ weights, bias: model.bias }))
    .digest('hex')
    .slice(0, 12);
}

const same = (a: Thresholds, b: Thresholds) => a.high === b.high && a.medium === b.medium && a.low === b.low;

export interface DeploymentConfidence {
  model: ConfidenceModel;
  /** Whether the labels' figures are the deployment's own (measured on its reviewers' ratings). */
  calibrated: boolean;
  /** Why part of the config was set aside, for the log at start. */
  warnings: string[];
}

export function deploymentConfidence(c: ConfidenceConfig, shipped: ConfidenceModel = CONFIDENCE_MODEL): DeploymentConfidence {
  const id = shippedModelId(shipped);
  if (c.fittedTo && c.fittedTo !== id) {
    return {
      model: shipped,
      calibrated: false,
      warnings: [
        `The confidence calibration in the config file was fitted to another version of Rounds' confidence model (${c.fittedTo}; this version's is ${id}). Its thresholds, weights and figures are set aside and the shipped model is used: run \`rounds calibrate\` again.`,
      ],
    };
  }
  const thresholds = c.thresholds ?? shipped.thresholds;
  const model: ConfidenceModel = { ...shipped, thresholds };
  if (c.weights && c.bias !== undefined) {
    model.weights = c.weights;
    model.bias = c.bias;
  }
  if (c.measured && c.measuredOn) {
    model.measured = c.measured;
    model.measuredOn = c.measuredOn;
    model.measuredAs = c.measuredAs ?? 'reviewer_approved';
    return { model, calibrated: true, warnings: [] };
  }
  if (same(thresholds, shipped.thresholds)) return { model, calibrated: false, warnings: [] };
  delete model.measured;
  return {
    model,
    calibrated: false,
    warnings: [
      "confidence.thresholds in the config file differ from the shipped model's and no figures were measured under them, so the labels state no measured figure. Run `rounds calibrate` to measure them on your reviewers' ratings.",
    ],
  };
}
