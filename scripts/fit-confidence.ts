/**
 * Fits the confidence model (logistic regression over the evidence features) and its default thresholds from
 * `rounds eval --out` reports, then writes src/core/confidence-model.ts. Each set weighs the same whatever its
 * size, so a large set cannot drown a small one. Usage:
 *   npx tsx scripts/fit-confidence.ts report-a.json report-b.json [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { QuestionRecord } from '../src/eval/run-eval.js';

const FEATURES = ['coverage', 'sentenceCoverage', 'bigram', 'margin', 'dense', 'rare'] as const;
// FILE[:ANSWERED:ABSTAINED] — the targets for that set (answer at least ANSWERED of its answerable questions,
// abstain on at least ABSTAINED of the rest). The first file is the primary set: its targets are met first.
const specs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = specs.map((a) => a.split(':')[0] as string);
const targets = specs.map((a) => {
  const [, answered, abstained] = a.split(':');
  return { answered: Number(answered ?? 0.95), abstained: Number(abstained ?? 0.9) };
});
const write = process.argv.includes('--write');
if (files.length === 0) {
  console.error('usage: tsx scripts/fit-confidence.ts REPORT.json [...] [--write]');
  process.exit(2);
}
const sets = files.map((f) => {
  const r = JSON.parse(readFileSync(f, 'utf8')) as { set: string; questions: QuestionRecord[] };
  return { name: r.set, rows: r.questions.filter((q) => q.status !== 'refused' && Object.keys(q.features).length > 0) };
});

// Rows the pipeline abstains on whatever the score (the best source says the subject is outside its scope, or the
// question names a medicine the knowledge base never mentions) count as abstentions at every threshold.
type Row = { x: number[]; y: number; w: number; set: number; answerable: boolean; good: boolean; forced: boolean };
const rows: Row[] = [];
sets.forEach((s, si) => {
  for (const q of s.rows) {
    const good = q.answerable && (q.hit_at_1 || q.cited_relevant);
    rows.push({
      x: FEATURES.map((f) => q.features[f] ?? 0),
      y: q.answerable ? 1 : 0,
      w: 1 / s.rows.length,
      set: si,
      answerable: q.answerable,
      good,
      forced: q.features.outOfScope === 1 || q.features.unknownMedicine === 1,
    });
  }
});

// Standardise, fit by gradient descent with a small L2 penalty, then fold the scaling back into the weights.
const d = FEATURES.length;
const mu = FEATURES.map((_, j) => rows.reduce((a, r) => a + (r.x[j] as number) * r.w, 0) / sets.length);
const sd = FEATURES.map(
  (_, j) => Math.sqrt(rows.reduce((a, r) => a + ((r.x[j] as number) - (mu[j] as number)) ** 2 * r.w, 0) / sets.length) || 1,
);
const z = rows.map((r) => r.x.map((v, j) => (v - (mu[j] as number)) / (sd[j] as number)));
let w = new Array<number>(d).fill(0);
let b = 0;
const lambda = 0.01;
for (let it = 0; it < 4000; it += 1) {
  const gw = new Array<number>(d).fill(0);
  let gb = 0;
  rows.forEach((r, i) => {
    const zi = z[i] as number[];
    const p = 1 / (1 + Math.exp(-zi.reduce((a, v, j) => a + v * (w[j] as number), b)));
    const g = (p - r.y) * r.w;
    zi.forEach((v, j) => {
      gw[j] = (gw[j] as number) + g * v;
    });
    gb += g;
  });
  w = w.map((wj, j) => wj - 0.5 * ((gw[j] as number) / sets.length + lambda * wj));
  b -= (0.5 * gb) / sets.length;
}
const weights = Object.fromEntries(FEATURES.map((f, j) => [f, Math.round(((w[j] as number) / (sd[j] as number)) * 1000) / 1000]));
const bias =
  Math.round((b - FEATURES.reduce((a, _, j) => a + ((w[j] as number) * (mu[j] as number)) / (sd[j] as number), 0)) * 1000) / 1000;
const scoreOf = (x: number[]) => 1 / (1 + Math.exp(-x.reduce((a, v, j) => a + v * (weights[FEATURES[j] as string] as number), bias)));
const scored = rows.map((r) => ({ ...r, s: r.forced ? 0 : scoreOf(r.x) }));

// low (the abstention boundary): the threshold that meets the primary set's targets with the largest margin
// left for the other sets; where the primary set's targets cannot both be met, the one closest to meeting them.
const candidates = [...new Set(scored.map((r) => Math.round(r.s * 1000) / 1000))].sort((a, c) => a - c);
function rates(t: number, si: number) {
  const rs = scored.filter((r) => r.set === si);
  const pos = rs.filter((r) => r.answerable);
  const neg = rs.filter((r) => !r.answerable);
  return {
    answered: pos.length ? pos.filter((r) => r.s >= t).length / pos.length : 1,
    abstained: neg.length ? neg.filter((r) => r.s < t).length / neg.length : 1,
  };
}
function slack(t: number, si: number): number {
  const r = rates(t, si);
  const target = targets[si] as { answered: number; abstained: number };
  return Math.min(r.answered - target.answered, r.abstained - target.abstained);
}
let low = 0.5;
let best = { primary: Number.NEGATIVE_INFINITY, others: Number.NEGATIVE_INFINITY };
for (const t of candidates) {
  const primary = Math.min(0, slack(t, 0));
  const others = sets.length > 1 ? Math.min(...sets.slice(1).map((_, i) => slack(t, i + 1))) : slack(t, 0);
  if (primary > best.primary || (primary === best.primary && others > best.others)) {
    best = { primary, others };
    low = t;
  }
}
// medium / high: the lowest score where the answers at or above it are good at least 90% / 97% of the time.
function precisionFrom(t: number) {
  const above = scored.filter((r) => r.s >= t);
  const wsum = above.reduce((a, r) => a + r.w, 0);
  return { p: wsum ? above.reduce((a, r) => a + (r.good ? r.w : 0), 0) / wsum : 0, n: above.length };
}
const firstAt = (target: number, floor: number) =>
  candidates.find((t) => t >= floor && precisionFrom(t).p >= target && precisionFrom(t).n >= 20) ?? floor;
// Where answers are already that good at the boundary below, a band would be empty: split by the answered
// scores instead (weakest fifth "low", up to the median "medium") so a reader can tell a marginal answer from a
// strong one; each band's measured precision is printed below and written into the model.
const answeredScores = scored
  .filter((r) => r.s >= low)
  .map((r) => r.s)
  .sort((a, c) => a - c);
const quantile = (q: number) => Math.round((answeredScores[Math.floor(answeredScores.length * q)] ?? low) * 1000) / 1000;
let medium = Math.max(low, firstAt(0.9, low));
if (medium === low) medium = quantile(0.2);
let high = Math.max(medium, firstAt(0.97, medium));
if (high === medium) high = Math.max(medium, quantile(0.5));
const thresholds = { high, medium, low };

function labelOf(s: number) {
  return s >= high ? 'high' : s >= medium ? 'medium' : s >= low ? 'low' : 'insufficient';
}
const measured: Record<string, { precision: number; n: number }> = {};
for (const label of ['high', 'medium', 'low', 'insufficient']) {
  const rs = scored.filter((r) => labelOf(r.s) === label);
  const wsum = rs.reduce((a, r) => a + r.w, 0);
  const good = label === 'insufficient' ? (r: Row) => !r.answerable : (r: Row) => r.good;
  measured[label] = {
    precision: wsum ? Math.round((rs.reduce((a, r) => a + (good(r) ? r.w : 0), 0) / wsum) * 1000) / 1000 : 0,
    n: rs.length,
  };
}
console.log({ weights, bias, thresholds, measured });
for (const [si, s] of sets.entries()) console.log(s.name, rates(low, si), 'targets', targets[si]);

if (write) {
  const model = { weights, bias, thresholds, measured, fittedOn: sets.map((s) => s.name.replace(/^.*\/(?=[^/]+\/?$)/, '')) };
  writeFileSync(
    new URL('../src/core/confidence-model.ts', import.meta.url),
    `// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.\nimport type { ConfidenceModel } from './confidence.js';\n\nexport const CONFIDENCE_MODEL: ConfidenceModel = ${JSON.stringify(model, null, 2)};\n`,
  );
  console.log('wrote src/core/confidence-model.ts');
}
