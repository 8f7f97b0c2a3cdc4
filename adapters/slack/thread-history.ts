/**
 * Earlier turns of a Slack thread, for follow-up questions, read with conversations.replies.
 * Also answers "has Rounds already replied in this thread?", which gates follow-ups without a new mention.
 */
import type { webApi } from '@slack/bolt';
import type { Turn } from '../../src/core/types.js';
import { plainTextFromSlack } from './mrkdwn.js';

/** Enough context for a follow-up without sending a whole long thread to retrieval. */
const MAX_TURNS = 10;
/** conversations.replies pages at up to 1,000 messages; one page of 200 is plenty for a clinical Q&A thread. */
const PAGE = 200;

export interface ThreadHistory {
  turns: Turn[];
  botReplied: boolean;
}

interface ReplyMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
}

export async function readThread(
  client: webApi.WebClient,
  args: { channel: string; threadTs: string; currentTs?: string; botUserId?: string; botId?: string },
): Promise<ThreadHistory> {
  const result = await client.conversations.replies({ channel: args.channel, ts: args.threadTs, limit: PAGE });
  const messages = (result.messages ?? []) as ReplyMessage[];
  let botReplied = false;
  const turns: Turn[] = [];
  for (const m of messages) {
    if (m.ts === args.currentTs) continue;
    const fromBot = (args.botId !== undefined && m.bot_id === args.botId) || (args.botUserId !== undefined && m.user === args.botUserId);
    if (fromBot) botReplied = true;
    // Other bots' messages and system subtypes (joins, topic changes) are not part of the conversation.
    if (!fromBot && (m.bot_id || (m.subtype && m.subtype !== 'thread_broadcast' && m.subtype !== 'file_share'))) continue;
    const text = plainTextFromSlack(m.text ?? '', args.botUserId);
    if (text) turns.push({ role: fromBot ? 'assistant' : 'user', text });
  }
  return { turns: turns.slice(-MAX_TURNS), botReplied };
}
