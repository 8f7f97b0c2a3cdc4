/**
 * Fits the confidence model (logistic regression over the evidence features) and its default thresholds from
 * `rounds eval --out` reports of several sets together, and measures it by k-fold cross-validation: every figure
 * printed (and written into the model as `measured`) is out-of-fold, from a model and thresholds fitted without
 * that question. Each set weighs the same whatever its size, so a large set cannot drown a small one. Usage:
 *   npx tsx scripts/fit-confidence.ts pubmedqa.json bioasq.json demo=demo.json [--folds 5] [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { abstainedAt, auroc } from '../src/eval/metrics.js';
import type { QuestionRecord } from '../src/eval/run-eval.js';
import { FEATURES, fitThresholds, fitWeights, type Row, scoreRows } from './confidence-fit.js';

const args = process.argv.slice(2);
const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--folds');
const folds = Number(args[args.indexOf('--folds') + 1]) || 5;
const write = args.includes('--write');
if (files.length === 0) {
  console.error('usage: tsx scripts/fit-confidence.ts [NAME=]REPORT.json [...] [--folds 5] [--write]');
  process.exit(2);
}

// NAME=FILE names a set ("demo=/tmp/demo.json"); otherwise the set's folder name is used.
const sets = files.map((spec) => {
  const [given, file] = spec.includes('=') ? (spec.split('=', 2) as [string, string]) : [undefined, spec];
  const r = JSON.parse(readFileSync(file, 'utf8')) as { set: string; questions: QuestionRecord[] };
  const folder = r.set
    .replace(/\/+$/, '')
    .replace(/^.*\//, '')
    .replace(/\.jsonl$/, '');
  return { name: given ?? folder, rows: r.questions };
});
const rows: Row[] = [];
sets.forEach((s, si) => {
  const usable = s.rows.filter((q) => q.status !== 'refused' && Object.keys(q.features).length > 0);
  usable.forEach((q, i) => {
    rows.push({
      x: FEATURES.map((f) => q.features[f] ?? 0),
      w: 1 / usable.length,
      set: si,
      answerable: q.answerable,
      good: q.answerable && q.cited_relevant,
      // Rows the pipeline abstains on whatever the score: out of scope, a medicine the knowledge base never
      // mentions, or no supported sentence.
      forced: q.features.outOfScope === 1 || q.features.unknownMedicine === 1 || q.features.qualifier === 1 || q.features.supported === 0,
      capLow: (q.features.unknownTerms ?? 0) > 0,
      // Deterministic fold, stratified by set.
      fold: i % folds,
    });
  });
});

// Out of fold: fit weights and thresholds on the other folds, score and label the held-out one.
const oof = new Array<{ s: number; label: string }>(rows.length);
for (let f = 0; f < folds; f += 1) {
  const train = rows.filter((r) => r.fold !== f);
  const model = fitWeights(train, sets.length);
  const thresholds = fitThresholds(scoreRows(train, model), sets.length, train);
  const test = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.fold === f);
  const scored = scoreRows(
    test.map(({ r }) => r),
    model,
    thresholds.low,
  );
  scored.forEach((s, j) => {
    const raw = s >= thresholds.high ? 'high' : s >= thresholds.medium ? 'medium' : s >= thresholds.low ? 'low' : 'insufficient';
    // As the pipeline does: an answer naming a word the knowledge base never uses is shown at most as Low.
    const label = (test[j] as { r: Row }).r.capLow && (raw === 'high' || raw === 'medium') ? 'low' : raw;
    oof[(test[j] as { i: number }).i] = { s, label };
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const measured: Record<string, { precision: number; n: number }> = {};
for (const label of ['high', 'medium', 'low', 'insufficient']) {
  // Pooled over sets with each set weighing the same.
  let wsum = 0;
  let good = 0;
  let n = 0;
  rows.forEach((r, i) => {
    if (oof[i]?.label !== label) return;
    n += 1;
    wsum += r.w;
    if (label === 'insufficient' ? !r.answerable : r.good) good += r.w;
  });
  measured[label] = { precision: wsum ? Math.round((good / wsum) * 1000) / 1000 : 0, n };
}
console.log(`Out-of-fold (${folds}-fold) figures:`);
for (const [si, s] of sets.entries()) {
  const idx = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.set === si);
  const pos = idx.filter(({ r }) => r.answerable).map(({ i }) => oof[i]?.s ?? 0);
  const neg = idx.filter(({ r }) => !r.answerable).map(({ i }) => oof[i]?.s ?? 0);
  const posL = idx.filter(({ r }) => r.answerable).map(({ i }) => oof[i]?.label);
  const negL = idx.filter(({ r }) => !r.answerable).map(({ i }) => oof[i]?.label);
  const byLabel = ['high', 'medium', 'low']
    .map((l) => {
      const rs = idx.filter(({ i }) => oof[i]?.label === l);
      return `${l} ${rs.length} (${pct(rs.filter(({ r }) => r.good).length / Math.max(1, rs.length))} cite relevant)`;
    })
    .join('  ');
  console.log(
    `  ${s.name}: AUROC ${auroc(pos, neg).toFixed(3)}  abstained at 95% answered ${pct(abstainedAt(pos, neg, 0.95))}  answered ${pct(posL.filter((l) => l !== 'insufficient').length / pos.length)}  abstained ${pct(negL.filter((l) => l === 'insufficient').length / Math.max(1, neg.length))}\n    ${byLabel}`,
  );
}

const model = fitWeights(rows, sets.length);
const thresholds = fitThresholds(scoreRows(rows, model), sets.length, rows);
console.log({ ...model, thresholds, measured });
if (write) {
  const out = { ...model, thresholds, measured, fittedOn: sets.map((s) => s.name), folds };
  writeFileSync(
    new URL('../src/core/confidence/model.ts', import.meta.url),
    `// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.\n// \`measured\` is out-of-fold (${folds}-fold cross-validation over the sets in \`fittedOn\`).\nimport type { ConfidenceModel } from './model-types.js';\n\nexport const CONFIDENCE_MODEL: ConfidenceModel = ${JSON.stringify(out, null, 2)};\n`,
  );
  console.log('wrote src/core/confidence/model.ts');
}
