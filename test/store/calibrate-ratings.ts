/**
 * Synthetic reviewer ratings for calibration tests: answers with every confidence feature the shipped model scores
 * (drawn at random, seeded; kept when the answer would have been given), labelled under the shipped thresholds as the pipeline would, and a reviewer verdict
 * whose chance of 👍 rises with the answer's rank by score. Rank, not score, so the mix holds whatever weights the
 * shipped model has. Recorded and rated through the real store.
 */

import type { ConfidenceFeatures } from '../../src/core/confidence/labels.js';
import { labelFor, score } from '../../src/core/confidence/labels.js';
import { CONFIDENCE_MODEL } from '../../src/core/confidence/model.js';
import type { FeedbackStore } from '../../src/core/ports.js';
import { createAnswer, createContext } from './factories.js';

/** mulberry32: a small seeded generator, so every run rates the same answers the same way. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticRating {
  features: Record<string, number>;
  score: number;
  approved: boolean;
}

/**
 * `n` answers; `approval(rank)` is the chance of 👍 for an answer at that rank (0 = lowest score, 1 = highest).
 * The default: 30% of the weakest answers approved, rising to all of the strongest (0.3 + 0.7·√rank).
 */
export function syntheticRatings(
  n: number,
  seed = 26,
  approval: (rank: number) => number = (rank) => 0.3 + 0.7 * Math.sqrt(rank),
): SyntheticRating[] {
  const random = seeded(seed);
  const names = Object.keys(CONFIDENCE_MODEL.weights);
  // Only answers given are rated as answers: a score under the abstention threshold would have abstained.
  const drawn: { features: Record<string, number>; score: number }[] = [];
  for (let tries = 0; drawn.length < n && tries < n * 1000; tries += 1) {
    const features = Object.fromEntries(names.map((f) => [f, Math.round(random() * 10000) / 10000]));
    const s = score(features as unknown as ConfidenceFeatures);
    if (s >= CONFIDENCE_MODEL.thresholds.low) drawn.push({ features, score: s });
  }
  const order = drawn.map((d, i) => ({ s: d.score, i })).sort((a, b) => a.s - b.s);
  const rank = new Array<number>(n);
  order.forEach((o, r) => {
    rank[o.i] = r / Math.max(1, n - 1);
  });
  return drawn.map((d, i) => ({ ...d, approved: random() < approval(rank[i] as number) }));
}

/** Records each as an answer given, rated by a reviewer; and `abstentions` rated abstentions (👍 = right to abstain). */
export async function seedRatings(store: FeedbackStore, ratings: SyntheticRating[], abstentions = 0): Promise<void> {
  for (const [i, r] of ratings.entries()) {
    const label = labelFor(r.score, CONFIDENCE_MODEL.thresholds);
    const answer = createAnswer({ label, score: Math.round(r.score * 10000) / 10000 });
    answer.confidence.features = r.features;
    await store.recordAnswer(answer, createContext());
    await store.rate({ answerId: answer.id, raterId: `R${i % 7}`, value: r.approved ? 'up' : 'down', role: 'reviewer' });
  }
  for (let i = 0; i < abstentions; i += 1) {
    const answer = createAnswer({ status: 'insufficient_evidence', label: 'insufficient', score: 0.01 });
    await store.recordAnswer(answer, createContext());
    await store.rate({ answerId: answer.id, raterId: 'R1', value: i % 5 === 0 ? 'down' : 'up', role: 'reviewer' });
  }
}
