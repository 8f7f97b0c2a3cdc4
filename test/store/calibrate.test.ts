import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shippedModelId } from '../../src/config/confidence.js';
import { readConfigFile } from '../../src/config/config.js';
import { CONFIDENCE_MODEL } from '../../src/core/confidence/model.js';
import { band, collapsedLabels, figures, fitThresholds, type JudgedPoint } from '../../src/store/calibrate.js';
import { pointsFromEvalFile, pointsFromReviewers } from '../../src/store/calibration-points.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { writeCalibration, writeThresholds } from '../../src/store/threshold-config.js';
import { createAnswer, createContext, tempDir } from './factories.js';

const P = (score: number, good: boolean): JudgedPoint => ({ score, good });
// Worked by hand: 9 good, 5 bad. At or above the current low (0.4) the 4 lowest are 2/4 good: low stays. The tail
// at or above 0.7 is 6/7 = 86% good (first ≥ 85%), at or above 0.9 it is 4/4 (first ≥ 95%).
const HAND = [
  P(0.1, false),
  P(0.2, false),
  P(0.3, true),
  P(0.4, false),
  P(0.5, true),
  P(0.6, true),
  P(0.65, false),
  P(0.7, true),
  P(0.8, true),
  P(0.85, false),
  P(0.9, true),
  P(0.95, true),
  P(0.97, true),
  P(0.99, true),
];
const CURRENT = { high: 0.8, medium: 0.6, low: 0.4 };

describe('fitThresholds', () => {
  it('fits medium/high by the approved rate of the tail, and keeps low where the answers above it are mostly right', () => {
    const fit = fitThresholds(HAND, { current: CURRENT, minSamples: 4 });
    expect({ high: fit.high, medium: fit.medium, low: fit.low }).toEqual({ high: 0.9, medium: 0.7, low: 0.4 });
    expect(fit.notes.join('\n')).toMatch(/low kept at 0.4: the 4 lowest-scored answers at or above it are 50% good/);
    expect(fit.notes.join('\n')).toMatch(/medium fitted at 0.7: 86% of 7/);
  });

  it('raises low past answers that were mostly wrong, to where the next answers are right at least half the time', () => {
    // From the current low 0.3: 0.3–0.45 are 1 of 4 good, 0.35–0.5 2 of 4 (50%): low rises to 0.35.
    const points = [P(0.3, false), P(0.35, true), P(0.4, false), P(0.45, false), P(0.5, true), P(0.6, true), P(0.7, true)];
    const fit = fitThresholds(points, { current: { high: 0.9, medium: 0.8, low: 0.3 }, minSamples: 4 });
    expect(fit.low).toBe(0.35);
    expect(fit.notes.join('\n')).toMatch(/low fitted at 0.35: the 4 answers at or above it are 50% good, the 1 below it mostly not/);
    // It never falls: answers scored under the current line (eval abstentions) are not read.
    expect(
      fitThresholds(
        HAND.map((p) => ({ ...p, good: true })),
        { current: CURRENT, minSamples: 4 },
      ).low,
    ).toBe(0.4);
  });

  it('keeps current values with too few points', () => {
    expect(fitThresholds(HAND, { current: CURRENT, minSamples: 30 })).toMatchObject({ ...CURRENT });
    const allGood = HAND.map((p) => ({ ...p, good: true }));
    const fit = fitThresholds(allGood, { current: CURRENT, minSamples: 4 });
    expect(fit.low).toBe(0.4);
    // With everything good the tail rule fits medium/high at the lowest score at or above low.
    expect(fit.medium).toBe(0.4);
  });

  it('never puts medium below low nor high below medium when a value is kept', () => {
    // The 10 lowest at or above 0.3 are all wrong, the 20 above them half right: low rises to 0.8.
    const points = [
      ...Array.from({ length: 10 }, (_, i) => P(0.3 + i * 0.01, false)),
      ...Array.from({ length: 20 }, (_, i) => P(0.8 + i * 0.005, i % 2 === 1)),
    ];
    const fit = fitThresholds(points, { current: { high: 0.6, medium: 0.5, low: 0.3 }, minSamples: 10 });
    expect(fit.low).toBe(0.8);
    expect(fit.medium).toBeGreaterThanOrEqual(fit.low);
    expect(fit.high).toBeGreaterThanOrEqual(fit.medium);
    expect(fit.notes.join('\n')).toMatch(/raised from 0.5/);
  });

  it('labels an answer capped at Low as Low whatever its score, and leaves it out of the Medium/High tails', () => {
    const capped: JudgedPoint = { score: 0.95, good: false, capLow: true };
    expect(figures([capped], CURRENT).bands.map((b) => b.count)).toEqual([0, 0, 1, 0]);
    const fit = fitThresholds([...HAND, capped, capped], { current: CURRENT, minSamples: 4 });
    expect(fit.high).toBe(0.9);
  });

  it('reports thresholds that collapse labels, and none when every label still holds answers', () => {
    expect(fitThresholds(HAND, { current: CURRENT, minSamples: 4 }).collapsed).toEqual([]);
    // Nearly everything above the abstention line is good: the tail rule puts medium and high on low.
    const easy = [
      ...Array.from({ length: 10 }, (_, i) => P(0.1 + i * 0.01, false)),
      ...Array.from({ length: 40 }, (_, i) => P(0.6 + i * 0.01, true)),
    ];
    const fit = fitThresholds(easy, { current: CURRENT, minSamples: 5 });
    expect([fit.high, fit.medium, fit.low]).toEqual([0.6, 0.6, 0.4]);
    expect(fit.collapsed).toEqual(['high would equal medium (0.6): no answer could be labelled "Medium"']);
    expect(collapsedLabels(easy, CURRENT, { high: 0.6, medium: 0.6, low: 0.6 })).toEqual([
      expect.stringMatching(/high, medium and low would all be 0.6: every answer given would be labelled "High"/),
    ]);
    // Distinct thresholds that still empty a label that held answers.
    expect(collapsedLabels(HAND, { high: 0.9, medium: 0.7, low: 0.5 }, { high: 0.995, medium: 0.7, low: 0.5 })).toEqual([
      '"High" held 4 of the judged answers and would hold none',
    ]);
    expect(collapsedLabels(HAND, CURRENT, { high: 0.9, medium: 0.5, low: 0.5 })).toEqual([
      'medium would equal low (0.5): no answer could be labelled "Low"',
    ]);
  });

  it('leaves points abstained by a check out of the fit and counts them as abstentions under any thresholds', () => {
    const stopped: JudgedPoint = { score: 0.99, good: false, abstainedByCheck: true };
    const fit = fitThresholds([...HAND, stopped, stopped], { current: CURRENT, minSamples: 4 });
    expect({ high: fit.high, medium: fit.medium, low: fit.low }).toEqual({ high: 0.9, medium: 0.7, low: 0.4 });
    expect(fit.notes.join('\n')).toMatch(/2 points left out of the fit/);
    const f = figures([stopped], { high: 0.9, medium: 0.7, low: 0.5 });
    expect(f.bands.map((b) => b.count)).toEqual([0, 0, 0, 1]);
    expect(f.answeredShare).toBe(0);
  });

  it('counts a point as labelled when figured under the thresholds it was labelled with (eval scores are rounded)', () => {
    const t = { high: 0.991, medium: 0.941, low: 0.588 };
    // Score 0.941 rounded from 0.94098: the eval labelled it low.
    const p: JudgedPoint = { score: 0.941, good: true, given: { label: 'low', under: t } };
    expect(figures([p], t).bands.find((b) => b.band === 'low')?.count).toBe(1);
    expect(figures([p], { ...t, medium: 0.9 }).bands.find((b) => b.band === 'medium')?.count).toBe(1);
  });

  it('ignores scores outside [0, 1]', () => {
    expect(fitThresholds([P(1.5, true), P(Number.NaN, false)], { minSamples: 1 }).notes[0]).toMatch(/2 points ignored/);
  });

  it('reports per-label figures and the answered share', () => {
    const f = figures(HAND, { high: 0.9, medium: 0.7, low: 0.5 });
    expect(f.bands.map((b) => [b.band, b.count])).toEqual([
      ['high', 4],
      ['medium', 3],
      ['low', 3],
      ['insufficient', 4],
    ]);
    expect(f.answeredShare).toBeCloseTo(10 / 14);
    expect(f.answeredGoodRate).toBeCloseTo(0.8);
    expect(band(0.5, { high: 0.9, medium: 0.7, low: 0.5 })).toBe('low');
  });
});

