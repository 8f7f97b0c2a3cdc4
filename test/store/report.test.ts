import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport, renderReportCharts, renderReportHtml, renderReportText, scoreBins, wilson } from '../../src/store/report.js';
import { openSqliteStore, type SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { createAnswer, createCitation, createContext, fakeClock, tempDir } from './factories.js';

let tmp: ReturnType<typeof tempDir>;
let store: SqliteFeedbackStore;
const clock = fakeClock('2025-03-01T12:00:00.000Z');

beforeEach(() => {
  tmp = tempDir();
  clock.set('2025-03-01T12:00:00.000Z');
  store = openSqliteStore({ path: join(tmp.dir, 'rounds.db'), clock });
});
afterEach(async () => {
  await store.close();
  tmp.cleanup();
});

async function seed() {
  const high = createAnswer({ label: 'high', score: 0.92 });
  const high2 = createAnswer({ label: 'high', score: 0.88 });
  const low = createAnswer({
    label: 'low',
    score: 0.41,
    question: 'Dose for <script>alert(1)</script> & "x"?',
    citations: [createCitation({ docId: 'vanc-dosing', collection: 'pharmacy', version: '2' })],
  });
  for (const a of [high, high2, low]) await store.recordAnswer(a, createContext({ channelId: 'C9' }));
  await store.rate({ answerId: high.id, raterId: 'R1', value: 'up', role: 'reviewer' });
  await store.rate({ answerId: high.id, raterId: 'U1', value: 'up' });
  clock.advanceDays(1);
  await store.rate({ answerId: high2.id, raterId: 'R1', value: 'up', role: 'reviewer' });
  await store.rate({ answerId: low.id, raterId: 'R1', value: 'down', reason: 'incorrect', comment: 'wrong <b>dose</b>', role: 'reviewer' });
  await store.rate({ answerId: low.id, raterId: 'U2', value: 'down', reason: 'unsafe' });
  return { high, high2, low };
}

describe('buildReport', () => {
  it('computes ratings over time, rates by label, collection and document, reliability and the review queue', async () => {
    const { low } = await seed();
    const data = await buildReport(store, { now: new Date('2025-03-05T00:00:00Z') });
    expect(data.totals).toEqual({ answers: 3, ratedAnswers: 3, ratings: 5, reviewerRatings: 3, up: 3, down: 2, upRate: 0.6 });
    expect(data.overTime).toEqual([
      { day: '2025-03-01', up: 2, down: 0 },
      { day: '2025-03-02', up: 1, down: 2 },
    ]);
    const byLabel = Object.fromEntries(data.byLabel.map((g) => [g.key, g]));
    expect(data.byLabel.map((g) => g.key)).toEqual(['high', 'medium', 'low', 'insufficient']);
    expect(byLabel.high).toMatchObject({ answers: 2, ratings: 3, up: 3, upRate: 1, reviewerRatings: 2, reviewerRate: 1 });
    expect(byLabel.low).toMatchObject({ ratings: 2, upRate: 0, reviewerRate: 0 });
    expect(byLabel.medium).toMatchObject({ ratings: 0 });
    expect(data.byCollection.map((g) => [g.key, g.ratings])).toEqual([
      ['general', 3],
      ['pharmacy', 2],
    ]);
    expect(data.byDocument.find((g) => g.key === 'vanc-dosing')).toMatchObject({ ratings: 2, up: 0 });
    expect(data.reliability.reviewerPoints).toBe(3);
    expect(data.reliability.bins).toEqual([
      { lo: 0.4, hi: 0.5, n: 1, meanScore: 0.41, approvedRate: 0 },
      { lo: 0.8, hi: 0.9, n: 1, meanScore: 0.88, approvedRate: 1 },
      { lo: 0.9, hi: 1, n: 1, meanScore: 0.92, approvedRate: 1 },
    ]);
    expect(data.needsReview).toHaveLength(1);
    expect(data.needsReview[0]).toMatchObject({
      answerId: low.id,
      unsafe: true,
      reviewerDown: 1,
      reasons: ['incorrect', 'unsafe'],
      docs: ['vanc-dosing v2'],
      channelId: 'C9',
    });
  });

  it('puts an asker’s 👎 “missing information” on the review list, after reviewer 👎 and unsafe ones', async () => {
    const { low } = await seed();
    const missing = createAnswer({ label: 'medium', score: 0.95 });
    await store.recordAnswer(missing, createContext());
    await store.rate({ answerId: missing.id, raterId: 'nurse-7', value: 'down', reason: 'missing_information', role: 'asker' });
    const data = await buildReport(store);
    expect(data.needsReview.map((i) => i.answerId)).toEqual([low.id, missing.id]);
    expect(data.needsReview[1]).toMatchObject({ reviewerDown: 0, down: 1, unsafe: false, reasons: ['missing_information'] });
    expect(renderReportText(data)).toContain('needing review: 2 (1 reported unsafe)');
    expect(renderReportHtml(data)).toContain('1 👎 from askers');
    // The web review page's filter uses the same rule.
    expect((await store.listAnswers({ needsReview: true })).map((r) => r.answer.id).sort()).toEqual([low.id, missing.id].sort());
  });

  it('does not credit an abstention’s closest sources with a document 👍 rate', async () => {
    const abstained = createAnswer({
      status: 'insufficient_evidence',
      label: 'insufficient',
      score: 0.2,
      collections: ['pharmacy'],
      citations: [createCitation({ docId: 'closest-doc', collection: 'general' })],
    });
    await store.recordAnswer(abstained, createContext());
    await store.rate({ answerId: abstained.id, raterId: 'R1', value: 'up', role: 'reviewer' });
    const data = await buildReport(store);
    expect(data.byDocument).toEqual([]);
    expect(data.byCollection.map((g) => [g.key, g.up])).toEqual([['pharmacy', 1]]);
  });

  it('names the "all" profile’s wildcard collection in words', async () => {
    const abstained = createAnswer({
      status: 'insufficient_evidence',
      label: 'insufficient',
      score: 0.2,
      collections: ['*'],
      citations: [],
    });
    await store.recordAnswer(abstained, createContext());
    await store.rate({ answerId: abstained.id, raterId: 'R1', value: 'down', reason: 'missing_information', role: 'reviewer' });
    expect((await buildReport(store)).byCollection.map((g) => g.key)).toEqual(['all collections']);
  });

  it('renders one self-contained HTML file with SVG charts, escaped text and no script or external asset', async () => {
    await seed();
    const html = renderReportHtml(await buildReport(store));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const heading of ['Answers needing review', 'Ratings over time', '👍 rate by confidence label', 'Reliability', 'By document']) {
      expect(html).toContain(heading);
    }
    expect((html.match(/<svg /g) ?? []).length).toBe(5);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(html).toContain('wrong &lt;b&gt;dose&lt;/b&gt;');
    expect(html).not.toMatch(/(?:src|href)\s*=\s*"(?:https?:)?\/\//i);
    expect(renderReportCharts(await buildReport(store))).not.toContain('<html');
  });

  it('says plainly when there is nothing yet', async () => {
    const data = await buildReport(store);
    expect(renderReportHtml(data)).toContain('No ratings yet.');
    expect(renderReportText(data)).toContain('answers 0 · rated 0');
  });

  it('prints a short terminal summary', async () => {
    await seed();
    const text = renderReportText(await buildReport(store));
    expect(text).toMatch(/answers 3 · rated 3 · ratings 5 \(reviewers 3\) · 👍 rate 60%/);
    expect(text).toMatch(/high\s+3\s+100%\s+100% \(n=2\)/);
    expect(text).toContain('needing review: 1 (1 reported unsafe)');
    expect(text.split('\n').length).toBeLessThan(15);
  });
});

describe('report maths', () => {
  it('wilson interval brackets the rate and narrows with n', () => {
    const [lo, hi] = wilson(8, 10);
    expect(lo).toBeCloseTo(0.49, 2);
    expect(hi).toBeCloseTo(0.943, 2);
    const [lo2, hi2] = wilson(80, 100);
    expect(hi2 - lo2).toBeLessThan(hi - lo);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });

  it('bins scores into deciles, with 1.0 in the last bin', () => {
    const bins = scoreBins([
      { score: 1, good: true },
      { score: 0.95, good: false },
      { score: 0.05, good: false },
    ]);
    expect(bins.map((b) => [b.lo, b.n, b.approvedRate])).toEqual([
      [0, 1, 0],
      [0.9, 2, 0.5],
    ]);
  });
});
