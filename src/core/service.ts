/**
 * What adapters (Slack, Teams, web, CLI) talk to. One implementation, built by the composition root
 * (src/runtime.ts): it runs the pipeline, records every answer in the feedback store and resolves reviewer roles.
 */
import type { AnswerProgress } from './answer.js';
import type { AnswerContext, ChannelProfile, FeedbackStore, RatingInput, StoredRating } from './ports.js';
import type { Answer, Question } from './types.js';

export interface HealthReport {
  ok: boolean;
  chroma: { ok: boolean; location: string; error?: string; chunks?: number };
  store: { ok: boolean; error?: string };
  llm: { configured: boolean; model?: string; ok?: boolean; error?: string };
}

/** Optional progress for chat surfaces that show steps while the answer is drafted. */
export interface AskObserver {
  onProgress?: (progress: AnswerProgress) => void;
}

export interface RoundsService {
  /**
   * Answers a question and records it (audit). Never throws for bad input (the Answer is `refused` with a
   * refusalCode); throws RoundsError only for faults such as Chroma being unreachable.
   */
  ask(question: Question, context?: Partial<AnswerContext>, observe?: AskObserver): Promise<Answer>;
  /** Stores a rating; the role (reviewer/asker/other) is resolved from configuration and the answer's asker. */
  rate(input: RatingInput & { channelId?: string }): Promise<StoredRating>;
  /** The profile a platform channel resolves to (unlisted Slack/Teams channels get the safe default). */
  profileFor(platform: Question['platform'], channelId?: string): ChannelProfile | undefined;
  profiles(): ChannelProfile[];
  readonly store: FeedbackStore;
  health(): Promise<HealthReport>;
}
