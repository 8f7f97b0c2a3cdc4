/**
 * What Rounds needs from a Teams activity: where it was asked (tenant, channel, reply chain), who asked, whether
 * the bot was @mentioned, and the question text with the mention removed.
 *
 * Teams conversation ids: a channel reply chain is "19:…@thread.tacv2;messageid=<root message id>"; group chats
 * are "19:…@thread.v2"; 1:1 chats are "a:…". The channel itself (what profiles list) is channelData.channel.id.
 */
import { type Activity, TurnContext } from 'botbuilder';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface TeamsMessageInfo {
  kind: ConversationKind;
  tenantId?: string;
  /** Channel id for channels (profiles map these), the conversation id for chats. */
  channelId: string;
  /** Root message id of the channel reply chain, or the conversation id for chats. */
  threadId: string;
  /** Conversation id to reply to: for channels always carries ";messageid=" so the reply lands in the chain. */
  replyConversationId: string;
  askerId: string;
  mentioned: boolean;
  question: string;
}

const MESSAGE_ID = /;messageid=([^;]+)/;

// biome-ignore lint/suspicious/noExplicitAny: channelData is untyped Teams JSON.
function channelData(activity: Activity): any {
  return typeof activity.channelData === 'object' && activity.channelData !== null ? activity.channelData : {};
}

export function conversationKind(activity: Activity): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel' || channelData(activity).channel?.id) return 'channel';
  if (type === 'groupChat' || activity.conversation?.isGroup) return 'groupChat';
  return 'personal';
}

export function tenantOf(activity: Activity): string | undefined {
  return channelData(activity).tenant?.id ?? activity.conversation?.tenantId ?? undefined;
}

/** AAD object id when Teams supplies it (stable across bots and what reviewers are configured with). */
export function userIdOf(activity: Activity): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown';
}

export function isBotMentioned(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return TurnContext.getMentions(activity).some((m) => m.mentioned?.id === botId);
}

/** Removes the bot's <at>…</at> mention (by its mention entity), keeps other people's names as plain text, drops Teams' HTML spacing. */
export function questionText(activity: Activity): string {
  let text = activity.text ?? '';
  if (activity.recipient?.id) text = TurnContext.removeRecipientMention(activity) ?? text;
  return text
    .replace(/<at>([^<]*)<\/at>/gi, ' $1 ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/<\/?(p|div|span|br)[^>]*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function describeMessage(activity: Activity): TeamsMessageInfo {
  const kind = conversationKind(activity);
  const conversationId = activity.conversation.id;
  const base = conversationId.split(';')[0] ?? conversationId;
  const rootId = MESSAGE_ID.exec(conversationId)?.[1] ?? activity.id ?? '';
  const channelId = kind === 'channel' ? (channelData(activity).channel?.id ?? base) : base;
  const tenantId = tenantOf(activity);
  return {
    kind,
    ...(tenantId ? { tenantId } : {}),
    channelId,
    threadId: kind === 'channel' ? rootId : conversationId,
    replyConversationId: kind === 'channel' && !MESSAGE_ID.test(conversationId) && rootId ? `${base};messageid=${rootId}` : conversationId,
    askerId: userIdOf(activity),
    mentioned: isBotMentioned(activity),
    question: questionText(activity),
  };
}
