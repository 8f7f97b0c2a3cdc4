/**
 * Questions from messages: @mentions in channels, top-level direct messages, and follow-ups in a thread Rounds
 * already answered (no new mention needed when the channel's profile allows follow-ups). Threaded DMs belong
 * to the agent surface and are handled by the Assistant (assistant.ts), which Bolt runs first. Replies in an
 * escalation's thread are linked to it (escalation.ts) before anything else.
 */
import type { App } from '@slack/bolt';
import { belongsToEscalation } from '../../escalation.js';
import { answerInThread } from '../answer-flow.js';
import { isHumanMessage, type SlackHandlerDeps, type SlackMessageEvent } from '../handler-deps.js';
import { mentions, plainTextFromSlack } from '../mrkdwn.js';
import { slackErrorCode } from '../slack-errors.js';
import { readThread } from '../thread-history.js';
import { handleEscalationReply } from './escalation.js';

export function registerMessageHandlers(app: App, deps: SlackHandlerDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const e = event as unknown as SlackMessageEvent;
    if (!isHumanMessage(e) || !(await deps.dedupe.claim(`msg:${e.channel}:${e.ts}`))) return;
    // A reply to an escalation that also mentions Rounds is linked by the message listener, not answered.
    if (e.thread_ts && e.user) {
      const escalation = await belongsToEscalation(deps, {
        platform: 'slack',
        channelId: e.channel,
        threadId: e.thread_ts,
        authorId: e.user,
      }).catch(() => false);
      if (escalation) return;
    }
    const threadTs = e.thread_ts ?? e.ts;
    deps.threads.forget(e.channel, threadTs);
    let history: Awaited<ReturnType<typeof readThread>>['turns'] = [];
    if (e.thread_ts && e.thread_ts !== e.ts) {
      history = await readHistory(deps, client, {
        channel: e.channel,
        threadTs,
        currentTs: e.ts,
        botUserId: context.botUserId,
        botId: context.botId,
      });
    }
    await answerInThread(deps, {
      client,
      text: plainTextFromSlack(e.text ?? '', context.botUserId),
      teamId: (body as { team_id?: string }).team_id ?? e.team,
      channel: e.channel,
      threadTs,
      messageTs: e.ts,
      ...(e.user ? { userId: e.user } : {}),
      history,
      progress: 'reaction',
    });
  });

  app.event('message', async ({ event, body, client, context }) => {
    const e = event as unknown as SlackMessageEvent;
    if (!isHumanMessage(e)) return;
    const teamId = (body as { team_id?: string }).team_id ?? e.team;
    // A reply in an escalation's thread by one of its people is their answer, not a question to Rounds.
    if (e.channel_type !== 'im' && (await handleEscalationReply(deps, client, e, context.botUserId))) return;
    if (e.channel_type === 'im') {
      if (e.thread_ts && e.thread_ts !== e.ts) return; // the Assistant handles threaded DMs
      if (!(await deps.dedupe.claim(`msg:${e.channel}:${e.ts}`))) return;
      await answerInThread(deps, {
        client,
        text: plainTextFromSlack(e.text ?? '', context.botUserId),
        ...(teamId ? { teamId } : {}),
        channel: e.channel,
        threadTs: e.ts,
        messageTs: e.ts,
        ...(e.user ? { userId: e.user } : {}),
        // Agent messaging: a top-level DM starts a thread, whose status shows Rounds at work.
        progress: 'assistant_status',
      });
      return;
    }
    // In channels only thread follow-ups come through here; a message that mentions Rounds is an app_mention.
    if (!e.thread_ts || e.thread_ts === e.ts || mentions(e.text, context.botUserId)) return;
    if (!deps.service.profileFor('slack', e.channel)?.followUps) return;
    if (deps.threads.isNotOurs(e.channel, e.thread_ts)) return;
    if (!(await deps.dedupe.claim(`msg:${e.channel}:${e.ts}`))) return;
    // Slack does not say whether a thread involves Rounds, so read it: a follow-up needs the history anyway.
    const thread = await readThread(client, {
      channel: e.channel,
      threadTs: e.thread_ts,
      currentTs: e.ts,
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      ...(context.botId ? { botId: context.botId } : {}),
    }).catch((error: unknown) => {
      deps.logger.warn({ channel: e.channel, code: slackErrorCode(error) }, 'slack thread could not be read');
      return undefined;
    });
    if (!thread) return;
    if (!thread.botReplied) {
      deps.threads.markNotOurs(e.channel, e.thread_ts);
      return;
    }
    await answerInThread(deps, {
      client,
      text: plainTextFromSlack(e.text ?? '', context.botUserId),
      ...(teamId ? { teamId } : {}),
      channel: e.channel,
      threadTs: e.thread_ts,
      messageTs: e.ts,
      ...(e.user ? { userId: e.user } : {}),
      history: thread.turns,
      progress: 'reaction',
    });
  });
}

/** History for a follow-up; an unreadable thread degrades to a question without history rather than no answer. */
export async function readHistory(
  deps: SlackHandlerDeps,
  client: Parameters<typeof readThread>[0],
  args: { channel: string; threadTs: string; currentTs: string; botUserId?: string | undefined; botId?: string | undefined },
) {
  try {
    const { turns } = await readThread(client, {
      channel: args.channel,
      threadTs: args.threadTs,
      currentTs: args.currentTs,
      ...(args.botUserId ? { botUserId: args.botUserId } : {}),
      ...(args.botId ? { botId: args.botId } : {}),
    });
    return turns;
  } catch (error) {
    deps.logger.warn({ channel: args.channel, code: slackErrorCode(error) }, 'slack thread history unavailable');
    return [];
  }
}
