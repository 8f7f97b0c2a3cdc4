/**
 * Writes `rounds calibrate`'s result into the deployment's config file without disturbing anything else: the YAML
 * is edited through the `yaml` Document API so comments, key order and formatting survive, and the result is
 * validated against the config schema before it replaces the file (atomically, via rename).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type Document, isMap, parseDocument } from 'yaml';
import { fileSchema } from '../config/config.js';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Thresholds } from './calibrate.js';
import type { Calibration } from './calibration-run.js';

type Edit = (doc: Pick<Document, 'setIn' | 'deleteIn'>) => void;

/** Applies `edit` to the file at `path` (YAML or JSON), validates the result and replaces the file. */
function editConfig(path: string, edit: Edit): void {
  const exists = existsSync(path);
  const text = exists ? readFileSync(path, 'utf8') : '';
  let output: string;
  let value: unknown;
  if (path.endsWith('.json')) {
    const doc = parseDocument(text.trim() ? text : '{}');
    if (doc.errors.length) throw new RoundsError(ErrorCode.ConfigInvalid, `${path} is not valid JSON: ${doc.errors[0]?.message}.`);
    edit(doc);
    value = doc.toJS();
    output = `${JSON.stringify(value, null, 2)}\n`;
  } else {
    const doc = parseDocument(text || '# Rounds deployment settings (see README.md, "Configuration").\n');
    if (doc.errors.length) {
      throw new RoundsError(ErrorCode.ConfigInvalid, `${path} is not valid YAML: ${doc.errors[0]?.message}. Fix it before calibrating.`);
    }
    if (doc.contents !== null && !isMap(doc.contents)) {
      throw new RoundsError(ErrorCode.ConfigInvalid, `${path} must hold a YAML mapping at the top level.`);
    }
    edit(doc);
    value = doc.toJS();
    output = doc.toString();
  }
  const parsed = fileSchema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      `Refusing to write ${path}: the result would not be a valid config (${issue?.path.join('.')}: ${issue?.message}).`,
    );
  }
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, output);
  renameSync(tmp, path);
}

// setIn per key keeps any comment attached to an existing thresholds block.
const setThresholds = (doc: Pick<Document, 'setIn'>, t: Thresholds) => {
  for (const key of ['high', 'medium', 'low'] as const) doc.setIn(['confidence', 'thresholds', key], t[key]);
};

export function writeThresholds(path: string, t: Thresholds): void {
  editConfig(path, (doc) => setThresholds(doc, t));
}

/**
 * Writes a deployment's calibration: thresholds, the figures each label states and where they were measured,
 * the weights they hold under (removed when they are the shipped ones) and the shipped model they were fitted to.
 */
export function writeCalibration(path: string, c: Calibration, fittedTo: string): void {
  editConfig(path, (doc) => {
    setThresholds(doc, c.thresholds);
    doc.deleteIn(['confidence', 'measured']);
    doc.setIn(['confidence', 'measured'], c.measured);
    doc.setIn(['confidence', 'measuredOn'], c.measuredOn);
    doc.setIn(['confidence', 'measuredAs'], c.measuredAs);
    if (c.weights) {
      doc.deleteIn(['confidence', 'weights']);
      doc.setIn(['confidence', 'weights'], c.weights.weights);
      doc.setIn(['confidence', 'bias'], c.weights.bias);
    } else {
      doc.deleteIn(['confidence', 'weights']);
      doc.deleteIn(['confidence', 'bias']);
    }
    doc.setIn(['confidence', 'fittedTo'], fittedTo);
  });
}
