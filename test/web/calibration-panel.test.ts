/**
 * The review console shows how far the deployment is from its own calibration: reviewer-rated answers against the
 * minimum `rounds calibrate` needs, and per label the approved share so far beside the figure the label states.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderCalibrationPanel } from '../../adapters/web/calibration-panel.js';
import { shippedModelId } from '../../src/config/confidence.js';
import { CONFIDENCE_MODEL } from '../../src/core/confidence/model.js';
import { calibrationProgress } from '../../src/store/calibration-progress.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { seedRatings, syntheticRatings } from '../store/calibrate-ratings.js';
import { createAnswer, createContext, tempDir } from '../store/factories.js';
import { createFakeService } from './fake-service.js';
import { SECRET, startWeb, type WebHarness } from './harness.js';

/** A score the shipped thresholds label medium. */
const MEDIUM_SCORE = (CONFIDENCE_MODEL.thresholds.medium + CONFIDENCE_MODEL.thresholds.high) / 2;
let h: WebHarness | undefined;
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) d.cleanup();
});

describe('calibration progress', () => {
  it('counts reviewer verdicts as rounds calibrate does, per label the model in use gives, against the stated figures', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const store = openSqliteStore({ path: join(tmp.dir, 'rounds.db') });
    const ratings = syntheticRatings(150, 27);
    await seedRatings(store, ratings, 12);
    // An asker's 👎 is not a reviewer's: not counted.
    const asked = createAnswer({ label: 'medium', score: MEDIUM_SCORE });
    await store.recordAnswer(asked, createContext());
    await store.rate({ answerId: asked.id, raterId: 'U9', value: 'down' });
    const p = await calibrationProgress(store, CONFIDENCE_MODEL);
    await store.close();

    const down = ratings.filter((r) => !r.approved).length;
    expect(p).toMatchObject({
      rated: 150,
      down,
      minimum: { rated: 200, down: 30 },
      missing: { more: 50, moreDown: Math.max(0, 30 - down) },
    });
    const t = CONFIDENCE_MODEL.thresholds;
    const medium = ratings.filter((r) => r.score >= t.medium && r.score < t.high);
    const row = p.labels.find((l) => l.label === 'medium')!;
    expect(row.rated).toBe(medium.length);
    expect(row.approved?.share).toBeCloseTo(medium.filter((r) => r.approved).length / medium.length);
    expect(row.stated).toBe(CONFIDENCE_MODEL.measured?.medium?.precision);
    // Abstentions: 👍 means right to abstain (seedRatings rates every fifth 👎).
    expect(p.labels.find((l) => l.label === 'insufficient')).toMatchObject({ rated: 12, approved: { share: 9 / 12 } });

    const html = renderCalibrationPanel(p);
    expect(html).toContain(`Reviewer-rated answers: <strong>150</strong> of 200 needed; 👎 <strong>${down}</strong> of 30.`);
    expect(html).toContain('50 more rated answers needed');
    const stated = Math.round((CONFIDENCE_MODEL.measured?.medium?.precision ?? 0) * 100);
    expect(html).toMatch(
      new RegExp(`<th scope="row">Medium confidence</th><td>${row.rated}</td><td>\\d+% \\(\\d+%–\\d+%\\)</td><td>${stated}%</td>`),
    );
  });

  it('is in the review console, with the deployment’s own stated figures once it calibrated', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const config = join(tmp.dir, 'rounds.config.yaml');
    writeFileSync(
      config,
      [
        'confidence:',
        `  thresholds: { high: ${CONFIDENCE_MODEL.thresholds.high}, medium: ${CONFIDENCE_MODEL.thresholds.medium}, low: ${CONFIDENCE_MODEL.thresholds.low} }`,
        '  measured: { medium: { precision: 0.81, n: 140, low: 0.74, high: 0.87 } }',
        '  measuredOn: on 312 answers your reviewers rated (calibrated 2026-12-03)',
        `  fittedTo: ${shippedModelId()}`,
        '',
      ].join('\n'),
    );
    const fake = createFakeService();
    const a = createAnswer({ label: 'medium', score: MEDIUM_SCORE });
    await fake.store.recordAnswer(a, createContext());
    await fake.store.rate({ answerId: a.id, raterId: 'R1', value: 'up', role: 'reviewer' });
    h = await startWeb(fake, { ROUNDS_CONFIG: config });
    const login = await fetch(`${h.url}/review/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ reviewer: 'r1', secret: SECRET }).toString(),
      redirect: 'manual',
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (await fetch(`${h.url}/review`, { headers: { cookie } })).text();
    expect(page).toContain('<h2 id="calibration-heading">Calibration to your reviewers</h2>');
    expect(page).toContain('Reviewer-rated answers: <strong>1</strong> of 200 needed; 👎 <strong>0</strong> of 30.');
    expect(page).toContain('199 more rated answers needed, at least 30 of them 👎');
    expect(page).toMatch(/<th scope="row">Medium confidence<\/th><td>1<\/td><td>100% \(\d+%–100%\)<\/td><td>81%<\/td>/);
    expect(page).toContain('Stated figures: measured on 312 answers your reviewers rated (calibrated 2026-12-03).');
  });
});