describe('calibration inputs', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('reads points from eval results: good = answerable and cited a relevant source', () => {
    const file = join(tmp.dir, 'results.json');
    writeFileSync(
      file,
      JSON.stringify({
        questions: [
          { id: 'a', answerable: true, score: 0.9, label: 'high', status: 'answered', cited_relevant: true },
          { id: 'b', answerable: true, score: 0.6, label: 'medium', status: 'answered', cited_relevant: false },
          { id: 'c', answerable: false, score: 0.7, label: 'medium', status: 'answered', cited_relevant: false },
        ],
      }),
    );
    expect(pointsFromEvalFile(file)).toEqual([P(0.9, true), P(0.6, false), P(0.7, false)]);
    // With the thresholds the eval ran with: labels as given, and an abstention above low was stopped by a check.
    const under = { high: 0.9, medium: 0.6, low: 0.5 };
    writeFileSync(
      file,
      JSON.stringify({
        config: { thresholds: under },
        questions: [
          { id: 'a', answerable: true, score: 0.9, label: 'high', status: 'answered', cited_relevant: true },
          { id: 'm', answerable: false, score: 0.98, label: 'insufficient', status: 'insufficient_evidence', cited_relevant: false },
          { id: 'x', answerable: false, score: 0.2, label: 'insufficient', status: 'insufficient_evidence', cited_relevant: false },
        ],
      }),
    );
    expect(pointsFromEvalFile(file)).toEqual([
      { ...P(0.9, true), given: { label: 'high', under } },
      { ...P(0.98, false), abstainedByCheck: true, given: { label: 'insufficient', under } },
      { ...P(0.2, false), given: { label: 'insufficient', under } },
    ]);
    writeFileSync(file, JSON.stringify({ counts: {} }));
    expect(() => pointsFromEvalFile(file)).toThrow(/not a `rounds eval --out` result file/);
  });

  it('reads one reviewer verdict per answer given, with its features; abstentions apart', async () => {
    const store = openSqliteStore({ path: join(tmp.dir, 'rounds.db') });
    const a = createAnswer({ score: 0.8, label: 'medium' });
    const disputed = createAnswer({ score: 0.9 });
    const capped = createAnswer({ score: 0.95, label: 'low' });
    capped.confidence.features = { coverage: 0.9, unknownTerms: 1 };
    const abstained = createAnswer({ status: 'insufficient_evidence', label: 'insufficient', score: 0.2 });
    for (const x of [a, disputed, capped, abstained]) await store.recordAnswer(x, createContext());
    await store.rate({ answerId: a.id, raterId: 'R1', value: 'down', role: 'reviewer' });
    await store.rate({ answerId: a.id, raterId: 'U1', value: 'up' });
    // One 👍 and one 👎 from reviewers: a disputed clinical answer counts as not approved (as the export does).
    await store.rate({ answerId: disputed.id, raterId: 'R1', value: 'up', role: 'reviewer' });
    await store.rate({ answerId: disputed.id, raterId: 'R2', value: 'down', role: 'reviewer' });
    await store.rate({ answerId: capped.id, raterId: 'R1', value: 'up', role: 'reviewer' });
    await store.rate({ answerId: abstained.id, raterId: 'R1', value: 'up', role: 'reviewer' });
    const read = await pointsFromReviewers(store);
    expect(read.points.map((p) => [p.score, p.good, p.capLow ?? false])).toEqual([
      [0.8, false, false],
      [0.9, false, false],
      [0.95, true, true],
    ]);
    expect(read.points[0]?.features).toEqual(a.confidence.features);
    expect(read.skippedAbstentions).toBe(1);
    expect(read.abstentions).toEqual([{ score: 0.2, approved: true }]);
    await store.close();
  });
});

