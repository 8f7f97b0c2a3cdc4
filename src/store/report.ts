/**
 * The feedback report's figures: ratings over time, 👍 rate by confidence label, collection and document,
 * answers needing review, and a reliability diagram (does "high" really mean reviewers approve more?).
 * Rendering lives in report-render.ts; both are re-exported here as the module's public face.
 */
import type { AnswerRecord, FeedbackStore, RatingReason, StoredRating } from '../core/ports.js';
import type { AnswerStatus, ConfidenceLabel } from '../core/types.js';
import { allAnswers } from './all-answers.js';
import { type GapTopic, knowledgeGaps } from './knowledge-gaps.js';

export { renderReportCharts, renderReportHtml, renderReportText } from './report-render.js';

export const LABELS: ConfidenceLabel[] = ['high', 'medium', 'low', 'insufficient'];

export interface RateGroup {
  key: string;
  answers: number;
  ratings: number;
  up: number;
  down: number;
  /** Share of 👍 among all ratings (undefined when unrated). */
  upRate?: number;
  reviewerRatings: number;
  reviewerUp: number;
  reviewerRate?: number;
  /** 95% Wilson interval of reviewerRate. */
  reviewerCi?: [number, number];
}

export interface ScoreBin {
  lo: number;
  hi: number;
  n: number;
  meanScore: number;
  approvedRate: number;
}

export interface ReviewItem {
  answerId: string;
  createdAt: string;
  question: string;
  status: AnswerStatus;
  label: ConfidenceLabel;
  score: number;
  reasons: RatingReason[];
  reviewerDown: number;
  /** 👎 from anyone (reviewers included). */
  down: number;
  unsafe: boolean;
  comments: string[];
  docs: string[];
  channelId?: string;
}

export interface ReportData {
  generatedAt: string;
  since?: string;
  totals: { answers: number; ratedAnswers: number; ratings: number; reviewerRatings: number; up: number; down: number; upRate?: number };
  overTime: { day: string; up: number; down: number }[];
  byLabel: RateGroup[];
  byCollection: RateGroup[];
  byDocument: RateGroup[];
  reliability: { bins: ScoreBin[]; reviewerPoints: number };
  needsReview: ReviewItem[];
  /** What the knowledge base could not answer, by topic (knowledge-gaps.ts). */
  gaps: GapTopic[];
}

