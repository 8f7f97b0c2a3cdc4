/**
 * Maps an `Answer` and its `AnswerContext` to the `answers` row and back. Everything a filter or report needs
 * is a column; the rest of the Answer is kept as JSON so the audit record is faithful. The texts that can carry
 * patient context (question, answer text, sentences) live in their own columns so retention can null them
 * while ids, labels, features and cited sources stay.
 */
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { AnswerContext, StoredRating } from '../core/ports.js';
import type { Answer, Citation } from '../core/types.js';

export interface AnswerRow {
  id: string;
  created_at: string;
  platform: string;
  workspace_id: string | null;
  channel_id: string | null;
  thread_id: string | null;
  message_id: string | null;
  reply_id: string | null;
  asker_id: string | null;
  status: string;
  label: string;
  score: number;
  composer: string | null;
  prompt_version: string | null;
  llm_model: string | null;
  embedder: string;
  channel_profile: string | null;
  collections: string;
  question: string | null;
  normalized_question: string | null;
  answer_text: string | null;
  sentences_json: string | null;
  citations_json: string;
  answer_json: string;
  purged_at: string | null;
}

/** Normalizes a timestamp to UTC ISO so that string comparison in SQL orders correctly. */
export function isoOrThrow(value: string, what: string): string {
  const t = Date.parse(value);
  if (!Number.isFinite(t)) {
    throw new RoundsError(
      ErrorCode.InvalidInput,
      `${what} "${value}" is not a date: use ISO 8601, e.g. 2025-03-01 or 2025-03-01T09:30:00Z`,
    );
  }
  return new Date(t).toISOString();
}

export function answerToRow(answer: Answer, context: AnswerContext): AnswerRow {
  if (!answer?.id || typeof answer.id !== 'string')
    throw new RoundsError(ErrorCode.InvalidInput, 'answer.id is required to record an answer');
  if (!answer.confidence || !Number.isFinite(answer.confidence.score)) {
    throw new RoundsError(ErrorCode.InvalidInput, `answer ${answer.id} has no numeric confidence.score`);
  }
  const { question, normalizedQuestion, text, sentences, citations, ...rest } = answer;
  const citationsList: Citation[] = Array.isArray(citations) ? citations : [];
  return {
    id: answer.id,
    created_at: isoOrThrow(answer.createdAt, `answer ${answer.id} createdAt`),
    platform: context.platform,
    workspace_id: context.workspaceId ?? null,
    channel_id: context.channelId ?? null,
    thread_id: context.threadId ?? null,
    message_id: context.messageId ?? null,
    reply_id: context.replyId ?? null,
    asker_id: context.askerId ?? null,
    status: answer.status,
    label: answer.confidence.label,
    score: answer.confidence.score,
    composer: answer.composer ?? null,
    prompt_version: answer.promptVersion ?? null,
    llm_model: answer.llmModel ?? null,
    embedder: answer.embedder ?? 'unknown',
    channel_profile: answer.channelProfile ?? null,
    collections: JSON.stringify(answer.collections ?? []),
    question: question ?? '',
    normalized_question: normalizedQuestion ?? '',
    answer_text: text ?? '',
    sentences_json: JSON.stringify(sentences ?? []),
    citations_json: JSON.stringify(citationsList),
    answer_json: JSON.stringify(rest),
    purged_at: null,
  };
}

export function rowToAnswer(row: AnswerRow): Answer {
  const rest = JSON.parse(row.answer_json) as Omit<Answer, 'question' | 'normalizedQuestion' | 'text' | 'sentences' | 'citations'>;
  return {
    ...rest,
    question: row.question ?? '',
    normalizedQuestion: row.normalized_question ?? '',
    text: row.answer_text ?? '',
    sentences: row.sentences_json ? JSON.parse(row.sentences_json) : [],
    citations: JSON.parse(row.citations_json) as Citation[],
  };
}

export function rowToContext(row: AnswerRow): AnswerContext {
  const ctx: AnswerContext = { platform: row.platform as AnswerContext['platform'] };
  if (row.workspace_id !== null) ctx.workspaceId = row.workspace_id;
  if (row.channel_id !== null) ctx.channelId = row.channel_id;
  if (row.thread_id !== null) ctx.threadId = row.thread_id;
  if (row.message_id !== null) ctx.messageId = row.message_id;
  if (row.reply_id !== null) ctx.replyId = row.reply_id;
  if (row.asker_id !== null) ctx.askerId = row.asker_id;
  return ctx;
}

export interface RatingRow {
  answer_id: string;
  rater_id: string;
  role: string;
  value: string;
  reason: string | null;
  comment: string | null;
  created_at: string;
  updated_at: string;
}

export function rowToRating(row: RatingRow): StoredRating {
  const r: StoredRating = {
    answerId: row.answer_id,
    raterId: row.rater_id,
    role: row.role as StoredRating['role'],
    value: row.value as StoredRating['value'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.reason !== null) r.reason = row.reason as NonNullable<StoredRating['reason']>;
  if (row.comment !== null) r.comment = row.comment;
  return r;
}
