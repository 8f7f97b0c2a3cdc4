/**
 * The fitting steps behind scripts/fit-confidence.ts: weighted logistic regression (each set weighs the same) and
 * the threshold policy. Kept apart so cross-validation runs exactly the steps the final fit runs.
 */

export const FEATURES = [
  'coverage',
  'sentenceCoverage',
  'bigram',
  'margin',
  'dense',
  'rare',
  'coverage2',
  'missing',
  'lexical',
  'rareDocs',
  'mentions',
  'leadCoverage',
  'kindStated',
  'groupFit',
  'valueFit',
] as const;

export interface Row {
  /** The question's id (for reading the rows a fit gets wrong). */
  id?: string;
  x: number[];
  /** 1 / (rows of its set). */
  w: number;
  set: number;
  answerable: boolean;
  /** Answerable and answered citing a relevant source. */
  good: boolean;
  forced: boolean;
  /** Shown at most as Low whatever the score (a question word the knowledge base never uses). */
  capLow: boolean;
  fold: number;
}

export interface Fitted {
  weights: Record<string, number>;
  bias: number;
}

const LAMBDA = 0.01;

export type Thresholds = { high: number; medium: number; low: number };

export function fitWeights(rows: Row[], sets: number, names: readonly string[] = FEATURES): Fitted {
  const FEATURES = names;
  const d = FEATURES.length;
  const total = rows.reduce((a, r) => a + r.w, 0) || 1;
  const mu = FEATURES.map((_, j) => rows.reduce((a, r) => a + (r.x[j] as number) * r.w, 0) / total);
  const sd = FEATURES.map(
    (_, j) => Math.sqrt(rows.reduce((a, r) => a + ((r.x[j] as number) - (mu[j] as number)) ** 2 * r.w, 0) / total) || 1,
  );
  const z = rows.map((r) => r.x.map((v, j) => (v - (mu[j] as number)) / (sd[j] as number)));
  let w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < 3000; it += 1) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    rows.forEach((r, i) => {
      const zi = z[i] as number[];
      const p = 1 / (1 + Math.exp(-zi.reduce((a, v, j) => a + v * (w[j] as number), b)));
      const g = (p - (r.answerable ? 1 : 0)) * r.w;
      zi.forEach((v, j) => {
        gw[j] = (gw[j] as number) + g * v;
      });
      gb += g;
    });
    w = w.map((wj, j) => wj - 0.5 * ((gw[j] as number) / sets + LAMBDA * wj));
    b -= (0.5 * gb) / sets;
  }
  const weights = Object.fromEntries(FEATURES.map((f, j) => [f, Math.round(((w[j] as number) / (sd[j] as number)) * 1000) / 1000]));
  const bias =
    Math.round((b - FEATURES.reduce((a, _, j) => a + ((w[j] as number) * (mu[j] as number)) / (sd[j] as number), 0)) * 1000) / 1000;
  return { weights, bias };
}

export function rawScore(x: number[], m: Fitted, names: readonly string[] = FEATURES): number {
  const z = x.reduce((a, v, j) => a + v * (m.weights[names[j] as string] as number), m.bias);
  return 1 / (1 + Math.exp(-z));
}

/** Final scores as the pipeline gives them: a forced abstention scores below the abstention threshold. */
export function scoreRows(rows: Row[], m: Fitted, low?: number, names: readonly string[] = FEATURES): number[] {
  return rows.map((r) => {
    const s = rawScore(r.x, m, names);
    return r.forced ? s * (low ?? 0.5) * 0.5 : s;
  });
}

/**
 * 0.925 since protocols-dev joined the fit: at 0.93–0.94 the pooled answering threshold fell to where pubmedqa-dev
 * abstained on 85% of its must-abstain questions and bioasq-dev on 62%; at 0.91 pubmedqa-dev answered 94.3% of its
 * answerable ones; 0.925 keeps both above 95% answered and 85% abstained (95.5% / 87.0%). 0.94 since the floors
 * below: with the features of December 2026's records, pubmedqa-dev answers 95.8% and abstains 90.0% in the fit.
 */
export const ANSWER_TARGET = Number(process.env.ANSWER_TARGET ?? 0.94);
export const HIGH_PRECISION = 0.985;
/**
 * 0.93 from the subject-name ranking (a 90% bar put medium on low and left Low unused), 0.95 since protocols-dev
 * joined the fit: at 0.93, with a set left out, medium was fitted where the other sets' small counts happened to pass
 * (bioasq-dev left out: medium from 0.70, 88% relevant against 97.6% promised); at 0.95 every left-out set's medium
 * answers come within 4 points of the stated figure (docs/evaluation.md).
 */
