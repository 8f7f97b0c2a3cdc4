/**
 * The config file's `confidence` slice: what `rounds calibrate` writes is validated at start, and merged into the
 * model answers use only when the figures were measured under the weights and thresholds in force.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { deploymentConfidence, shippedModelId } from '../../src/config/confidence.js';
import { loadConfig } from '../../src/config/config.js';
import { measuredFor } from '../../src/core/confidence/labels.js';
import { CONFIDENCE_MODEL } from '../../src/core/confidence/model.js';
import { answerSettings } from '../../src/runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'rounds-confidence-config-'));
const load = (confidence: Record<string, unknown>) => {
  writeFileSync(join(dir, 'rounds.config.yaml'), stringify({ confidence }));
  return loadConfig({ ROUNDS_DATA_DIR: join(dir, 'data') }, dir);
};

const OWN = {
  thresholds: { high: 0.97, medium: 0.8, low: 0.74 },
  measured: { medium: { precision: 0.774, n: 146, low: 0.7, high: 0.834 }, high: { precision: 0.955, n: 111 } },
  measuredOn: 'on 300 answers your reviewers rated (calibrated 2026-12-03)',
  measuredAs: 'reviewer_approved',
  fittedTo: shippedModelId(),
};

describe('confidence config', () => {
  it('refuses figures without their source, half a weight set, and unknown keys, naming the setting', () => {
    expect(() => load({ ...OWN, measuredOn: undefined })).toThrow(/confidence\.measuredOn.*say where the figures were measured/s);
    expect(() => load({ ...OWN, thresholds: undefined })).toThrow(
      /confidence\.thresholds.*only under the thresholds they were measured with/s,
    );
    expect(() => load({ ...OWN, weights: { coverage: 1 } })).toThrow(/confidence\.bias.*go together/s);
    expect(() => load({ ...OWN, fittedTo: undefined })).toThrow(/confidence\.fittedTo.*rounds calibrate writes it/s);
    expect(() => load({ ...OWN, measured: { medium: { precision: 1.2, n: 10 } } })).toThrow(/confidence\.measured\.medium\.precision/);
    expect(() => load({ ...OWN, measuredon: 'typo' })).toThrow(/measuredon/);
  });

  it("answers state the deployment's own figures and use its thresholds", () => {
    const settings = answerSettings(load(OWN));
    expect(settings.thresholds).toEqual(OWN.thresholds);
    expect(measuredFor('medium', settings.model)).toBe(
      'On 300 answers your reviewers rated (calibrated 2026-12-03), 77% of medium-confidence answers were approved by a reviewer (146 answers; 95% interval 70–83%).',
    );
    // A label the deployment has no figure for states none, rather than the shipped figure under other thresholds.
    expect(measuredFor('low', settings.model)).toBeUndefined();
    expect(settings.model?.weights).toBe(CONFIDENCE_MODEL.weights);
  });

  it('uses refitted weights with the figures measured under them', () => {
    const weights = Object.fromEntries(Object.keys(CONFIDENCE_MODEL.weights).map((k) => [k, 1]));
    const { model, warnings } = deploymentConfidence(load({ ...OWN, weights, bias: -3 }).file.confidence);
    expect(warnings).toEqual([]);
    expect(model).toMatchObject({ weights, bias: -3, thresholds: OWN.thresholds, measuredOn: OWN.measuredOn });
  });

  it('sets aside a calibration fitted to another version of the shipped model, and says so', () => {
    const { model, calibrated, warnings } = deploymentConfidence(load({ ...OWN, fittedTo: 'abcdef123456' }).file.confidence);
    expect(model).toBe(CONFIDENCE_MODEL);
    expect(calibrated).toBe(false);
    expect(warnings[0]).toMatch(
      /fitted to another version of Rounds' confidence model \(abcdef123456; this version's is [0-9a-f]{12}\).*run `rounds calibrate` again/,
    );
  });

  it('states no figure under thresholds set by hand, and keeps the shipped figures under the shipped thresholds', () => {
    const byHand = deploymentConfidence(load({ thresholds: { high: 0.99, medium: 0.9, low: 0.7 } }).file.confidence);
    expect(byHand.model.measured).toBeUndefined();
    expect(byHand.model.thresholds).toEqual({ high: 0.99, medium: 0.9, low: 0.7 });
    expect(byHand.warnings[0]).toMatch(
      /no figures were measured under them, so the labels state no measured figure\. Run `rounds calibrate`/,
    );
    const shipped = deploymentConfidence(load({ thresholds: CONFIDENCE_MODEL.thresholds }).file.confidence);
    expect(shipped.model.measured).toBe(CONFIDENCE_MODEL.measured);
    expect(shipped.warnings).toEqual([]);
    expect(deploymentConfidence(load({}).file.confidence).model).toEqual(CONFIDENCE_MODEL);
  });
});