describe('writeThresholds', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('updates the YAML in place, keeping comments and other settings', () => {
    const file = join(tmp.dir, 'rounds.config.yaml');
    writeFileSync(
      file,
      [
        '# Ward 7 deployment',
        'defaultProfile: general',
        'retention:',
        '  days: 90 # clinical governance asked for 90',
        'confidence:',
        '  # fitted 2025-01',
        '  thresholds:',
        '    high: 0.8',
        '    medium: 0.6',
        '    low: 0.4',
        '',
      ].join('\n'),
    );
    writeThresholds(file, { high: 0.9, medium: 0.7, low: 0.5 });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# Ward 7 deployment');
    expect(text).toContain('days: 90 # clinical governance asked for 90');
    expect(text).toContain('# fitted 2025-01');
    const parsed = readConfigFile(file);
    expect(parsed.confidence.thresholds).toEqual({ high: 0.9, medium: 0.7, low: 0.5 });
    expect(parsed.retention.days).toBe(90);
  });

  it('writes a calibration whole: figures replaced, stale weights removed, in YAML and JSON alike', () => {
    const calibration = {
      thresholds: { high: 0.97, medium: 0.8, low: 0.74 },
      measured: { medium: { precision: 0.8, n: 140, low: 0.73, high: 0.86 } },
      measuredOn: 'on 300 answers your reviewers rated (calibrated 2026-12-03)',
      measuredAs: 'reviewer_approved' as const,
    };
    const weights = Object.fromEntries(Object.keys(CONFIDENCE_MODEL.weights).map((k) => [k, 1]));
    for (const name of ['rounds.config.yaml', 'rounds.config.json']) {
      const file = join(tmp.dir, name);
      writeCalibration(
        file,
        { ...calibration, measured: { high: { precision: 1, n: 12 }, low: { precision: 0.5, n: 30 } }, weights: { weights, bias: -3 } },
        'abc',
      );
      expect(readConfigFile(file).confidence.weights).toEqual(weights);
      writeCalibration(file, calibration, shippedModelId());
      const c = readConfigFile(file).confidence;
      expect(c).toEqual({ ...calibration, fittedTo: shippedModelId() });
    }
    expect(JSON.parse(readFileSync(join(tmp.dir, 'rounds.config.json'), 'utf8')).confidence.measuredOn).toBe(calibration.measuredOn);
  });

  it('creates the file when there is none, and refuses to write an invalid config', () => {
    const file = join(tmp.dir, 'rounds.config.yaml');
    writeThresholds(file, { high: 0.9, medium: 0.7, low: 0.5 });
    expect(readConfigFile(file).confidence.thresholds).toEqual({ high: 0.9, medium: 0.7, low: 0.5 });

    const broken = join(tmp.dir, 'broken.yaml');
    writeFileSync(broken, 'unknownKey: 1\n');
    expect(() => writeThresholds(broken, { high: 0.9, medium: 0.7, low: 0.5 })).toThrow(/would not be a valid config/);
    expect(readFileSync(broken, 'utf8')).toBe('unknownKey: 1\n');
  });
});
