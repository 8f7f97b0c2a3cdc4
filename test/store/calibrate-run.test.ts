/**
 * One `rounds calibrate` run without I/O: the minimums, the interval check, the figures a deployment's labels
 * then state, and the weight refit past its own minimum.
 */
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_MODEL } from '../../src/core/confidence/model.js';
import type { JudgedPoint } from '../../src/store/calibrate.js';
import { halfWidth, interval, MAX_HALF_WIDTH, ratedNeededFor, shortfall } from '../../src/store/calibration-gate.js';
import type { ReviewerPoints } from '../../src/store/calibration-points.js';
import { type CalibrationInput, runCalibration } from '../../src/store/calibration-run.js';
import { fitPenalised, refitWeights } from '../../src/store/refit-weights.js';
import { seeded, syntheticRatings } from './calibrate-ratings.js';

const reviewers = (points: JudgedPoint[], abstentions: ReviewerPoints['abstentions'] = []): ReviewerPoints => ({
  points,
  skippedAbstentions: abstentions.length,
  abstentions,
});

const fromSynthetic = (n: number, seed?: number, approval?: (rank: number) => number): JudgedPoint[] =>
  syntheticRatings(n, seed, approval).map((r) => ({ score: r.score, good: r.approved, features: r.features }));

const input = (over: Partial<CalibrationInput>): CalibrationInput => ({
  reviewers: reviewers([]),
  evalPoints: [],
  inUse: CONFIDENCE_MODEL,
  shipped: CONFIDENCE_MODEL,
  minSamples: 30,
  date: '2026-12-03',
  ...over,
});

describe('calibration minimums', () => {
  it('refuses too few ratings, naming how many more (and how many more 👎) are needed', () => {
    const few = runCalibration(input({ reviewers: reviewers(fromSynthetic(150)) }));
    expect(few.calibration).toBeUndefined();
    // 50 more answers, and as many more 👎 as the 150 lack of 30.
    const moreDown = Math.max(0, 30 - few.down);
    expect(few.refused).toBe(
      `Not enough ratings to calibrate on: 150 rated answers (${few.down} 👎) of the 200 (at least 30 👎) needed: 50 more rated answers needed${moreDown ? `, at least ${moreDown} of them 👎` : ''}.`,
    );
    // Enough answers, too few of them 👎: nearly every answer approved says nothing about where answers go wrong.
    const mostlyGood = fromSynthetic(250, 26, () => 0.97);
    const down = mostlyGood.filter((p) => !p.good).length;
    expect(down).toBeLessThan(30);
    const r = runCalibration(input({ reviewers: reviewers(mostlyGood) }));
    expect(r.refused).toContain(
      `250 rated answers (${down} 👎) of the 200 (at least 30 👎) needed: ${30 - down} more rated answers needed, at least ${30 - down} of them 👎`,
    );
    expect(shortfall(200, 30)).toBeUndefined();
    expect(shortfall(199, 40)).toEqual({ more: 1, moreDown: 0 });
  });

  it('refuses figures too uncertain to state, naming how many more Medium answers (and ratings) would settle them', () => {
    // 150 sure answers, 30 wrong ones just above the line, and only 20 in Medium, half of them right.
    const t = CONFIDENCE_MODEL.thresholds;
    const points: JudgedPoint[] = [
      ...Array.from({ length: 150 }, (_, i) => ({ score: t.high + (1 - t.high) * (i / 200), good: true })),
      ...Array.from({ length: 30 }, (_, i) => ({ score: t.low + ((t.medium - t.low) * (i + 1)) / 40, good: false })),
      ...Array.from({ length: 20 }, (_, i) => ({ score: t.medium + ((t.high - t.medium) * (i + 1)) / 25, good: i % 2 === 0 })),
    ];
    const r = runCalibration(input({ reviewers: reviewers(points) }));
    expect(r.calibration).toBeUndefined();
    const medium = r.after?.rows.find((x) => x.band === 'medium')?.approved;
    expect(medium?.n).toBe(20);
    expect(halfWidth(medium!)).toBeGreaterThan(MAX_HALF_WIDTH);
    const moreMedium = ratedNeededFor(0.5) - 20;
    expect(r.refused).toContain(
      "The figures are too uncertain to state: the medium label's approved share, 50% (95% interval 30%–70%, 20 answers)",
    );
    expect(r.refused).toContain(
      `About ${moreMedium} more rated Medium answers are needed: at this mix of labels, about ${Math.ceil((moreMedium * 200) / 20)} more rated answers`,
    );
    // ratedNeededFor is the smallest n whose interval is narrow enough.
    const n = ratedNeededFor(0.5);
    expect(halfWidth(interval(Math.round(n / 2), n)!)).toBeLessThanOrEqual(MAX_HALF_WIDTH);
    expect(halfWidth(interval(Math.round((n - 1) / 2), n - 1)!)).toBeGreaterThan(MAX_HALF_WIDTH);
  });
});

