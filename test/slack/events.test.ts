/**
 * Drives the real Bolt app over HTTP with signed Events API requests; the fake Slack Web API records what
 * Rounds does in response.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOADING_MESSAGES, STATUS_TEXT } from '../../adapters/slack/answer-flow.js';
import { GREETING } from '../../adapters/slack/handlers/assistant.js';
import { BOT_USER_ID, TEAM_ID } from './fake-slack.js';
import { type Harness, sign, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const blocksJson = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []);

async function mention(channel: string, text: string, extra: Record<string, unknown> = {}) {
  const msg = h.slack.addUserMessage(channel, { user: 'UNURSE', text: `<@${BOT_USER_ID}> ${text}`, ...extra });
  const res = await h.sendEvent({ type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel, event_ts: msg.ts, ...extra });
  return { msg, res };
}

describe('Slack events', () => {
  it('answers a mention in its thread with sources and confidence, after acking and showing progress', async () => {
    h.fake!.delayMs = 300;
    const { msg, res } = await mention('CICU', 'what is in the sepsis bundle?');
    expect(res.status).toBe(200);
    // Acked before the answer exists: Slack's 3-second budget does not depend on retrieval time.
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
    const post = await h.slack.waitForCall('chat.postMessage');
    const reaction = h.slack.callsTo('reactions.add')[0];
    expect(reaction?.args).toMatchObject({ channel: 'CICU', timestamp: msg.ts, name: 'mag' });
    expect(reaction!.at).toBeLessThanOrEqual(post.at);

    expect(post.args).toMatchObject({ channel: 'CICU', thread_ts: msg.ts });
    const blocks = blocksJson(post.args);
    expect(blocks).toContain('[1]');
    expect(blocks).toContain('*Sources*');
    expect(blocks).toContain('High confidence');
    expect(blocks).toContain('Adult sepsis protocol › Hour-1 bundle');
    expect(blocks).toContain('<https://intranet.example.org/sepsis|');
    expect(blocks).toContain('v3.1 · effective 2025-02-01');
    expect(blocks).toContain('Past its review date (2023-01-01)');
    expect(blocks).toContain('&amp; 30 mL/kg'); // snippet text is escaped for mrkdwn
    expect(blocks).toContain('"type":"feedback_buttons"');

    const asked = h.fake!.asked[0]!;
    expect(asked.question).toMatchObject({
      text: 'what is in the sepsis bundle?',
      platform: 'slack',
      channelId: 'CICU',
      askerId: 'UNURSE',
      workspaceId: TEAM_ID,
    });
    // The reaction is removed after the reply ts is stored, so the record is complete by then.
    await h.slack.waitForCall('reactions.remove');
    const [record] = await h.fake!.store.listAnswers({});
    expect(blocks).toContain(`rounds_feedback:${record!.answer.id}`);
    const reply = h.slack.messages.get('CICU')!.find((m) => m.bot_id && m.thread_ts === msg.ts)!;
    expect(record!.context.replyId).toBe(reply.ts);
  });

  it('answers a direct message in a thread and keeps question text out of the logs', async () => {
    const msg = h.slack.addUserMessage('D0DM', { user: 'UNURSE', text: 'sepsis antibiotics for MRN 12345678?' });
    await h.sendEvent({ type: 'message', channel_type: 'im', channel: 'D0DM', user: 'UNURSE', text: msg.text, ts: msg.ts });
    const post = await h.slack.waitForCall('chat.postMessage');
    expect(post.args).toMatchObject({ channel: 'D0DM', thread_ts: msg.ts });
    // Agent messaging: the top-level DM became a thread whose status shows Rounds at work, with loading messages.
    const status = h.slack.callsTo('assistant.threads.setStatus')[0]!;
    expect(status.args).toMatchObject({ channel_id: 'D0DM', thread_ts: msg.ts, status: STATUS_TEXT, loading_messages: LOADING_MESSAGES });
    await h.slack.waitFor(() => h.logs.some((l) => l.includes('answer delivered')) || undefined, 5000, 'log line');
    const logs = h.logs.join('\n');
    expect(logs).not.toContain('12345678');
    expect(logs).not.toContain('antibiotics');
  });

  it('answers a thread follow-up without a new mention, passing earlier turns as history', async () => {
    const { msg } = await mention('CICU', 'what is in the sepsis bundle?');
    await h.slack.waitForCall('chat.postMessage');
    const follow = h.slack.addUserMessage('CICU', { user: 'UNURSE', text: 'and within what time?', thread_ts: msg.ts });
    await h.sendEvent({
      type: 'message',
      channel_type: 'channel',
      channel: 'CICU',
      user: 'UNURSE',
      text: follow.text,
      ts: follow.ts,
      thread_ts: msg.ts,
    });
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length === 2 || undefined, 10_000, 'second answer');
    const second = h.slack.callsTo('chat.postMessage')[1]!;
    expect(second.args.thread_ts).toBe(msg.ts);
    const history = h.fake!.asked[1]!.question.history ?? [];
    expect(history[0]).toEqual({ role: 'user', text: 'what is in the sepsis bundle?' });
    expect(history[1]?.role).toBe('assistant');
    expect(history.some((t) => t.text === 'and within what time?')).toBe(false);
  });

  it('ignores thread replies where Rounds has not answered, follow-ups in mention-only channels, bots and edits', async () => {
    const root = h.slack.addUserMessage('CICU', { user: 'UOTHER', text: 'handover at 7' });
    const reply = h.slack.addUserMessage('CICU', { user: 'UNURSE', text: 'ok sepsis?', thread_ts: root.ts });
    await h.sendEvent({
      type: 'message',
      channel_type: 'channel',
      channel: 'CICU',
      user: 'UNURSE',
      text: reply.text,
      ts: reply.ts,
      thread_ts: root.ts,
    });
    await h.slack.waitForCall('conversations.replies');

    const { msg } = await mention('CQUIET', 'sepsis bundle?');
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'CQUIET');
    const quietFollow = h.slack.addUserMessage('CQUIET', { user: 'UNURSE', text: 'more?', thread_ts: msg.ts });
    await h.sendEvent({
      type: 'message',
      channel_type: 'channel',
      channel: 'CQUIET',
      user: 'UNURSE',
      text: 'more?',
      ts: quietFollow.ts,
      thread_ts: msg.ts,
    });
    await h.sendEvent({
      type: 'message',
      channel_type: 'im',
      channel: 'D0DM',
      bot_id: 'BOTHER',
      user: 'UBOT2',
      text: 'sepsis',
      ts: '1.000001',
    });
    await h.sendEvent({
      type: 'message',
      subtype: 'message_changed',
      channel_type: 'im',
      channel: 'D0DM',
      ts: '1.000002',
      message: { user: 'UNURSE', text: 'sepsis (edited)', ts: '1.000000' },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake!.asked).toHaveLength(1);
    // Mention-only channels render without feedback buttons when their profile turns them off.
    expect(blocksJson(h.slack.callsTo('chat.postMessage')[0]!.args)).not.toContain('rounds_feedback:');
  });

  it('remembers threads Rounds is not part of until someone mentions it there', async () => {
    const root = h.slack.addUserMessage('CICU', { user: 'UOTHER', text: 'bed 4 handover' });
    const reply = async (text: string) => {
      const m = h.slack.addUserMessage('CICU', { user: 'UNURSE', text, thread_ts: root.ts });
      await h.sendEvent({ type: 'message', channel_type: 'channel', channel: 'CICU', user: 'UNURSE', text, ts: m.ts, thread_ts: root.ts });
      return m;
    };
    await reply('sepsis?');
    await h.slack.waitForCall('conversations.replies');
    await reply('sepsis bundle?');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsTo('conversations.replies')).toHaveLength(1);
    expect(h.fake!.asked).toHaveLength(0);

    await mention('CICU', 'sepsis bundle?', { thread_ts: root.ts });
    await h.slack.waitForCall('chat.postMessage');
    await reply('and the lactate threshold?');
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length === 2 || undefined, 10_000, 'follow-up answer');
    expect(h.fake!.asked[1]!.question.history?.some((t) => t.role === 'assistant')).toBe(true);
  });

  it('apologises in the thread when Slack refuses the answer message itself', async () => {
    h.slack.failNext('chat.postMessage', { error: 'msg_too_long' });
    const { msg } = await mention('CICU', 'sepsis bundle?');
    await h.slack.waitFor(() => h.slack.calls.filter((c) => c.method === 'chat.postMessage').length === 2 || undefined, 10_000, 'apology');
    const apology = h.slack.callsTo('chat.postMessage')[1]!;
    expect(apology.args.thread_ts).toBe(msg.ts);
    expect(String(apology.args.text)).toMatch(/reference R-[0-9a-f]{8}/);
  });

  it('answers a retried or duplicated event once', async () => {
    const msg = h.slack.addUserMessage('CICU', { user: 'UNURSE', text: `<@${BOT_USER_ID}> sepsis bundle?` });
    const event = { type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel: 'CICU', event_ts: msg.ts };
    await h.sendEvent(event, { eventId: 'Ev0DUP' });
    const retry = await h.sendEvent(event, { eventId: 'Ev0DUP', retryNum: 1 });
    expect(retry.status).toBe(200);
    // The same message also arrives as a message.channels event with another event id.
    await h.sendEvent({ ...event, type: 'message', channel_type: 'channel' }, { eventId: 'Ev0OTHER' });
    await h.slack.waitForCall('chat.postMessage');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(h.fake!.asked).toHaveLength(1);
  });

  it('de-duplicates by event id too (events without a message ts)', async () => {
    const threadTs = h.slack.nextTs();
    h.slack.messages.set('D0AI', [{ ts: threadTs, user: BOT_USER_ID, bot_id: 'BROUNDS', text: 'New chat' }]);
    const event = {
      type: 'assistant_thread_started',
      assistant_thread: { user_id: 'UNURSE', channel_id: 'D0AI', thread_ts: threadTs, context: {} },
      event_ts: threadTs,
    };
    await h.sendEvent(event, { eventId: 'Ev0START' });
    await h.sendEvent(event, { eventId: 'Ev0START', retryNum: 2 });
    await h.slack.waitForCall('assistant.threads.setSuggestedPrompts');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsTo('assistant.threads.setSuggestedPrompts')).toHaveLength(1);
  });

  it('rejects a bad signature or a stale timestamp with 401', async () => {
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev0BAD',
      team_id: TEAM_ID,
      event: { type: 'app_mention', user: 'U1', text: 'x', ts: '1.1', channel: 'C1' },
    });
    const now = Math.floor(Date.now() / 1000);
    const bad = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(now),
        'x-slack-signature': sign(body, now, 'wrong-secret'),
      },
      body,
    });
    expect(bad.status).toBe(401);
    const old = now - 10 * 60;
    const stale = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(old), 'x-slack-signature': sign(body, old) },
      body,
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    expect(h.fake!.asked).toHaveLength(0);
  });

  it('answers Slack URL verification', async () => {
    const res = await h.postRaw(JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' }), 'application/json');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('abc123');
  });

  it('honours HTTP 429 Retry-After and still delivers the answer', async () => {
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await mention('CICU', 'sepsis bundle?');
    const ok = await h.slack.waitForCall('chat.postMessage', () => true, 15_000);
    const limited = h.slack.calls.find((c) => c.method === 'chat.postMessage' && c.status === 429)!;
    expect(limited).toBeDefined();
    expect(ok.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('falls back to plain buttons where feedback_buttons are rejected', async () => {
    h.slack.rejectContextActions = true;
    await mention('CICU', 'sepsis bundle?');
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length === 2 || undefined, 10_000, 'fallback post');
    const [first, second] = h.slack.callsTo('chat.postMessage');
    expect(blocksJson(first!.args)).toContain('context_actions');
    expect(blocksJson(second!.args)).toContain('rounds_rate_down');
    expect(h.slack.messages.get('CICU')!.filter((m) => m.bot_id)).toHaveLength(1);
  });

  it('a fault gets a reply with a reference and exactly one log line, without the question text', async () => {
    h.fake!.mode = 'chroma_down';
    const before = h.logs.length;
    const { msg } = await mention('CICU', 'sepsis bundle for warfarin overdose?');
    const post = await h.slack.waitForCall('chat.postMessage');
    expect(post.args.thread_ts).toBe(msg.ts);
    const text = String(post.args.text);
    const ref = text.match(/reference (R-[0-9a-f]{8})/)?.[1];
    expect(ref).toBeDefined();
    expect(text).toContain('knowledge base is unavailable');
    // The channel profile's escalation is named for anything urgent.
    expect(text).toContain('#icu-pharmacist');
    expect(text).not.toMatch(/chroma|127\.0\.0\.1|at .*\.ts/i);
    await h.slack.waitForCall('reactions.remove');
    const faultLines = h.logs.slice(before).filter((l) => /"level":(40|50)/.test(l));
    expect(faultLines).toHaveLength(1);
    expect(JSON.parse(faultLines[0]!)).toMatchObject({
      ref,
      kind: 'knowledge_base_unavailable',
      code: 'rounds_chroma_unavailable',
      platform: 'slack',
    });
    expect(h.logs.join('\n')).not.toContain('warfarin');
  });

  it('apologises for an unexpected crash too, without a stack trace', async () => {
    h.fake!.mode = 'crash';
    await mention('CICU', 'sepsis bundle?');
    const post = await h.slack.waitForCall('chat.postMessage');
    expect(String(post.args.text)).toMatch(/could not answer this right now \(reference R-/);
    expect(String(post.args.text)).not.toContain('Cannot read properties');
  });

  it('runs the AI-app surface: suggested prompts, status while working, title from the redacted question', async () => {
    const threadTs = h.slack.nextTs();
    // Slack creates the thread's root message in the app's DM before sending assistant_thread_started.
    h.slack.messages.set('D0AI', [{ ts: threadTs, user: BOT_USER_ID, bot_id: 'BROUNDS', text: 'New chat' }]);
    await h.sendEvent({
      type: 'assistant_thread_started',
      assistant_thread: { user_id: 'UNURSE', channel_id: 'D0AI', thread_ts: threadTs, context: {} },
      event_ts: threadTs,
    });
    const prompts = await h.slack.waitForCall('assistant.threads.setSuggestedPrompts');
    expect(prompts.args).toMatchObject({ channel_id: 'D0AI', thread_ts: threadTs });
    expect(JSON.stringify(prompts.args.prompts)).toContain('sepsis');
    const greeting = await h.slack.waitForCall('chat.postMessage');
    expect(greeting.args.text).toBe(GREETING);

    const q = h.slack.addUserMessage('D0AI', { user: 'UNURSE', text: 'sepsis bundle for MRN 12345678', thread_ts: threadTs });
    await h.sendEvent({
      type: 'message',
      channel_type: 'im',
      channel: 'D0AI',
      user: 'UNURSE',
      text: q.text,
      ts: q.ts,
      thread_ts: threadTs,
    });
    const title = await h.slack.waitForCall('assistant.threads.setTitle');
    const status = h.slack.callsTo('assistant.threads.setStatus')[0]!;
    const answer = h.slack.callsTo('chat.postMessage')[1]!;
    expect(status.args).toMatchObject({ channel_id: 'D0AI', thread_ts: threadTs, status: STATUS_TEXT, loading_messages: LOADING_MESSAGES });
    expect(status.at).toBeLessThanOrEqual(answer.at);
    expect(answer.args.thread_ts).toBe(threadTs);
    expect(title.args.title).toBe('sepsis bundle for [MRN]');
    expect(h.fake!.asked[0]!.question.history ?? []).toEqual([]);
  });
});