export function wilson(successes: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

class Groups {
  private readonly map = new Map<string, RateGroup>();
  add(key: string, ratings: StoredRating[]): void {
    const g = this.map.get(key) ?? { key, answers: 0, ratings: 0, up: 0, down: 0, reviewerRatings: 0, reviewerUp: 0 };
    g.answers += 1;
    for (const r of ratings) {
      g.ratings += 1;
      if (r.value === 'up') g.up += 1;
      else g.down += 1;
      if (r.role === 'reviewer') {
        g.reviewerRatings += 1;
        if (r.value === 'up') g.reviewerUp += 1;
      }
    }
    this.map.set(key, g);
  }
  list(order?: string[]): RateGroup[] {
    const out = [...this.map.values()].map((g) => {
      const r: RateGroup = { ...g };
      if (g.ratings) r.upRate = g.up / g.ratings;
      if (g.reviewerRatings) {
        r.reviewerRate = g.reviewerUp / g.reviewerRatings;
        r.reviewerCi = wilson(g.reviewerUp, g.reviewerRatings);
      }
      return r;
    });
    if (order) return order.map((k) => out.find((g) => g.key === k) ?? emptyGroup(k));
    return out.sort((a, b) => b.ratings - a.ratings || a.key.localeCompare(b.key));
  }
}

function emptyGroup(key: string): RateGroup {
  return { key, answers: 0, ratings: 0, up: 0, down: 0, reviewerRatings: 0, reviewerUp: 0 };
}

function needsReview(record: AnswerRecord): ReviewItem | undefined {
  // Every 👎 counts, whoever gave it: the asker is told "Reviewers will look at it", and an asker's "missing
  // information" or "incorrect" is as much a clinical-safety signal as a reviewer's (same rule as NEEDS_REVIEW_SQL).
  const down = record.ratings.filter((r) => r.value === 'down').length;
  const reviewerDown = record.ratings.filter((r) => r.role === 'reviewer' && r.value === 'down').length;
  const unsafe = record.ratings.some((r) => r.reason === 'unsafe');
  if (!down && !unsafe) return undefined;
  const { answer, context } = record;
  const item: ReviewItem = {
    answerId: answer.id,
    createdAt: answer.createdAt,
    question: answer.question,
    status: answer.status,
    label: answer.confidence.label,
    score: answer.confidence.score,
    reasons: [...new Set(record.ratings.flatMap((r) => (r.reason ? [r.reason] : [])))],
    reviewerDown,
    down,
    unsafe,
    comments: record.ratings.flatMap((r) => (r.comment ? [r.comment] : [])),
    docs: [...new Set(answer.citations.map((c) => (c.version ? `${c.docId} v${c.version}` : c.docId)))],
  };
  if (context.channelId) item.channelId = context.channelId;
  return item;
}

/** Reviewer-approved rate per score decile: the points of the reliability diagram. */
export function scoreBins(points: { score: number; good: boolean }[], bins = 10): ScoreBin[] {
  const out: ScoreBin[] = [];
  for (let i = 0; i < bins; i++) {
    const lo = i / bins;
    const hi = (i + 1) / bins;
    const inBin = points.filter((p) => p.score >= lo && (i === bins - 1 ? p.score <= hi : p.score < hi));
    if (inBin.length === 0) continue;
    out.push({
      lo,
      hi,
      n: inBin.length,
      meanScore: inBin.reduce((s, p) => s + p.score, 0) / inBin.length,
      approvedRate: inBin.filter((p) => p.good).length / inBin.length,
    });
  }
  return out;
}

export async function buildReport(store: FeedbackStore, opts: { since?: string; now?: Date } = {}): Promise<ReportData> {
  const records = await allAnswers(store, opts.since ? { since: opts.since } : {});
  const byLabel = new Groups();
  const byCollection = new Groups();
  const byDocument = new Groups();
  const days = new Map<string, { up: number; down: number }>();
  const reviewerPoints: { score: number; good: boolean }[] = [];
  const review: ReviewItem[] = [];
  let ratings = 0;
  let up = 0;
  let reviewerRatings = 0;
  let ratedAnswers = 0;

  for (const record of records) {
    const { answer } = record;
    byLabel.add(answer.confidence.label, record.ratings);
    // An abstention's citations are only the closest sources, not relied on: they must not earn (or lose) a
    // document's 👍 rate. Abstentions count under the collections the answer searched.
    const relied = answer.status === 'answered' ? answer.citations : [];
    const cited = relied.map((c) => c.collection).filter(Boolean);
    // '*' is the built-in "all" profile's wildcard: a reader would not know what a "*" row means.
    const searched = answer.collections.map((c) => (c === '*' ? 'all collections' : c));
    for (const c of new Set(cited.length ? cited : searched)) byCollection.add(c, record.ratings);
    for (const d of new Set(relied.map((c) => c.docId))) byDocument.add(d, record.ratings);
    if (record.ratings.length) ratedAnswers += 1;
    for (const r of record.ratings) {
      ratings += 1;
      if (r.value === 'up') up += 1;
      const day = r.updatedAt.slice(0, 10);
      const d = days.get(day) ?? { up: 0, down: 0 };
      d[r.value] += 1;
      days.set(day, d);
      if (r.role === 'reviewer') {
        reviewerRatings += 1;
        reviewerPoints.push({ score: answer.confidence.score, good: r.value === 'up' });
      }
    }
    const item = needsReview(record);
    if (item) review.push(item);
  }
  const data: ReportData = {
    generatedAt: (opts.now ?? new Date()).toISOString(),
    totals: { answers: records.length, ratedAnswers, ratings, reviewerRatings, up, down: ratings - up },
    overTime: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, v]) => ({ day, ...v })),
    byLabel: byLabel.list(LABELS),
    byCollection: byCollection.list(),
    byDocument: byDocument.list().filter((g) => g.ratings > 0),
    reliability: { bins: scoreBins(reviewerPoints), reviewerPoints: reviewerPoints.length },
    // Unsafe first, then most reviewer 👎, then most 👎, newest first.
    needsReview: review.sort(
      (a, b) =>
        Number(b.unsafe) - Number(a.unsafe) || b.reviewerDown - a.reviewerDown || b.down - a.down || b.createdAt.localeCompare(a.createdAt),
    ),
    gaps: await knowledgeGaps(store, opts.since ? { since: opts.since } : {}),
  };
  if (ratings) data.totals.upRate = up / ratings;
  if (opts.since) data.since = opts.since;
  return data;
}
