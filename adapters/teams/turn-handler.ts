/**
 * The bot's logic for one Teams turn: questions (1:1, or @mention in a channel / group chat), feedback from the
 * built-in feedback loop and from the Adaptive Card buttons. Everything goes through the RoundsService; faults
 * become a short apology with a reference id (logged with the error code), never a stack trace.
 * Logs carry ids, lengths and codes only: question and answer text may hold patient identifiers.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import type { AdapterDeps } from '../adapter.js';
import { runAsk } from '../ask-flow.js';
import { createDeduper, type EventDeduper } from '../dedupe.js';
import { linkReply } from '../escalation.js';
import { apologyText, logFault, platformCode, toFault } from '../fault.js';
import { conversationKind, describeMessage, tenantOf, userIdOf } from './activity-info.js';
import { sendReply } from './connector-sender.js';
import { isEscalateSubmit, onEscalate, relayEscalationReply } from './escalation.js';
import { cardFeedback, isCardSubmit, isFeedbackInvoke, parseFeedbackInvoke } from './feedback.js';
import { plainReply } from './render.js';
import { TeamsSurface } from './teams-surface.js';
import { threadHistory } from './thread-history.js';

/** Teams shows "typing…" for about 3 seconds per indicator, so it is repeated while the answer is composed. */
const TYPING_INTERVAL_MS = 3000;

export const WELCOME =
  "Hi, I'm Rounds. I answer questions only from your team's curated knowledge base (protocols, formulary notes, local policies), " +
  'with numbered sources and a confidence label, and I say so when the sources do not answer the question. Ask me here, or @mention Rounds in a channel. ' +
  'Please leave patient identifiers out (I remove the ones I recognise). I do not replace clinical judgement or your local escalation routes.';

export interface TurnHandlerOptions {
  typingIntervalMs?: number;
  recentIds?: EventDeduper;
}

/** Ids and codes of a courtesy failure (typing, welcome, confirmation): never a message, which can echo text. */
function codeOf(error: unknown): Record<string, unknown> {
  return { code: platformCode(error) ?? (error as Error)?.name ?? 'unexpected' };
}

export async function invokeResponse(context: TurnContext, status: number, body: unknown = {}): Promise<void> {
  await context.sendActivity({ type: 'invokeResponse', value: { status, body } });
}

