/**
 * "🙋 Ask a person" on Teams: the answer card's Action.Submit arrives as a message whose value names the answer.
 * The notice is posted as a new post in the profile's escalation channel (Rounds must be installed in that team),
 * mentioning the configured people; its reply chain is where their answer is linked. The manifest's RSC
 * permission ChannelMessage.Read.Group lets Rounds see those replies without an @mention. The linked reply is
 * relayed to the asker's conversation, so the asker is never left without an answer.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { AnswerRecord, Escalation } from '../../src/core/ports.js';
import type { Logger } from '../../src/logger.js';
import type { AdapterDeps } from '../adapter.js';
import { escalate, noticeContent } from '../escalation.js';
import { apologyText, platformCode } from '../fault.js';
import { userIdOf } from './activity-info.js';
import { type CardEscalateData, ESCALATE_MARKER } from './card.js';
import { sendReply } from './connector-sender.js';
import { plainReply } from './render.js';

export function isEscalateSubmit(activity: Activity): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: untyped submit data, checked field by field.
  const v = activity.value as any;
  return activity.type === 'message' && v?.kind === ESCALATE_MARKER;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#])/g, '\\$1');
}

function notice(record: AnswerRecord, people: string[], label: string | undefined): Partial<Activity> {
  const c = noticeContent(record.answer);
  const who = label ?? 'on call';
  // Teams mentions need the <at> text and a mention entity naming the same text.
  const mentions = people.map((id) => ({ type: 'mention', text: `<at>${who}</at>`, mentioned: { id, name: who } }));
  const lines = [
    `🙋 ${mentions.map((m) => m.text).join(' ')} A colleague asks a person to answer this (patient identifiers were removed).`,
    `**Question:** ${escapeMarkdown(c.question)}`,
    c.outcome,
  ];
  if (c.answerText) lines.push(`**Rounds' answer:** ${escapeMarkdown(c.answerText)}`);
  if (c.sources.length)
    lines.push(
      `**${record.answer.status === 'answered' ? 'Sources' : 'Closest sources'}:**\n\n${c.sources.map((s) => `- ${escapeMarkdown(s)}`).join('\n')}`,
    );
  lines.push('_Reply in this thread: your answer is sent to the asker and linked to the question for the knowledge team._');
  return { type: 'message', text: lines.join('\n\n'), textFormat: 'markdown', entities: mentions as never[] };
}

/** The conversation the asker's answer lives in (1:1 chat, or the channel reply chain). */
function askerConversation(record: AnswerRecord): string | undefined {
  const { channelId, threadId } = record.context;
  if (!channelId) return undefined;
  return channelId.includes('@thread.') && threadId && threadId !== channelId
    ? `${channelId};messageid=${threadId}`
    : (threadId ?? channelId);
}

export async function onEscalate(context: TurnContext, deps: AdapterDeps, logger: Logger): Promise<void> {
  const activity = context.activity;
  const data = activity.value as Partial<CardEscalateData>;
  const answerId = typeof data.answerId === 'string' ? data.answerId : '';
  const outcome = await escalate(deps, { answerId, platform: 'teams', requestedBy: userIdOf(activity) }, async (record) => {
    const profile = deps.service.profileFor('teams', record.context.channelId);
    const targets = profile?.escalateTo?.teams;
    if (!targets) throw new Error('no Teams escalation channel');
    const sent = await sendReply(context, notice(record, targets.people, profile?.escalation), targets.channel, { newMessage: true });
    if (!sent.id) throw new Error('the connector returned no id for the escalation notice');
    return { channelId: targets.channel, noticeId: sent.id };
  });
  const text =
    outcome.kind === 'notified'
      ? '🙋 Sent. The people on call for this channel were notified; their reply will appear here.'
      : outcome.kind === 'already'
        ? `You asked already (${outcome.escalation.status === 'open' ? 'waiting for a reply' : outcome.escalation.status}); nobody is notified twice.`
        : outcome.kind === 'not_configured'
          ? 'Nobody is set up to take questions from this chat. An administrator can add a Teams channel under escalation in rounds.config.yaml.'
          : outcome.kind === 'unknown_answer'
            ? 'That answer is no longer in the feedback store, so it cannot be sent to a person. Please ask again.'
            : apologyText(outcome.fault);
  await sendReply(context, plainReply(text)).catch((error: unknown) =>
    logger.warn({ activityId: activity.id, code: platformCode(error) }, 'teams: escalation confirmation not sent'),
  );
}

export async function relayEscalationReply(
  context: TurnContext,
  escalation: Escalation,
  record: AnswerRecord | undefined,
  logger: Logger,
): Promise<void> {
  const target = record ? askerConversation(record) : undefined;
  if (!target || !escalation.reply) return;
  const text = `💬 ${context.activity.from?.name ?? 'A colleague'} answered your question: ${escapeMarkdown(escalation.reply.text)}`;
  await sendReply(context, { type: 'message', text, textFormat: 'markdown' }, target, { newMessage: true }).catch((error: unknown) =>
    logger.warn({ escalationId: escalation.id, code: platformCode(error) }, 'teams: escalation reply not relayed'),
  );
}
