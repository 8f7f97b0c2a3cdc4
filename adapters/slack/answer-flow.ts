/**
 * One question in, one threaded reply out: show progress, ask the RoundsService, post the rendered answer in
 * the question's thread, attach the reply ts to the stored answer. Faults become a short apology with a
 * reference id (logged with the error code), never a stack trace in the channel.
 */
import { randomBytes } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import type { RoundsService } from '../../src/core/service.js';
import type { Answer, Turn } from '../../src/core/types.js';
import type { Logger } from '../../src/logger.js';
import { type FeedbackStyle, renderAnswer, renderApology, type SlackMessage } from './blocks.js';
import { slackErrorCode } from './slack-errors.js';

export const STATUS_TEXT = 'Searching the knowledge base…';
/** Reaction used as the progress signal outside the AI-app surface (reactions:write). */
export const PROGRESS_REACTION = 'mag';

export interface AskInSlack {
  client: webApi.WebClient;
  text: string;
  teamId?: string;
  channel: string;
  threadTs: string;
  /** The question's own ts (reaction target, and skipped when reading history). */
  messageTs?: string;
  userId?: string;
  history?: Turn[];
  progress: 'reaction' | 'assistant_status' | 'none';
}

export interface AnswerDeps {
  service: RoundsService;
  logger: Logger;
}

export function newReference(): string {
  return `R-${randomBytes(4).toString('hex')}`;
}

/**
 * Posts with the `feedback_buttons` element first; a workspace or surface that rejects it (invalid_blocks)
 * gets plain buttons instead, so the answer always lands.
 */
export async function postRendered(
  client: webApi.WebClient,
  target: { channel: string; threadTs?: string },
  render: (style: FeedbackStyle) => SlackMessage,
  logger: Logger,
): Promise<string | undefined> {
  const send = (m: SlackMessage) =>
    client.chat.postMessage({
      channel: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      text: m.text,
      blocks: m.blocks,
    });
  try {
    return (await send(render('feedback_buttons'))).ts;
  } catch (error) {
    if (slackErrorCode(error) !== 'invalid_blocks') throw error;
    logger.warn({ channel: target.channel }, 'slack rejected feedback_buttons; posting with plain buttons');
    return (await send(render('buttons'))).ts;
  }
}

async function showProgress(req: AskInSlack, logger: Logger): Promise<void> {
  try {
    if (req.progress === 'assistant_status') {
      await req.client.assistant.threads.setStatus({ channel_id: req.channel, thread_ts: req.threadTs, status: STATUS_TEXT });
    } else if (req.progress === 'reaction' && req.messageTs) {
      await req.client.reactions.add({ channel: req.channel, timestamp: req.messageTs, name: PROGRESS_REACTION });
    }
  } catch (error) {
    // Progress is a courtesy: a missing scope or an old message must not stop the answer.
    logger.warn({ channel: req.channel, code: slackErrorCode(error) }, 'slack progress indicator failed');
  }
}

/** Answers in the thread. Returns the answer, or undefined when a fault was turned into an apology. */
export async function answerInThread(deps: AnswerDeps, req: AskInSlack): Promise<Answer | undefined> {
  const { service, logger } = deps;
  const started = performance.now();
  // Progress runs alongside retrieval (Slack users expect a sign within a second); it is awaited before the
  // reply so a late status can never overwrite the finished answer.
  const progress = showProgress(req, logger);
  const profile = service.profileFor('slack', req.channel);
  let answer: Answer;
  try {
    answer = await service.ask(
      {
        text: req.text,
        platform: 'slack',
        channelId: req.channel,
        threadId: req.threadTs,
        ...(req.teamId ? { workspaceId: req.teamId } : {}),
        ...(req.userId ? { askerId: req.userId } : {}),
        ...(req.messageTs ? { messageId: req.messageTs } : {}),
        ...(req.history && req.history.length > 0 ? { history: req.history } : {}),
      },
      // The audit context (platform, workspace, channel, thread, message, asker) is taken from the question.
    );
  } catch (error) {
    await progress;
    await postApology(deps, req.client, { channel: req.channel, threadTs: req.threadTs }, error);
    await clearProgress(req, logger);
    return undefined;
  }
  await progress;
  let ts: string | undefined;
  try {
    ts = await postRendered(
      req.client,
      { channel: req.channel, threadTs: req.threadTs },
      (feedback) => renderAnswer(answer, { profile, feedback }),
      logger,
    );
  } catch (error) {
    // Never a silent drop: if Slack refuses the answer itself (msg_too_long, a block it rejects), say so.
    logger.error({ answerId: answer.id, channel: req.channel, code: slackErrorCode(error) }, 'slack answer could not be posted');
    await postApology(deps, req.client, { channel: req.channel, threadTs: req.threadTs }, error);
  }
  if (ts) {
    await service.store.setReplyId(answer.id, ts).catch((error: unknown) => {
      logger.warn({ answerId: answer.id, code: (error as { code?: string })?.code }, 'reply id not stored');
    });
    logger.info(
      {
        answerId: answer.id,
        status: answer.status,
        label: answer.confidence.label,
        channel: req.channel,
        ms: Math.round(performance.now() - started),
      },
      'slack answer posted',
    );
  }
  await clearProgress(req, logger);
  return answer;
}

/**
 * Logs a fault under a fresh reference id and renders the apology that quotes it. Only RoundsError messages
 * (written for operators, free of user text) are logged; other errors by name and Slack code only.
 */
export function apologyFor(error: unknown, logger: Logger): { reference: string; message: SlackMessage } {
  const reference = newReference();
  const rounds = isRoundsError(error);
  logger.error(
    {
      reference,
      code: rounds ? error.code : slackErrorCode(error),
      errName: (error as Error)?.name,
      ...(rounds ? { errMessage: error.message } : {}),
    },
    'slack question failed',
  );
  const message = renderApology(reference, isRoundsError(error, ErrorCode.ChromaUnavailable) ? 'knowledge_base_unavailable' : 'internal');
  return { reference, message };
}

export async function postApology(
  deps: AnswerDeps,
  client: webApi.WebClient,
  target: { channel: string; threadTs?: string },
  error: unknown,
): Promise<SlackMessage> {
  const { reference, message } = apologyFor(error, deps.logger);
  try {
    await client.chat.postMessage({ channel: target.channel, ...(target.threadTs ? { thread_ts: target.threadTs } : {}), ...message });
  } catch (postError) {
    deps.logger.error({ reference, code: slackErrorCode(postError) }, 'slack apology could not be posted');
  }
  return message;
}

async function clearProgress(req: AskInSlack, logger: Logger): Promise<void> {
  // The assistant status clears itself when the app replies in the thread; a reaction has to be removed.
  if (req.progress !== 'reaction' || !req.messageTs) return;
  try {
    await req.client.reactions.remove({ channel: req.channel, timestamp: req.messageTs, name: PROGRESS_REACTION });
  } catch (error) {
    logger.debug({ code: slackErrorCode(error) }, 'slack progress reaction not removed');
  }
}