export const MEDIUM_PRECISION = Number(process.env.MEDIUM_PRECISION ?? 0.95);
/**
 * Floors under medium and high: at most this share of the answerable questions (the sets weighing the same) score
 * at or above the threshold. A precision bar alone is met lower and lower as the sets in a fit get easier: with
 * bioasq-dev left out, the three others held 99–100% down to a medium threshold of 0.64, and bioasq-dev's medium
 * answers there were 52% relevant against 79% promised. With these floors every left-out set's medium answers come
 * within 3.8 points of the promise (0.6: 3.8; 0.5 keeps more answers out of medium on the protocol books).
 */
export const MEDIUM_SHARE = Number(process.env.MEDIUM_SHARE ?? 0.5);
export const HIGH_SHARE = Number(process.env.HIGH_SHARE ?? 0.05);

/**
 * low: the highest score that keeps ANSWER_TARGET of the answerable questions answered, the sets pooled with equal
 * weight (what is abstained beyond that is the must-abstain questions the features can tell apart). high / medium: the lowest
 * score at and above which answers cite a relevant source at least 98.5% / 93% of the time on every set.
 */
export function fitThresholds(scores: number[], sets: number, rows?: Row[]): { high: number; medium: number; low: number } {
  const rs = rows ?? [];
  if (rs.length !== scores.length) throw new Error('fitThresholds needs the rows the scores belong to');
  // The pooled answerable scores, each set weighing the same: the threshold under which ANSWER_TARGET of them lie.
  const pos = rs
    .map((r, i) => ({ r, s: scores[i] as number }))
    .filter(({ r }) => r.answerable && !r.forced)
    .sort((a, b) => a.s - b.s);
  const total = pos.reduce((a, { r }) => a + r.w, 0);
  let low = pos[0]?.s ?? 0.5;
  let acc = 0;
  for (const { r, s } of pos) {
    acc += r.w;
    if (acc / total > 1 - ANSWER_TARGET) break;
    low = s;
  }
  low = Math.round(low * 1000) / 1000 - 0.001;
  if (process.env.LOW_POLICY === 'balanced') {
    // Balanced per set: the threshold maximising the mean over sets of (answered answerable + abstained must-abstain) / 2.
    const cands = [...new Set(scores.map((x) => Math.round(x * 1000) / 1000))].sort((a, b) => a - b);
    let best = -1;
    for (const t of cands) {
      let sum = 0;
      let n = 0;
      for (let si = 0; si < sets; si += 1) {
        const p = rs.map((r, i) => ({ r, s: scores[i] as number })).filter(({ r }) => r.set === si);
        const pa = p.filter(({ r }) => r.answerable);
        const ne = p.filter(({ r }) => !r.answerable);
        if (!pa.length || !ne.length) continue;
        sum += (pa.filter(({ s }) => s >= t).length / pa.length + ne.filter(({ s }) => s < t).length / ne.length) / 2;
        n += 1;
      }
      if (n && sum / n >= best) {
        best = sum / n;
        low = t - 0.001;
      }
    }
  }
  const candidates = [...new Set(scores.filter((s) => s >= low).map((s) => Math.round(s * 1000) / 1000))].sort((a, b) => a - b);
  const precise = (t: number, target: number) => {
    for (let si = 0; si < sets; si += 1) {
      const above = rs.filter((r, i) => r.set === si && !r.capLow && !r.forced && (scores[i] as number) >= t);
      if (above.length < 5) continue;
      if (above.filter((r) => r.good).length / above.length < target) return false;
    }
    return true;
  };
  // The score above which at most `share` of the answerable questions lie, the sets weighing the same.
  const atMost = (share: number) => {
    let above = 0;
    for (let k = pos.length - 1; k >= 0; k -= 1) {
      const p = pos[k] as { r: Row; s: number };
      above += p.r.w;
      if (above / total > share) return Math.round(p.s * 1000) / 1000;
    }
    return 0;
  };
  const medium = Math.max(candidates.find((t) => precise(t, MEDIUM_PRECISION)) ?? low, atMost(MEDIUM_SHARE));
  const high = Math.max(candidates.find((t) => t >= medium && precise(t, HIGH_PRECISION)) ?? 1, atMost(HIGH_SHARE));
  return { high, medium, low };
}
