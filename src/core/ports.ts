/**
 * Every outside thing the core needs is a port. Real implementations live in src/infra (and src/store);
 * tests use fakes that implement the same interfaces.
 */
import type { Answer, ChunkMeta, ConfidenceLabel, Question, StoredChunk } from './types.js';

export interface Embedder {
  /** Recorded with the collection and every answer, e.g. "hash-v1" or "openai:text-embedding-3-small". */
  readonly name: string;
  readonly dimension: number;
  embed(texts: string[]): Promise<number[][]>;
  /**
   * Optional: embeds texts already split by `terms()` (the lexical index's tokenization), for embedders computed
   * from those terms. Ingest tokenizes each chunk once for both indexes when the embedder has it.
   */
  embedTerms?(termLists: string[][]): number[][];
}

export interface ChunkFilter {
  /** Only these collections (document sets). Undefined = all. */
  collections?: string[];
}

export interface VectorHit {
  chunk: StoredChunk;
  /** Cosine similarity (1 - cosine distance). */
  similarity: number;
}

/** What the vector index records about how it was built. */
export interface IndexInfo {
  embedder?: string;
  dimension?: number;
  count: number;
  /** Bumped by every ingest run that writes (at its start and at its end); lexical snapshots compare against it. */
  generation: number;
  /** True while an ingest run is writing (or crashed while writing). */
  dirty: boolean;
}

export interface VectorIndex {
  /** Where it lives, for error messages (e.g. "http://127.0.0.1:8123 collection rounds_knowledge"). */
  readonly location: string;
  info(): Promise<IndexInfo>;
  setInfo(info: Partial<Omit<IndexInfo, 'count'>>): Promise<void>;
  upsert(chunks: StoredChunk[], embeddings: number[][]): Promise<void>;
  delete(ids: string[]): Promise<void>;
  /** Pages over every chunk (id + meta, and text when includeText). */
  scan(options?: { includeText?: boolean; pageSize?: number }): AsyncIterable<StoredChunk[]>;
  query(embedding: number[], k: number, filter?: ChunkFilter): Promise<VectorHit[]>;
  /** Drops the whole collection (eval's throwaway collections, `rounds ingest --rebuild`). */
  drop(): Promise<void>;
}

export interface LexicalHit {
  chunk: StoredChunk;
  /** BM25 score. */
  score: number;
  /** Share of the query's IDF mass found in this chunk, in [0, 1]. */
  coverage: number;
}

export interface LexicalIndex {
  readonly size: number;
  add(chunks: StoredChunk[]): void;
  remove(ids: string[]): void;
  search(query: string, k: number, filter?: ChunkFilter): LexicalHit[];
  /** Inverse document frequency of an already tokenized term (see src/core/text.ts `terms`). */
  idf(term: string): number;
  /** Number of chunks that contain the (tokenized) term; 0 when the knowledge base never uses it. */
  docFrequency(term: string): number;
  /** The chunk and its neighbours in the same document (chunkIndex ± radius), in document order. */
  window(chunkId: string, radius: number): StoredChunk[];
  /** Every live chunk (eval's reference ranking, snapshots). */
  all(): StoredChunk[];
}

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  messages: LlmMessage[];
  /** JSON schema for structured output; the LLM port falls back to plain JSON mode if the server lacks schema support. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  maxTokens?: number;
  timeoutMs?: number;
}

export interface Llm {
  /** e.g. "openai:gpt-4o-mini". */
  readonly model: string;
  complete(request: LlmRequest): Promise<string>;
}

