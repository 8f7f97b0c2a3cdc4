/**
 * Where `rounds calibrate` gets its judged points: reviewer ratings in the store (good = 👍; only answers that
 * were actually given, since a 👍 on an abstention says nothing about answering) and eval result files written by
 * `rounds eval --out` (good = answerable and cited a relevant source; an unanswerable question answered is bad).
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
      })
      .passthrough(),
  ),
});

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
  return parsed.data.questions.map((q) => ({ score: q.score, good: q.answerable && q.cited_relevant }));
}

export async function pointsFromReviewers(
  store: FeedbackStore,
  since?: string,
): Promise<{ points: JudgedPoint[]; skippedAbstentions: number }> {
  const points: JudgedPoint[] = [];
  let skippedAbstentions = 0;
  for (const record of await allAnswers(store, since ? { since } : {})) {
    const reviews = record.ratings.filter((r) => r.role === 'reviewer');
    if (reviews.length === 0) continue;
    if (record.answer.status !== 'answered') {
      skippedAbstentions += reviews.length;
      continue;
    }
    for (const r of reviews) points.push({ score: record.answer.confidence.score, good: r.value === 'up' });
  }
  return { points, skippedAbstentions };
}
