/**
 * Where `rounds calibrate` gets its judged points: reviewer ratings in the store (good = 👍; only answers that
 * were actually given, since a 👍 on an abstention says nothing about answering) and eval result files written by
 * `rounds eval --out` (good = answerable and cited a relevant source; an unanswerable question answered is bad).
 * An eval question that abstained although its score cleared the abstention threshold the eval ran with was
 * stopped by a check outside the score (scope statement, medicine the knowledge base lacks); it is marked so that
 * calibration counts it as the eval did, and does not fit thresholds on it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { FeedbackStore } from '../core/ports.js';
import { allAnswers } from './all-answers.js';
import type { JudgedPoint } from './calibrate.js';

const evalFileSchema = z.object({
  questions: z.array(
    z
      .object({
        id: z.union([z.string(), z.number()]),
        answerable: z.boolean(),
        score: z.number().min(0).max(1),
        cited_relevant: z.boolean(),
        status: z.string().optional(),
        label: z.enum(['high', 'medium', 'low', 'insufficient']).optional(),
        features: z.record(z.string(), z.number()).optional(),
      })
      .passthrough(),
  ),
  config: z
    .object({ thresholds: z.object({ high: z.number(), medium: z.number(), low: z.number() }).passthrough().optional() })
    .passthrough()
    .optional(),
});

type EvalQuestion = z.infer<typeof evalFileSchema>['questions'][number];

function abstainedByCheck(q: EvalQuestion, evalLow: number | undefined): boolean {
  if (q.status === undefined || q.status === 'answered') return false;
  if (q.status === 'refused') return true;
  if (evalLow !== undefined) return q.score >= evalLow;
  // Result files without the thresholds they ran with: the checks' own features say it.
  return (q.features?.outOfScope ?? 0) > 0 || (q.features?.unknownMedicine ?? 0) > 0;
}

export function pointsFromEvalFile(path: string): JudgedPoint[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new RoundsError(ErrorCode.InvalidInput, `Cannot read eval results ${path}: ${(cause as Error).message}`, { cause });
  }
  const parsed = evalFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RoundsError(
      ErrorCode.InvalidInput,
      `${path} is not a \`rounds eval --out\` result file (${issue?.path.join('.')}: ${issue?.message}). Re-run rounds eval with --out.`,
    );
  }
  const under = parsed.data.config?.thresholds;
  return parsed.data.questions.map((q) => {
    const point: JudgedPoint = { score: q.score, good: q.answerable && q.cited_relevant };
    if (abstainedByCheck(q, under?.low)) point.abstainedByCheck = true;
    if (under && q.label) point.given = { label: q.label, under: { high: under.high, medium: under.medium, low: under.low } };
    return point;
  });
}

export interface ReviewerPoints {
  /** One per answer given that a reviewer rated: the reviewers' verdict (more 👍 than 👎; a tie counts as 👎). */
  points: JudgedPoint[];
  /** Reviewer ratings of abstentions: not used to fit (a 👍 there says nothing about answering). */
  skippedAbstentions: number;
  /** Abstentions reviewers rated, with their verdict (👍: right to abstain): the abstention label's own figure. */
  abstentions: { score: number; approved: boolean }[];
}

export async function pointsFromReviewers(store: FeedbackStore, since?: string): Promise<ReviewerPoints> {
  const out: ReviewerPoints = { points: [], skippedAbstentions: 0, abstentions: [] };
  for (const record of await allAnswers(store, since ? { since } : {})) {
    const reviews = record.ratings.filter((r) => r.role === 'reviewer');
    if (reviews.length === 0) continue;
    // Same rule as the eval export: a disputed clinical answer counts as not approved.
    const up = reviews.filter((r) => r.value === 'up').length;
    const approved = up > reviews.length - up;
    const { confidence, status } = record.answer;
    if (status !== 'answered') {
      out.skippedAbstentions += reviews.length;
      if (status === 'insufficient_evidence') out.abstentions.push({ score: confidence.score, approved });
      continue;
    }
    const point: JudgedPoint = { score: confidence.score, good: approved, features: confidence.features };
    if ((confidence.features.unknownTerms ?? 0) > 0) point.capLow = true;
    out.points.push(point);
  }
  return out;
}
