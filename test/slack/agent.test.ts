/**
 * The agent messaging experience (manifest agent_view) and streaming, against the real Bolt app and the fake Slack
 * Web API: app_home_opened on the Messages tab greets a new user once; a DM thread is answered with the thread
 * status and loading messages; an LLM-drafted answer arrives as a chat stream (task_update chunks for the steps,
 * the verified text, then sources, label and feedback blocks); extractive answers and workspaces without
 * streaming get one message.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOADING_MESSAGES, STATUS_TEXT } from '../../adapters/slack/answer-flow.js';
import { GREETING } from '../../adapters/slack/handlers/assistant.js';
import { BOT_USER_ID, type StreamChunk } from './fake-slack.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function mention(channel: string, text: string) {
  const msg = h.slack.addUserMessage(channel, { user: 'UNURSE', text: `<@${BOT_USER_ID}> ${text}` });
  await h.sendEvent({ type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel, event_ts: msg.ts });
  return msg;
}

describe('Slack agent messaging', () => {
  it('greets on the Messages tab once, then answers in a DM thread with status and loading messages', async () => {
    const home = { type: 'app_home_opened', user: 'UNURSE', channel: 'D0NEW', tab: 'messages', event_ts: '1.1' };
    await h.sendEvent(home);
    const greeting = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'D0NEW');
    expect(greeting.args.text).toBe(GREETING);
    expect(h.slack.callsTo('conversations.history')[0]?.args).toMatchObject({ channel: 'D0NEW', limit: '1' });
    // Reopening the tab, or the Home/About tab, greets nobody again.
    await h.sendEvent({ ...home, event_ts: '1.2' });
    await h.sendEvent({ ...home, tab: 'home', user: 'UOTHER', event_ts: '1.3' });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);

    // A top-level DM starts a thread; a follow-up in it goes through the agent surface with history.
    const q = h.slack.addUserMessage('D0NEW', { user: 'UNURSE', text: 'what is in the sepsis bundle?' });
    await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D0NEW', user: 'UNURSE', text: q.text, ts: q.ts });
    const first = await h.slack.waitForCall('chat.postMessage', (c) => c.args.thread_ts === q.ts);
    const status = h.slack.callsTo('assistant.threads.setStatus')[0]!;
    expect(status.args).toMatchObject({ channel_id: 'D0NEW', thread_ts: q.ts, status: STATUS_TEXT, loading_messages: LOADING_MESSAGES });
    expect(status.at).toBeLessThanOrEqual(first.at);
    const f = h.slack.addUserMessage('D0NEW', { user: 'UNURSE', text: 'and within what time?', thread_ts: q.ts });
    await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D0NEW', user: 'UNURSE', text: f.text, ts: f.ts, thread_ts: q.ts });
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === q.ts).length === 2 || undefined);
    expect(h.fake!.asked[1]!.question.history?.some((t) => t.role === 'assistant')).toBe(true);
    expect(h.slack.callsTo('assistant.threads.setStatus')).toHaveLength(2);
  });

  it('streams an LLM-drafted answer: task updates for the steps, the text, then sources, label and feedback', async () => {
    h.fake!.composer = 'llm';
    const msg = await mention('CICU', 'sepsis bundle?');
    const stop = await h.slack.waitForCall('chat.stopStream');
    const start = h.slack.callsTo('chat.startStream')[0]!;
    // Outside a DM the stream names its recipient.
    expect(start.args).toMatchObject({ channel: 'CICU', thread_ts: msg.ts, recipient_user_id: 'UNURSE', task_display_mode: 'timeline' });
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === msg.ts)).toHaveLength(0);
    const streamed = h.slack.messages.get('CICU')!.find((m) => m.stream)!;
    expect(streamed.stream!.state).toBe('completed');
    const tasks = streamed.stream!.chunks.filter((c): c is StreamChunk => c.type === 'task_update');
    expect(tasks.map((t) => [t.id, t.status, t.title])).toEqual([
      ['search', 'complete', 'Searched general, icu: 2 sources'],
      ['draft', 'in_progress', 'Drafting the answer from those sources'],
      ['draft', 'complete', 'Drafted the answer'],
      ['verify', 'complete', 'Checked 2 citations'],
    ]);
    expect(h.slack.streamedText(streamed)).toContain('Within the first hour measure lactate');
    const blocks = JSON.stringify(stop.args.blocks);
    expect(blocks).toContain('*Sources*');
    expect(blocks).toContain('confidence');
    expect(blocks).toContain('feedback_buttons');
    expect(blocks).toContain('rounds_escalate');
    // The text is in the stream, not repeated in the blocks.
    expect(blocks).not.toContain('Within the first hour measure lactate');
    // The reply's id is stored once the stream has stopped: under load that can land a moment after stopStream.
    await vi.waitFor(async () => {
      const [record] = await h.fake!.store.listAnswers({});
      expect(record!.context.replyId).toBe(streamed.ts);
    });
    await h.slack.waitForCall('reactions.remove');
  });

  it('posts one message where streaming is unavailable, and at once for extractive answers', async () => {
    h.fake!.composer = 'llm';
    h.slack.streamingUnavailable = true;
    const msg = await mention('CICU', 'sepsis bundle?');
    const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.thread_ts === msg.ts);
    expect(JSON.stringify(post.args.blocks)).toContain('Within the first hour measure lactate');
    expect(h.logs.some((l) => l.includes('slack streaming unavailable'))).toBe(true);

    h.fake!.composer = 'extractive';
    h.slack.streamingUnavailable = false;
    const tried = h.slack.callsTo('chat.startStream').length;
    const second = await mention('CICU', 'sepsis antibiotics?');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.thread_ts === second.ts);
    expect(h.slack.callsTo('chat.startStream')).toHaveLength(tried);
  });
});
