/**
 * Writes `confidence.thresholds` into the deployment's config file without disturbing anything else: the YAML
 * is edited through the `yaml` Document API so comments, key order and formatting survive, and the result is
 * validated against the config schema before it replaces the file (atomically, via rename).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isMap, parseDocument } from 'yaml';
import { fileSchema } from '../config/config.js';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Thresholds } from './calibrate.js';

export function writeThresholds(path: string, t: Thresholds): void {
  const exists = existsSync(path);
  const text = exists ? readFileSync(path, 'utf8') : '';
  let output: string;
  let value: unknown;
  if (path.endsWith('.json')) {
    const json = (text.trim() ? JSON.parse(text) : {}) as Record<string, unknown>;
    const confidence = (json.confidence ?? {}) as Record<string, unknown>;
    json.confidence = { ...confidence, thresholds: { high: t.high, medium: t.medium, low: t.low } };
    value = json;
    output = `${JSON.stringify(json, null, 2)}\n`;
  } else {
    const doc = parseDocument(text || '# Rounds deployment settings (see README.md, "Configuration").\n');
    if (doc.errors.length) {
      throw new RoundsError(ErrorCode.ConfigInvalid, `${path} is not valid YAML: ${doc.errors[0]?.message}. Fix it before calibrating.`);
    }
    if (doc.contents !== null && !isMap(doc.contents)) {
      throw new RoundsError(ErrorCode.ConfigInvalid, `${path} must hold a YAML mapping at the top level.`);
    }
    // setIn per key keeps any comment attached to an existing thresholds block.
    for (const key of ['high', 'medium', 'low'] as const) doc.setIn(['confidence', 'thresholds', key], t[key]);
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
