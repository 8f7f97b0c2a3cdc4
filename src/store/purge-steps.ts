/**
 * The audit entries of one retention purge: one 'purge' entry for the run (when, by whom, the cutoff, how many),
 * then a tombstone per record whose text went ('purged', with the fields removed). A tombstone's content hash is
 * the record as it is after the purge, so the chain verifies; the record's earlier entries keep the hash of the
 * text as it was, so a copy of that text kept elsewhere (a legal hold) can still be proved to be the original.
 */
import { type AuditStep, ratingRef } from './audit-chain.js';

export const PURGED_FIELDS = {
  answer: ['question', 'normalized_question', 'answer_text', 'sentences_json'],
  rating: ['comment'],
  escalation: ['reply_text'],
} as const;

export interface PurgedRecords {
  answers: string[];
  ratings: { answer_id: string; rater_id: string }[];
  escalations: string[];
  by: string;
  cutoff: string;
  retentionDays: number;
}

export function purgeSteps(p: PurgedRecords): AuditStep[] {
  const total = p.answers.length + p.ratings.length + p.escalations.length;
  if (total === 0) return [];
  const run = p.cutoff;
  const summary = {
    cutoff: p.cutoff,
    retentionDays: p.retentionDays,
    answers: p.answers.length,
    ratingComments: p.ratings.length,
    escalationReplies: p.escalations.length,
  };
  const tomb = (fields: readonly string[]) => ({ fields: [...fields], purge: run });
  return [
    { kind: 'purge', ref: run, action: 'retention', actor: p.by, detail: summary, content: summary },
    ...p.answers.map((id): AuditStep => ({ kind: 'answer', ref: id, action: 'purged', actor: p.by, detail: tomb(PURGED_FIELDS.answer) })),
    ...p.ratings.map(
      (r): AuditStep => ({
        kind: 'rating',
        ref: ratingRef(r.answer_id, r.rater_id),
        action: 'purged',
        actor: p.by,
        detail: tomb(PURGED_FIELDS.rating),
      }),
    ),
    ...p.escalations.map(
      (id): AuditStep => ({ kind: 'escalation', ref: id, action: 'purged', actor: p.by, detail: tomb(PURGED_FIELDS.escalation) }),
    ),
  ];
}
