/**
 * Turns rated answers into evaluation questions (`questions.jsonl`, format of shared/eval/README.md), so
 * `rounds eval --questions FILE` re-runs what clinicians judged against the current knowledge base.
 *
 * Verdict per answer: reviewer ratings decide when there are any (they are the evaluation data); otherwise,
 * unless --reviewers-only, everyone's. More 👍 than 👎 is "up"; a tie counts as "down" because a disputed
 * clinical answer must be re-checked, not silently kept as a gold example.
 * - 👍 on an answer: `relevant` = the documents it cited; expected_status "answered".
 * - 👍 on an abstention: `relevant: []` (the knowledge base does not hold it); expected_status "insufficient_evidence".
 * - 👎 on an answer: the sources it cited are not known to be right, so `relevant: []` and expected_status
 *   "insufficient_evidence" (until the knowledge base is fixed, abstaining is the safe behaviour); `cited` keeps
 *   the documents the rejected answer relied on and `reasons` says why.
 * - 👎 on an abstention: expected_status "answered" with `relevant: []` (which document holds it is unknown).
 * - An answered escalation ("Ask a person" and a reply from one of the people asked) adds `reference_answer`: the
 *   person's reply (redacted), for the knowledge team to write up. An escalated answer nobody rated counts as 👎
 *   ("escalated": the asker needed a person), so it is exported too.
 * Refusals (empty question, only identifiers) are not knowledge questions and are skipped.
 * Each question carries `audit`: the answer's latest audit-chain entry (number, entry hash, content hash), so a
 * line of the export can be matched to the chain `rounds audit verify` checks.
 */
import type { AnswerRecord, Escalation, FeedbackStore, RatingReason, StoredRating } from '../core/ports.js';
import type { AnswerStatus, ConfidenceLabel } from '../core/types.js';
import { allAnswers } from './all-answers.js';
import type { AuditEntry, RecordKind } from './audit-chain.js';

export interface ExportedQuestion {
  id: string;
  question: string;
  relevant: string[];
  answer_id: string;
  rating: 'up' | 'down';
  reasons: RatingReason[];
  expected_status: Exclude<AnswerStatus, 'refused'>;
  /** Documents the rated answer cited. */
  cited: string[];
  /** What the bot did when it was rated. */
  status: AnswerStatus;
  label: ConfidenceLabel;
  score: number;
  created_at: string;
  collections: string[];
  channel_profile: string;
  /** True when reviewer ratings decided the verdict. */
  reviewed: boolean;
  up: number;
  down: number;
  /** True when the asker pressed "Ask a person". */
  escalated?: boolean;
  /** The reply of the person asked, linked to this question: a reference answer for the knowledge team. */
  reference_answer?: { text: string; by: string; at: string; escalation_id: string };
  /** The answer's latest audit-chain entry when the export was written. */
  audit?: { entry: number; hash: string; content_hash: string };
}

/** A store that can say which chain entry covers each answer (every RoundsStore; a bare FeedbackStore may not). */
type MaybeAuditStore = FeedbackStore & {
  latestAuditEntries?: (kind: RecordKind, refs: string[]) => Promise<Map<string, AuditEntry>>;
};

export interface ExportOptions {
  since?: string;
  reviewersOnly?: boolean;
}

export interface ExportResult {
  questions: ExportedQuestion[];
  skipped: { purged: number; unrated: number; refused: number };
}

function verdictRatings(ratings: StoredRating[], reviewersOnly: boolean): { ratings: StoredRating[]; reviewed: boolean } {
  const reviewers = ratings.filter((r) => r.role === 'reviewer');
  if (reviewers.length > 0) return { ratings: reviewers, reviewed: true };
  return { ratings: reviewersOnly ? [] : ratings, reviewed: false };
}

export function toExportedQuestion(record: AnswerRecord, reviewersOnly = false, escalation?: Escalation): ExportedQuestion | undefined {
  const { answer } = record;
  const { ratings, reviewed } = verdictRatings(record.ratings, reviewersOnly);
  const escalatedOnly = ratings.length === 0 && escalation !== undefined && !reviewersOnly;
  if ((ratings.length === 0 && !escalatedOnly) || answer.status === 'refused' || answer.question === '') return undefined;
  const up = ratings.filter((r) => r.value === 'up').length;
  const down = ratings.length - up;
  const rating = up > down ? 'up' : 'down';
  const reply = escalation?.reply;
  const cited = [...new Set(answer.citations.map((c) => c.docId))];
  const answered = answer.status === 'answered';
  const reasons = [...new Set(ratings.filter((r) => r.value === 'down' && r.reason).map((r) => r.reason as RatingReason))];
  return {
    id: `fb-${answer.id}`,
    question: answer.question,
    relevant: rating === 'up' && answered ? cited : [],
    answer_id: answer.id,
    rating,
    reasons,
    expected_status: (rating === 'up') === answered ? 'answered' : 'insufficient_evidence',
    cited,
    status: answer.status,
    label: answer.confidence.label,
    score: answer.confidence.score,
    created_at: answer.createdAt,
    collections: answer.collections,
    channel_profile: answer.channelProfile,
    reviewed,
    up,
    down,
    ...(escalation ? { escalated: true } : {}),
    ...(reply && escalation && reply.text
      ? { reference_answer: { text: reply.text, by: reply.by, at: reply.at, escalation_id: escalation.id } }
      : {}),
  };
}

export async function collectFeedback(store: MaybeAuditStore, opts: ExportOptions = {}): Promise<ExportResult> {
  const records = await allAnswers(store, opts.since ? { since: opts.since } : {});
  const escalations = new Map((await store.listEscalations(opts.since ? { since: opts.since } : {})).map((e) => [e.answerId, e]));
  const result: ExportResult = { questions: [], skipped: { purged: 0, unrated: 0, refused: 0 } };
  const reviewersOnly = opts.reviewersOnly ?? false;
  for (const record of records.reverse()) {
    const escalation = escalations.get(record.answer.id);
    if (verdictRatings(record.ratings, reviewersOnly).ratings.length === 0 && (reviewersOnly || !escalation)) result.skipped.unrated += 1;
    else if (record.answer.status === 'refused') result.skipped.refused += 1;
    else if (record.answer.question === '') result.skipped.purged += 1;
    else {
      const q = toExportedQuestion(record, reviewersOnly, escalation);
      if (q) result.questions.push(q);
    }
  }
  if (store.latestAuditEntries && result.questions.length) {
    const entries = await store.latestAuditEntries(
      'answer',
      result.questions.map((q) => q.answer_id),
    );
    for (const q of result.questions) {
      const e = entries.get(q.answer_id);
      if (e) q.audit = { entry: e.seq, hash: e.hash, content_hash: e.contentHash };
    }
  }
  return result;
}

export async function exportFeedback(store: FeedbackStore, opts: ExportOptions = {}): Promise<ExportedQuestion[]> {
  return (await collectFeedback(store, opts)).questions;
}

export function toJsonl(questions: ExportedQuestion[]): string {
  return questions.map((q) => JSON.stringify(q)).join('\n') + (questions.length ? '\n' : '');
}
