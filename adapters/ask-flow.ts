/**
 * The one ask flow for Slack, Teams and web (after Teams SDK's ISender): show progress, ask the RoundsService,
 * deliver the answer (streamed or in one message), record the reply id, apologise on a fault. Each platform
 * implements the small ReplySurface port; the order of steps, the fault path and the logging live here once.
 *
 * Logs carry ids, counts and codes only: question and answer text may hold patient identifiers.
 */
import type { AnswerProgress } from '../src/core/answer.js';
import type { AnswerContext } from '../src/core/ports.js';
import type { RoundsService } from '../src/core/service.js';
import type { Answer, Question } from '../src/core/types.js';
import type { Logger } from '../src/logger.js';
import { type Fault, logFault, toFault } from './fault.js';

/** What a platform does at each step of answering one question. */
export interface ReplySurface {
  readonly platform: 'slack' | 'teams' | 'web';
  /** The first sign of work (status with loading messages, typing, a reaction). A courtesy: must not throw. */
  begin(): Promise<void>;
  /**
   * Retrieval is done. When `progress.llm` is true an LLM is now drafting (the slow step): a surface that can
   * stream opens its stream here and shows the steps. A courtesy: must not throw.
   */
  progress(progress: AnswerProgress): Promise<void>;
  /** Delivers the answer (finishing an open stream, or as one message); returns the reply's platform id. */
  deliver(answer: Answer): Promise<string | undefined>;
  /** Tells the asker about a fault (already logged by the flow). Must not throw. */
  apologise(fault: Fault): Promise<void>;
  /** Always called last: clear a reaction, stop typing. Must not throw. */
  end(): Promise<void>;
}

export interface AskFlowDeps {
  service: RoundsService;
  logger: Logger;
}

export type AskOutcome = { ok: true; answer: Answer; replyId?: string } | { ok: false; fault: Fault; answer?: Answer };

/** Runs the flow for one question. Never throws: a fault is logged once and apologised for. */
export async function runAsk(
  deps: AskFlowDeps,
  surface: ReplySurface,
  question: Question,
  context: Partial<AnswerContext> = {},
): Promise<AskOutcome> {
  const { service, logger } = deps;
  const started = performance.now();
  const ids = { channel: question.channelId, message: question.messageId };
  // Progress runs alongside retrieval (chat users expect a sign within a second); every later step waits for it,
  // so a late status or stream start can never land after the finished answer.
  let steps: Promise<void> = safely(() => surface.begin());
  let answer: Answer;
  try {
    answer = await service.ask(question, context, {
      onProgress: (p) => {
        steps = steps.then(() => safely(() => surface.progress(p)));
      },
    });
  } catch (error) {
    await steps;
    return fail(deps, surface, error, { step: 'ask', ids });
  }
  await steps;
  let replyId: string | undefined;
  try {
    replyId = await surface.deliver(answer);
  } catch (error) {
    // Never a silent drop: the platform refused the answer itself (too long, a block it rejects), so say so.
    return { ...(await fail(deps, surface, error, { step: 'deliver', ids: { ...ids, answerId: answer.id }, platform: true })), answer };
  }
  if (replyId) {
    await service.store.setReplyId(answer.id, replyId).catch((error: unknown) => {
      logger.warn({ answerId: answer.id, code: (error as { code?: string })?.code }, 'reply id not stored');
    });
  }
  logger.info(
    {
      answerId: answer.id,
      platform: surface.platform,
      status: answer.status,
      label: answer.confidence.label,
      composer: answer.composer,
      channel: question.channelId,
      replyId,
      ms: Math.round(performance.now() - started),
    },
    'answer delivered',
  );
  await safely(() => surface.end());
  return { ok: true, answer, ...(replyId ? { replyId } : {}) };
}

async function fail(
  deps: AskFlowDeps,
  surface: ReplySurface,
  error: unknown,
  where: { step: string; ids: Record<string, string | undefined>; platform?: boolean },
): Promise<{ ok: false; fault: Fault }> {
  const fault = toFault(error, { platform: where.platform ?? false });
  logFault(deps.logger, fault, error, { platform: surface.platform, step: where.step, ids: where.ids });
  await safely(() => surface.apologise(fault));
  await safely(() => surface.end());
  return { ok: false, fault };
}

/** Surfaces promise not to throw; this makes sure a broken one cannot break the flow either. */
async function safely(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch {
    // Deliberately silent: each surface logs its own courtesy failures by platform code.
  }
}
