/**
 * One seed and bounded runs for the whole fuzz suite, so `npm test` is repeatable and quick; a longer hunt is
 * the same tests with more runs and another seed:
 *
 *   FUZZ_RUNS=2000 FUZZ_SEED=$RANDOM npx vitest run test/fuzz
 *
 * A failure prints the seed and the shrunk counterexample (fast-check's report); re-run with that FUZZ_SEED.
 */
import type fc from 'fast-check';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 290029);

/** `runs` in CI; FUZZ_RUNS (when set) for every property. */
export function fuzzParams<T>(runs: number): fc.Parameters<T> {
  const override = Number(process.env.FUZZ_RUNS);
  return { seed: FUZZ_SEED, numRuns: Number.isFinite(override) && override > 0 ? override : runs };
}

/** How long one long run may take: scaled with FUZZ_RUNS so a long hunt is not cut by the default timeout. */
export function fuzzTimeout(baseMs: number): number {
  const override = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(override) && override > 0 ? Math.max(baseMs, override * 500) : baseMs;
}
