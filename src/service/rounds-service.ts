/**
 * The one RoundsService: runs the pipeline for a channel's profile, records every answer (audit) before it is
 * returned, and resolves a rater's role. Logs ids, codes and timings — never question or answer text.
 */
import type { FileConfig } from '../config/config.js';
import { getProfile, isReviewer, profileNames, resolveProfile } from '../config/profiles.js';
import { type AnswerDeps, answer } from '../core/answer.js';
import { ErrorCode, isRoundsError, RoundsError } from '../core/errors.js';
import type { AnswerContext, ChannelProfile, FeedbackStore, RatingInput, StoredRating } from '../core/ports.js';
import type { AskObserver, HealthReport, RoundsService } from '../core/service.js';
import type { Answer, Question } from '../core/types.js';
import type { Logger } from '../logger.js';
import { UnlistedChannelNotice } from './unlisted-channels.js';

export interface ServiceDeps {
  answerDeps: AnswerDeps;
  store: FeedbackStore;
  file: FileConfig;
  logger: Logger;
  /** Reloads the lexical index if another process ingested (cheap; throttled here; never awaited by an answer). */
  refresh?: () => Promise<void>;
  /** Chunk count of the vector index (health). */
  indexHealth: () => Promise<{ location: string; chunks: number }>;
}

const REFRESH_EVERY_MS = 5000;

/** Where a question was asked, for the audit record (adapters may add the reply id later). */
export function contextOf(question: Question): AnswerContext {
  return {
    platform: question.platform,
    ...(question.workspaceId ? { workspaceId: question.workspaceId } : {}),
    ...(question.channelId ? { channelId: question.channelId } : {}),
    ...(question.threadId ? { threadId: question.threadId } : {}),
    ...(question.messageId ? { messageId: question.messageId } : {}),
    ...(question.askerId ? { askerId: question.askerId } : {}),
  };
}

export class DefaultRoundsService implements RoundsService {
  private lastRefresh = 0;
  private readonly unlisted: UnlistedChannelNotice;

  constructor(private readonly deps: ServiceDeps) {
    this.unlisted = new UnlistedChannelNotice(deps.file, deps.logger);
  }

  get store(): FeedbackStore {
    return this.deps.store;
  }

  profileFor(platform: Question['platform'], channelId?: string): ChannelProfile | undefined {
    return resolveProfile(this.deps.file, platform, channelId);
  }

  profiles(): ChannelProfile[] {
    return profileNames(this.deps.file)
      .map((n) => getProfile(this.deps.file, n))
      .filter((p): p is ChannelProfile => p !== undefined);
  }

  async ask(question: Question, context: Partial<AnswerContext> = {}, observe: AskObserver = {}): Promise<Answer> {
    const { logger } = this.deps;
    if (this.deps.refresh && Date.now() - this.lastRefresh > REFRESH_EVERY_MS) {
      this.lastRefresh = Date.now();
      // Never hold an answer for a reload: the current lexical index serves until the new one is built and swapped.
      this.deps
        .refresh()
        .catch((error: unknown) =>
          logger.warn(
            { code: isRoundsError(error) ? error.code : 'unexpected' },
            'knowledge base refresh failed; serving the current index',
          ),
        );
    }
    const profile = this.profileFor(question.platform, question.channelId);
    const unlistedChannel = this.unlisted.note(question.platform, question.channelId);
    const result = await answer(question, this.deps.answerDeps, {
      profile,
      knownProfiles: profileNames(this.deps.file),
      ...(observe.onProgress ? { onProgress: observe.onProgress } : {}),
    });
    try {
      await this.deps.store.recordAnswer(result, { ...contextOf(question), ...context });
    } catch (cause) {
      // Fail closed: an answer that cannot be audited (or rated) is not shown.
      throw isRoundsError(cause)
        ? cause
        : new RoundsError(
            ErrorCode.StoreFailed,
            'Could not record the answer in the audit store; check that ROUNDS_DATA_DIR is writable.',
            { cause },
          );
    }
    logger.info(
      {
        answerId: result.id,
        platform: question.platform,
        profile: result.channelProfile,
        ...(unlistedChannel ? { profileFrom: 'defaultProfile' } : {}),
        status: result.status,
        label: result.confidence.label,
        refusal: result.refusalCode,
        citations: result.citations.length,
        composer: result.composer,
        redacted: result.redaction.kinds,
        questionChars: question.text?.length ?? 0,
        ms: result.timings.totalMs,
      },
      'answer',
    );
    return result;
  }

  async rate(input: RatingInput & { channelId?: string }): Promise<StoredRating> {
    const record = await this.deps.store.getAnswer(input.answerId);
    if (!record) {
      throw new RoundsError(ErrorCode.UnknownAnswer, `No answer with id ${input.answerId}: it may have been purged, or the id is wrong.`);
    }
    const platform = input.platform ?? record.context.platform;
    const reviewer =
      input.role === 'reviewer' ||
      isReviewer(this.deps.file, {
        platform,
        raterId: input.raterId,
        ...((input.workspaceId ?? record.context.workspaceId) ? { workspaceId: input.workspaceId ?? record.context.workspaceId } : {}),
        ...((input.channelId ?? record.context.channelId) ? { channelId: input.channelId ?? record.context.channelId } : {}),
      });
    const role = reviewer ? 'reviewer' : record.context.askerId === input.raterId ? 'asker' : 'other';
    const { channelId: _channel, ...rating } = input;
    const stored = await this.deps.store.rate({ ...rating, platform, role });
    this.deps.logger.info({ answerId: input.answerId, value: stored.value, role, reason: stored.reason }, 'rating');
    return stored;
  }

  async health(): Promise<HealthReport> {
    const report: HealthReport = {
      ok: true,
      chroma: { ok: true, location: '' },
      store: { ok: true },
      llm: this.deps.answerDeps.llm ? { configured: true, model: this.deps.answerDeps.llm.model } : { configured: false },
    };
    try {
      const h = await this.deps.indexHealth();
      report.chroma = { ok: true, location: h.location, chunks: h.chunks };
    } catch (error) {
      report.ok = false;
      report.chroma = { ok: false, location: '', error: (error as Error).message };
    }
    try {
      await this.deps.store.listAnswers({ limit: 1 });
    } catch (error) {
      report.ok = false;
      report.store = { ok: false, error: (error as Error).message };
    }
    return report;
  }
}
