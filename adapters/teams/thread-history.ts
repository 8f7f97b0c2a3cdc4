/**
 * Earlier Rounds questions and answers in the same channel reply chain, for follow-up questions.
 * Read from the feedback store rather than from Teams: reading channel messages needs Microsoft Graph
 * permissions (ChannelMessage.Read.All or resource-specific consent) that Rounds deliberately does not request.
 * Stored questions are already redacted.
 */
import type { FeedbackStore } from '../../src/core/ports.js';
import type { Turn } from '../../src/core/types.js';

/** Enough context for a follow-up without sending a whole long thread to retrieval (same as Slack). */
const MAX_TURNS = 10;
/** How many of the channel's most recent answers are searched for the thread. */
const SCAN = 100;

export async function threadHistory(store: FeedbackStore, channelId: string, threadId: string): Promise<Turn[]> {
  const records = await store.listAnswers({ channelId, limit: SCAN });
  const turns: Turn[] = [];
  // listAnswers returns newest first; a conversation reads oldest first.
  for (const r of records.reverse()) {
    if (r.context.platform !== 'teams' || r.context.threadId !== threadId) continue;
    turns.push({ role: 'user', text: r.answer.question }, { role: 'assistant', text: r.answer.text });
  }
  return turns.slice(-MAX_TURNS);
}