export function createTurnHandler(deps: AdapterDeps, options: TurnHandlerOptions = {}) {
  const { service, logger } = deps;
  const recent = options.recentIds ?? createDeduper(deps.shared, 10 * 60_000, 5000, logger);
  const typingEvery = options.typingIntervalMs ?? TYPING_INTERVAL_MS;

  async function onQuestion(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const info = describeMessage(activity);
    // A reply in an escalation's reply chain by one of its people is their answer, not a question to Rounds.
    if (info.kind === 'channel' && (await onEscalationReply(context, info))) return;
    // In channels and group chats Teams only delivers @mentions (without RSC permissions); anything else is not ours.
    if (info.kind !== 'personal' && !info.mentioned) return;
    const profile = service.profileFor('teams', info.channelId);
    const where = {
      platform: 'teams' as const,
      ...(info.tenantId ? { workspaceId: info.tenantId } : {}),
      channelId: info.channelId,
      threadId: info.threadId,
      ...(activity.id ? { messageId: activity.id } : {}),
      askerId: info.askerId,
    };
    // A mention inside an existing reply chain is a follow-up: give the core the earlier turns.
    const followUp = info.kind === 'channel' && profile?.followUps !== false && info.threadId !== activity.id;
    const history = followUp
      ? await threadHistory(service.store, info.channelId, info.threadId).catch((error) => {
          logger.warn({ activityId: activity.id, ...codeOf(error) }, 'teams: thread history unavailable');
          return [];
        })
      : [];
    const surface = new TeamsSurface(context, {
      conversationId: info.replyConversationId,
      personal: info.kind === 'personal',
      profile,
      logger,
      typingIntervalMs: typingEvery,
    });
    await runAsk(deps, surface, { text: info.question, ...where, ...(history.length > 0 ? { history } : {}) }, where);
  }

  async function onEscalationReply(context: TurnContext, info: ReturnType<typeof describeMessage>): Promise<boolean> {
    const result = await linkReply(deps, {
      platform: 'teams',
      channelId: info.channelId,
      threadId: info.threadId,
      authorId: info.askerId,
      text: info.question,
      ...(context.activity.id ? { replyId: context.activity.id } : {}),
    }).catch((error: unknown) => {
      logger.warn({ activityId: context.activity.id, ...codeOf(error) }, 'teams: escalation reply not linked');
      return undefined;
    });
    if (!result) return false;
    if (result.linked) await relayEscalationReply(context, result.escalation, result.record, logger);
    return result.consumed;
  }

  async function onFeedbackInvoke(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const parsed = parseFeedbackInvoke(activity);
    if (!parsed.ok) {
      logger.warn({ activityId: activity.id, reason: parsed.reason }, 'teams: unreadable feedback invoke');
      await invokeResponse(context, 400, { error: parsed.reason });
      return;
    }
    try {
      const record = await service.store.findAnswerByReplyId('teams', parsed.replyToId);
      if (!record) {
        logger.warn({ replyId: parsed.replyToId }, 'teams: feedback for a reply Rounds has no record of');
        await invokeResponse(context, 404, { error: 'unknown answer' });
        return;
      }
      await rate(activity, record.answer.id, parsed.value, parsed.comment);
      await invokeResponse(context, 200, {});
    } catch (error) {
      const fault = toFault(error);
      const status = isRoundsError(error, ErrorCode.UnknownAnswer) ? 404 : fault.status;
      logFault(logger, fault, error, { platform: 'teams', step: 'feedback', ids: { activityId: activity.id } });
      await invokeResponse(context, status, { error: `could not record feedback (reference ${fault.reference})` });
    }
  }

  async function rate(activity: Activity, answerId: string, value: 'up' | 'down', comment?: string): Promise<void> {
    const tenantId = tenantOf(activity);
    await service.rate({
      answerId,
      raterId: userIdOf(activity),
      value,
      ...(comment ? { comment } : {}),
      platform: 'teams',
      ...(tenantId ? { workspaceId: tenantId } : {}),
      channelId: describeMessage(activity).channelId,
    });
    logger.info({ answerId, value, commentChars: comment?.length ?? 0 }, 'teams: rating stored');
  }

  async function onCardFeedback(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const conversationId = describeMessage(activity).replyConversationId;
    const data = cardFeedback(activity);
    let text: string;
    if (!data) {
      text = 'Sorry, that rating could not be read. Please use the 👍/👎 buttons on the answer again.';
    } else {
      try {
        await rate(activity, data.answerId, data.value);
        text = `Thanks, your ${data.value === 'up' ? '👍' : '👎'} is recorded and helps the team review Rounds' answers.`;
      } catch (error) {
        if (!isRoundsError(error, ErrorCode.UnknownAnswer)) {
          const fault = toFault(error);
          logFault(logger, fault, error, { platform: 'teams', step: 'card-feedback', ids: { activityId: activity.id } });
          await sendReply(context, plainReply(apologyText(fault)), conversationId).catch(() => undefined);
          return;
        }
        text = 'Sorry, Rounds has no record of that answer any more, so the rating was not saved.';
      }
    }
    await sendReply(context, plainReply(text), conversationId).catch((error) =>
      logger.warn({ activityId: activity.id, ...codeOf(error) }, 'teams: could not confirm the rating'),
    );
  }

  /** Teams store validation expects a 1:1 bot to introduce itself when installed; channels are left quiet. */
  async function onConversationUpdate(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
    if (!botAdded || conversationKind(activity) !== 'personal') return;
    await sendReply(context, plainReply(WELCOME)).catch((error) =>
      logger.warn({ activityId: activity.id, ...codeOf(error) }, 'teams: could not send the welcome message'),
    );
  }

  return async function onTurn(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const key = activity.id ? `${activity.conversation.id.split(';')[0]}|${activity.id}` : undefined;
    if (key && !(await recent.claim(key))) {
      // Bot Framework redelivery of an activity we already handled (or are handling): answer once.
      logger.info({ activityId: activity.id, type: activity.type }, 'teams: duplicate activity ignored');
      if (activity.type === 'invoke') await invokeResponse(context, 200, {});
      return;
    }
    if (isFeedbackInvoke(activity)) return onFeedbackInvoke(context);
    if (activity.type === 'invoke') return invokeResponse(context, 501, { error: `invoke ${activity.name ?? ''} not supported` });
    if (activity.type === 'conversationUpdate') return onConversationUpdate(context);
    if (activity.type !== 'message') return;
    if (isCardSubmit(activity)) return onCardFeedback(context);
    if (isEscalateSubmit(activity)) return onEscalate(context, deps, logger);
    return onQuestion(context);
  };
}
