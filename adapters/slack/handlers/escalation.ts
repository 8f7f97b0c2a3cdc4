/**
 * "🙋 Ask a person" on Slack. The press posts a notice (redacted question, answer, sources, a link to the thread)
 * mentioning the profile's people and group, in the profile's escalation channel or else in the asker's own
 * thread; a repeat press only reminds the presser. A reply in the notice's thread by one of those people is
 * linked to the escalation and, when the notice lives in another channel, relayed into the asker's thread.
 */
import type { App, webApi } from '@slack/bolt';
import type { AnswerRecord, Escalation } from '../../../src/core/ports.js';
import { escalate, linkReply, noticeContent } from '../../escalation.js';
import { apologyText } from '../../fault.js';
import { ACTION } from '../blocks.js';
import type { SlackHandlerDeps, SlackMessageEvent } from '../handler-deps.js';
import { clip, escapeMrkdwn, plainTextFromSlack } from '../mrkdwn.js';
import { slackErrorCode } from '../slack-errors.js';

/** Slack section text limit. */
const MAX_SECTION = 3000;

interface ActionBody {
  user: { id: string };
  channel?: { id: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts?: string; thread_ts?: string };
}

async function permalink(client: webApi.WebClient, channel: string | undefined, ts: string | undefined): Promise<string | undefined> {
  if (!channel || !ts) return undefined;
  try {
    return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink;
  } catch {
    return undefined;
  }
}

function noticeBlocks(record: AnswerRecord, mentions: string, requestedBy: string, link: string | undefined) {
  const c = noticeContent(record.answer);
  const lines = [
    `🙋 ${mentions ? `${mentions} ` : ''}<@${requestedBy}> asks a person to answer this (patient identifiers were removed).`,
    `*Question:* ${escapeMrkdwn(clip(c.question, 1000))}`,
    c.outcome,
  ];
  if (c.answerText) lines.push(`*Rounds' answer:* ${escapeMrkdwn(clip(c.answerText, 1200))}`);
  if (c.sources.length > 0)
    lines.push(`*${record.answer.status === 'answered' ? 'Sources' : 'Closest sources'}:*\n${c.sources.map(escapeMrkdwn).join('\n')}`);
  if (link) lines.push(`<${link}|Open the thread>`);
  lines.push('_Reply in this thread: your answer is linked to the question for the knowledge team._');
  const text = clip(lines.join('\n'), MAX_SECTION);
  return { text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] };
}

export function registerEscalationHandlers(app: App, deps: SlackHandlerDeps): void {
  const { service, logger } = deps;

  app.action(ACTION.escalate, async ({ ack, body, action, client, respond }) => {
    await ack();
    const b = body as unknown as ActionBody;
    const answerId = (action as { value?: string }).value ?? '';
    const tell = (text: string) =>
      respond({ response_type: 'ephemeral', replace_original: false, text }).catch((error: unknown) => {
        logger.warn({ code: slackErrorCode(error) }, 'slack escalation reply not shown');
      });
    const outcome = await escalate(deps, { answerId, platform: 'slack', requestedBy: b.user.id }, async (record, escalation) => {
      const targets = service.profileFor('slack', record.context.channelId)?.escalateTo?.slack;
      const mentions = [...(targets?.people ?? []).map((u) => `<@${u}>`), ...(targets?.group ? [`<!subteam^${targets.group}>`] : [])].join(
        ' ',
      );
      const askerChannel = record.context.channelId ?? b.channel?.id ?? b.container?.channel_id;
      const askerThread = record.context.threadId ?? b.message?.thread_ts ?? b.container?.message_ts;
      const link = await permalink(client, askerChannel, record.context.replyId ?? askerThread);
      const notice = noticeBlocks(record, mentions, b.user.id, link);
      if (targets?.channel) {
        const posted = await client.chat.postMessage({ channel: targets.channel, ...notice, unfurl_links: false });
        // In the escalation channel the notice starts its own thread: replies arrive with thread_ts = its ts.
        if (askerChannel && askerThread) {
          await client.chat
            .postMessage({
              channel: askerChannel,
              thread_ts: askerThread,
              text: '🙋 Sent to the people on call for this channel. Their reply will appear here.',
            })
            .catch((error: unknown) =>
              logger.warn({ code: slackErrorCode(error), escalationId: escalation.id }, 'slack escalation note not posted'),
            );
        }
        return { channelId: targets.channel, noticeId: posted.ts ?? '' };
      }
      if (!askerChannel || !askerThread) throw new Error('no thread to post the escalation in');
      await client.chat.postMessage({ channel: askerChannel, thread_ts: askerThread, ...notice });
      // In the asker's own thread, the people answer in that same thread.
      return { channelId: askerChannel, noticeId: askerThread };
    });
    switch (outcome.kind) {
      case 'notified':
        await tell('🙋 Sent. The people on call for this channel were notified; their reply will appear in the thread.');
        break;
      case 'already':
        await tell(
          `You asked already (${outcome.escalation.status === 'open' ? 'waiting for a reply' : outcome.escalation.status}); nobody is notified twice.`,
        );
        break;
      case 'not_configured':
        await tell(
          'Nobody is set up to take questions from this channel. An administrator can add people under escalation in rounds.config.yaml.',
        );
        break;
      case 'unknown_answer':
        await tell('That answer is no longer in the feedback store, so it cannot be sent to a person. Please ask again.');
        break;
      case 'fault':
        await tell(apologyText(outcome.fault));
        break;
    }
  });
}

/**
 * Called for human messages in a thread before any other handling: true when the message answered (or belonged to)
 * an escalation, so it is not also treated as a question to Rounds.
 */
export async function handleEscalationReply(
  deps: SlackHandlerDeps,
  client: webApi.WebClient,
  e: SlackMessageEvent,
  botUserId?: string,
): Promise<boolean> {
  if (!e.thread_ts || e.thread_ts === e.ts || !e.user) return false;
  let result: Awaited<ReturnType<typeof linkReply>>;
  try {
    result = await linkReply(deps, {
      platform: 'slack',
      channelId: e.channel,
      threadId: e.thread_ts,
      authorId: e.user,
      text: plainTextFromSlack(e.text ?? '', botUserId),
      replyId: e.ts,
    });
  } catch (error) {
    deps.logger.warn({ channel: e.channel, code: slackErrorCode(error) }, 'slack escalation reply not linked');
    return false;
  }
  if (!result) return false;
  if (result.linked) await relay(deps, client, result.escalation, result.record, e);
  return result.consumed;
}

async function relay(
  deps: SlackHandlerDeps,
  client: webApi.WebClient,
  escalation: Escalation,
  record: AnswerRecord | undefined,
  e: SlackMessageEvent,
) {
  await client.reactions.add({ channel: e.channel, timestamp: e.ts, name: 'white_check_mark' }).catch(() => undefined);
  const askerChannel = record?.context.channelId;
  const askerThread = record?.context.threadId;
  // Same thread: the asker sees the reply already. Another channel: bring the (redacted) reply to the asker.
  if (!askerChannel || !askerThread || (askerChannel === e.channel && askerThread === e.thread_ts)) return;
  const text = `💬 <@${escalation.reply?.by ?? e.user}> answered: ${escapeMrkdwn(clip(escalation.reply?.text ?? '', 2500))}`;
  await client.chat.postMessage({ channel: askerChannel, thread_ts: askerThread, text }).catch((error: unknown) => {
    deps.logger.warn({ escalationId: escalation.id, code: slackErrorCode(error) }, 'slack escalation reply not relayed');
  });
}