export interface Reranker {
  readonly name: string;
  /** Returns a relevance score per passage, same order. */
  rerank(query: string, passages: string[]): Promise<number[]>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** How a channel (or a web/CLI profile) is configured; resolved by the config module. */
export interface ChannelProfile {
  name: string;
  collections: string[];
  /** Answer follow-ups in a thread Rounds already answered without a new mention. */
  followUps: boolean;
  feedbackButtons: boolean;
  /** Whom to ask when Rounds abstains, e.g. "the on-call pharmacist (bleep 2210)": shown in abstentions. */
  escalation?: string;
  /** Where an "Ask a person" escalation is posted, per platform; absent = no "Ask a person" action. */
  escalateTo?: EscalationTargets;
}

/** Who is notified when an asker presses "Ask a person" (config `profiles.<name>.escalation`). */
export interface EscalationTargets {
  /** Slack: a channel to post in (else the asker's own thread), people (U…) and a user group (S…) to mention. */
  slack?: { channel?: string; people: string[]; group?: string };
  /** Teams: a channel conversation the bot is installed in (19:…@thread.tacv2) and people (AAD object ids) to mention. */
  teams?: { channel: string; people: string[] };
}

export type EscalationStatus = 'open' | 'answered' | 'closed';

/** A question handed to a person: open → answered (a reply from one of the people) → closed. */
export interface Escalation {
  id: string;
  answerId: string;
  platform: Question['platform'];
  status: EscalationStatus;
  requestedBy: string;
  channelProfile?: string;
  /** Where the notification was posted (channel id and the notice's message id, replies are matched there). */
  noticeChannelId?: string;
  noticeId?: string;
  /** The person's reply, redacted like questions. */
  reply?: { text: string; by: string; replyId?: string; at: string };
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
}

export interface EscalationRequest {
  answerId: string;
  platform: Question['platform'];
  requestedBy: string;
  channelProfile?: string;
}

export interface EscalationQuery {
  status?: EscalationStatus;
  since?: string;
  limit?: number;
}

export type RatingValue = 'up' | 'down';
export type RatingRole = 'reviewer' | 'asker' | 'other';
export const RATING_REASONS = ['incorrect', 'outdated_source', 'missing_information', 'irrelevant_source', 'unsafe', 'other'] as const;
export type RatingReason = (typeof RATING_REASONS)[number];

/** Where an answer was posted, so ratings and audits can find it. */
export interface AnswerContext {
  platform: Question['platform'];
  workspaceId?: string;
  channelId?: string;
  threadId?: string;
  /** The question's message id. */
  messageId?: string;
  /** The reply's message id (Slack ts, Teams activity id), set once posted. */
  replyId?: string;
  askerId?: string;
}

export interface RatingInput {
  answerId: string;
  raterId: string;
  value: RatingValue;
  reason?: RatingReason;
  /** Free text; the store redacts it like questions. */
  comment?: string;
  platform?: Question['platform'];
  workspaceId?: string;
  /** Resolved by the service from configuration (reviewers) and the answer's asker; the store defaults to 'other'. */
  role?: RatingRole;
  /**
   * Set by the review console: who rated, as signed in. The store then records a reviewer event ('rated' or
   * 'rating_changed') in the same transaction as the rating, so the audit trail cannot miss a rating.
   */
  actor?: ReviewerActor;
}

/** A review-console user as the console knows them. */
export interface ReviewerActor {
  /** The identity provider's subject (or the configured id claim); in shared-secret mode the id as typed. */
  id: string;
  /** Display name from the ID token (absent in shared-secret mode). */
  name?: string;
  /** 'oidc': the hospital's identity provider vouched for the id; 'secret': shared-secret console, id self-asserted. */
  method: 'oidc' | 'secret';
}

export type ReviewerAction = 'rated' | 'rating_changed' | 'exported';

/** One audit event of a reviewer's action on one answer (the answer's audit record shows them). */
export interface ReviewerEvent {
  id: string;
  answerId: string;
  at: string;
  action: ReviewerAction;
  actor: ReviewerActor;
  /** For ratings: the value given and, for a change, the one it replaced. */
  value?: RatingValue;
  previousValue?: RatingValue;
  reason?: RatingReason;
}

export interface StoredRating {
  answerId: string;
  raterId: string;
  role: RatingRole;
  value: RatingValue;
  reason?: RatingReason;
  comment?: string;
  createdAt: string;
  updatedAt: string;
}

export interface AnswerRecord {
  answer: Answer;
  context: AnswerContext;
  ratings: StoredRating[];
}

export interface AnswerQuery {
  since?: string;
  label?: ConfidenceLabel;
  status?: Answer['status'];
  collection?: string;
  channelId?: string;
  rating?: RatingValue | 'none';
  needsReview?: boolean;
  limit?: number;
  offset?: number;
}

/** The feedback and audit store (SQLite embedded, or PostgreSQL shared by several instances; hence async). */
export interface FeedbackStore {
  recordAnswer(answer: Answer, context: AnswerContext): Promise<void>;
  /** Attach the posted reply's id (Slack ts, Teams activity id) to an answer. */
  setReplyId(answerId: string, replyId: string): Promise<void>;
  findAnswerByReplyId(platform: Question['platform'], replyId: string): Promise<AnswerRecord | undefined>;
  getAnswer(answerId: string): Promise<AnswerRecord | undefined>;
  /** Throws RoundsError(UnknownAnswer) for an unknown answer id. One rating per rater per answer: replaces. */
  rate(input: RatingInput): Promise<StoredRating>;
  listAnswers(query: AnswerQuery): Promise<AnswerRecord[]>;
  /** Records that a reviewer exported these answers: one 'exported' event per answer, in one transaction. */
  recordExport(actor: ReviewerActor, answerIds: string[]): Promise<void>;
  /** Reviewer events (ratings, changes, exports) for these answers, oldest first. */
  listReviewerEvents(answerIds: string[]): Promise<ReviewerEvent[]>;
  /**
   * Opens an escalation for an answer, or returns the one already open: `created` is false on a repeat press, so
   * the people are notified once. Throws RoundsError(UnknownAnswer) for an unknown answer id.
   */
  openEscalation(request: EscalationRequest): Promise<{ escalation: Escalation; created: boolean }>;
  /** Records where the notification was posted (so a reply in that thread can be linked). */
  setEscalationNotice(id: string, notice: { channelId: string; noticeId: string }): Promise<void>;
  /** The escalation whose notification is this message (Slack thread ts, Teams reply-chain root). */
  findEscalationByNotice(platform: Question['platform'], channelId: string, noticeId: string): Promise<Escalation | undefined>;
  /** Links a person's reply (redacted by the store): open → answered. A later reply keeps the first; returns the stored state. */
  answerEscalation(id: string, reply: { text: string; by: string; replyId?: string }): Promise<Escalation>;
  /** answered/open → closed. */
  closeEscalation(id: string): Promise<Escalation>;
  getEscalation(id: string): Promise<Escalation | undefined>;
  /** Newest first. */
  listEscalations(query?: EscalationQuery): Promise<Escalation[]>;
  close(): Promise<void>;
}

/**
 * State that several Rounds instances behind a load balancer must share, kept in the store: a platform's
 * redelivered event is claimed once whichever instance receives it, and a review-console session opened on one
 * instance is known to all. Both stores implement it (SQLite for one process, PostgreSQL for several).
 */
export interface SharedStateStore {
  /** True for the first claim of `key` within `ttlMs` across every instance; false for a repeat. Atomic. */
  claimEvent(key: string, ttlMs: number): Promise<boolean>;
  /** Stores (or replaces) a session's data until `expiresAt`. Only a hash of `id` is stored. */
  putSession(id: string, data: string, expiresAt: Date): Promise<void>;
  /** The session's data, or undefined when unknown or expired. */
  getSession(id: string): Promise<string | undefined>;
  /** Returns and removes the session in one step (a one-time value such as a pending sign-in): a replay finds nothing. */
  takeSession(id: string): Promise<string | undefined>;
  deleteSession(id: string): Promise<void>;
}

export type { ChunkMeta };
