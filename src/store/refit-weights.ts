/**
 * Refits the confidence model's logistic weights on a deployment's own ratings (good = a reviewer's 👍), over the
 * features recorded with every answer. A hospital's ratings are few beside the evaluation sets the shipped weights
 * came from, so the fit is pulled towards the shipped weights (an L2 penalty on the distance from them, its
 * strength chosen by 5-fold cross-validation), and it is kept only when it predicts the ratings it was not fitted
 * on better than the weights in use: otherwise those stay. Newton's method on a dozen weights; no library needed
 * (ml-logistic-regression, weighed, has neither a penalty centred on prior weights nor an unpenalised bias).
 */

export interface Row {
  x: number[];
  y: 0 | 1;
}

export interface LogisticWeights {
  weights: Record<string, number>;
  bias: number;
}

/** Penalty strengths tried; the one with the lowest out-of-fold log loss is used. */
export const LAMBDAS = [1, 3, 10, 30, 100, 300, 1000];
const FOLDS = 5;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function logLoss(rows: Row[], beta: number[]): number {
  let sum = 0;
  for (const r of rows) {
    const p = Math.min(
      1 - 1e-12,
      Math.max(1e-12, sigmoid(r.x.reduce((a, v, j) => a + v * (beta[j] as number), beta[r.x.length] as number))),
    );
    sum -= r.y ? Math.log(p) : Math.log(1 - p);
  }
  return rows.length ? sum / rows.length : 0;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c += 1) {
    let pivot = c;
    for (let r = c + 1; r < n; r += 1) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const d = m[c]![c]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = 0; r < n; r += 1) {
      if (r === c) continue;
      const f = m[r]![c]! / d;
      if (f !== 0) for (let k = c; k <= n; k += 1) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/** Penalised maximum likelihood: β minimises mean log loss + λ/(2n) · ‖w − prior‖² (the bias is not penalised). */
export function fitPenalised(rows: Row[], prior: number[], lambda: number): number[] {
  const d = prior.length - 1;
  const n = rows.length;
  let beta = [...prior];
  const objective = (b: number[]) => logLoss(rows, b) + (lambda / (2 * n)) * b.slice(0, d).reduce((a, w, j) => a + (w - prior[j]!) ** 2, 0);
  let current = objective(beta);
  for (let it = 0; it < 50; it += 1) {
    const g = new Array<number>(d + 1).fill(0);
    const h = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (const r of rows) {
      const xs = [...r.x, 1];
      const p = sigmoid(xs.reduce((a, v, j) => a + v * beta[j]!, 0));
      const w = p * (1 - p);
      for (let j = 0; j <= d; j += 1) {
        g[j] = g[j]! + (p - r.y) * xs[j]!;
        for (let k = j; k <= d; k += 1) h[j]![k] = h[j]![k]! + w * xs[j]! * xs[k]!;
      }
    }
    for (let j = 0; j <= d; j += 1) {
      for (let k = 0; k < j; k += 1) h[j]![k] = h[k]![j]!;
      if (j < d) {
        g[j] = g[j]! + lambda * (beta[j]! - prior[j]!);
        h[j]![j] = h[j]![j]! + lambda;
      } else h[j]![j] = h[j]![j]! + 1e-6;
    }
    const step = solve(h, g);
    // Step halving keeps Newton from overshooting on separable data.
    let t = 1;
    let next = beta.map((b, j) => b - step[j]!);
    let value = objective(next);
    while (value > current && t > 1e-4) {
      t /= 2;
      next = beta.map((b, j) => b - t * step[j]!);
      value = objective(next);
    }
    if (value > current) break;
    const done = current - value < 1e-10;
    beta = next;
    current = value;
    if (done) break;
  }
  return beta;
}

export interface RefitResult {
  /** The refitted weights, when they predict the held-out ratings better than the weights in use. */
  fitted?: LogisticWeights;
  lambda: number;
  /** Mean out-of-fold log loss of the refit and of the weights in use (lower is better). */
  heldOutLoss: { refit: number; inUse: number };
  note: string;
}

const vector = (names: string[], m: LogisticWeights) => [...names.map((f) => m.weights[f] ?? 0), m.bias];

export function refitWeights(rows: Row[], names: string[], shipped: LogisticWeights, inUse: LogisticWeights): RefitResult {
  const prior = vector(names, shipped);
  const folds = Array.from({ length: FOLDS }, (_, k) => ({
    train: rows.filter((_, i) => i % FOLDS !== k),
    test: rows.filter((_, i) => i % FOLDS === k),
  }));
  let best = { lambda: LAMBDAS[0]!, loss: Number.POSITIVE_INFINITY };
  for (const lambda of LAMBDAS) {
    const loss = folds.reduce((a, f) => a + logLoss(f.test, fitPenalised(f.train, prior, lambda)) * f.test.length, 0) / rows.length;
    if (loss < best.loss) best = { lambda, loss };
  }
  const inUseLoss = logLoss(rows, vector(names, inUse));
  const heldOutLoss = { refit: round(best.loss), inUse: round(inUseLoss) };
  if (!(best.loss < inUseLoss)) {
    return {
      lambda: best.lambda,
      heldOutLoss,
      note: `weights kept: refitted on ${rows.length} ratings they predict held-out ratings no better (log loss ${heldOutLoss.refit} vs ${heldOutLoss.inUse} for the weights in use)`,
    };
  }
  const beta = fitPenalised(rows, prior, best.lambda);
  const fitted: LogisticWeights = {
    weights: Object.fromEntries(names.map((f, j) => [f, round(beta[j]!)])),
    bias: round(beta[names.length]!),
  };
  return {
    fitted,
    lambda: best.lambda,
    heldOutLoss,
    note: `weights refitted on ${rows.length} ratings (penalty ${best.lambda} towards the shipped weights): held-out log loss ${heldOutLoss.refit}, was ${heldOutLoss.inUse} with the weights in use`,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