describe('a calibration on 300 rated answers', () => {
  const points = fromSynthetic(300, 27);
  const abstentions = Array.from({ length: 20 }, (_, i) => ({ score: 0.01, approved: i % 4 !== 0 }));
  const r = runCalibration(input({ reviewers: reviewers(points, abstentions) }));

  it('fits thresholds and states each label by its own approved share with its 95% Wilson interval', () => {
    expect(r.refused).toBeUndefined();
    const c = r.calibration!;
    expect(c.measuredOn).toBe('on 300 answers your reviewers rated (calibrated 2026-12-03)');
    expect(c.measuredAs).toBe('reviewer_approved');
    expect(c.weights).toBeUndefined();
    expect(c.thresholds).not.toEqual(CONFIDENCE_MODEL.thresholds);
    for (const band of ['high', 'medium', 'low'] as const) {
      const inBand = points.filter((p) => {
        const t = c.thresholds;
        return band === 'high'
          ? p.score >= t.high
          : band === 'medium'
            ? p.score >= t.medium && p.score < t.high
            : p.score >= t.low && p.score < t.medium;
      });
      const good = inBand.filter((p) => p.good).length;
      const i = interval(good, inBand.length)!;
      expect(c.measured[band]).toEqual({
        precision: Math.round((good / inBand.length) * 1000) / 1000,
        n: inBand.length,
        low: Math.round(i.low * 1000) / 1000,
        high: Math.round(i.high * 1000) / 1000,
      });
    }
    // Abstentions: the share reviewers approved as right to abstain (15 of 20).
    expect(c.measured.insufficient).toMatchObject({ precision: 0.75, n: 20 });
    expect(halfWidth(r.after!.rows.find((x) => x.band === 'medium')!.approved!)).toBeLessThanOrEqual(MAX_HALF_WIDTH);
  });

  it('keeps the weights below their minimum and says so', () => {
    expect(r.notes).toContain(`weights kept: 300 rated answers with recorded features (${r.down} 👎); a refit needs 1000 (150 👎)`);
  });

  it('names evaluation questions in the source when they were pooled in', () => {
    const evalPoints = points.slice(0, 50).map((p) => ({ score: p.score, good: p.good }));
    const mixed = runCalibration(input({ reviewers: reviewers(points), evalPoints }));
    expect(mixed.calibration?.measuredOn).toBe('on 300 answers your reviewers rated and 50 evaluation questions (calibrated 2026-12-03)');
    expect(mixed.calibration?.measuredAs).toBe('approved_or_cited');
  });

  it('keeps the current thresholds when fitted ones would collapse the labels, and still measures under them', () => {
    // Everything above the line is right: the tail rule puts medium on low. Thresholds of their own, so the case does
    // not move with the shipped model's.
    const t = { high: 0.997, medium: 0.974, low: 0.601 };
    const inUse = { ...CONFIDENCE_MODEL, thresholds: t };
    const good = fromSynthetic(260, 28, () => 1).concat(fromSynthetic(40, 29, () => 0).map((p) => ({ ...p, score: t.low })));
    const k = runCalibration(input({ reviewers: reviewers(good), inUse }));
    expect(k.notes.join('\n')).toContain(`thresholds kept at ${t.high}/${t.medium}/${t.low}: the fitted ones would collapse the labels`);
    expect(k.calibration?.thresholds).toEqual(t);
  });
});

describe('refitting the weights', () => {
  const names = ['a', 'b'];
  const prior = { weights: { a: -1, b: 1 }, bias: 0 };
  const rows = (n: number, seed: number) => {
    const random = seeded(seed);
    // In this deployment feature a helps (weight +2), whatever the shipped weights say.
    return Array.from({ length: n }, () => {
      const x = [random(), random()];
      const p = 1 / (1 + Math.exp(-(2 * x[0]! + 1 * x[1]! - 1)));
      return { x, y: (random() < p ? 1 : 0) as 0 | 1 };
    });
  };

  it('moves towards what many ratings say, and stays near the shipped weights on few', () => {
    const many = fitPenalised(rows(4000, 1), [-1, 1, 0], 1);
    expect(many[0]).toBeGreaterThan(1.5);
    const few = fitPenalised(rows(40, 2), [-1, 1, 0], 300);
    expect(few[0]).toBeLessThan(-0.5);
    const refit = refitWeights(rows(2000, 3), names, prior, prior);
    expect(refit.fitted?.weights.a).toBeGreaterThan(1);
    expect(refit.heldOutLoss.refit).toBeLessThan(refit.heldOutLoss.inUse);
  });

  it('keeps the weights in use when a refit predicts held-out ratings no better', () => {
    const truth = { weights: { a: 2, b: 1 }, bias: -1 };
    const refit = refitWeights(rows(1200, 4), names, prior, truth);
    expect(refit.fitted).toBeUndefined();
    expect(refit.note).toMatch(/^weights kept: refitted on 1200 ratings they predict held-out ratings no better/);
  });

  it('refits on 1,200 rated answers, rescoring them, and writes the weights with thresholds on their scale', () => {
    const r = runCalibration(input({ reviewers: reviewers(fromSynthetic(1200, 27)) }));
    expect(r.refused).toBeUndefined();
    expect(r.notes.join('\n')).toMatch(/weights refitted on 1200 ratings \(penalty \d+ towards the shipped weights\)/);
    const w = r.calibration?.weights;
    expect(Object.keys(w?.weights ?? {}).sort()).toEqual(Object.keys(CONFIDENCE_MODEL.weights).sort());
    // The answers given all stay answered unless the ratings say the lowest were mostly wrong.
    const answered = r.after!.rows.filter((x) => x.band !== 'insufficient').reduce((a, x) => a + x.count, 0);
    expect(answered).toBeGreaterThan(1200 * 0.9);
  });
});
