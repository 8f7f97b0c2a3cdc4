/**
 * "Ask a person" on Slack, through the real Bolt app and the real SQLite store: the notice reaches the profile's
 * escalation channel mentioning its people, a repeat press notifies nobody twice, a reply in the notice's thread by
 * one of them is linked (and relayed to the asker), then shows in the /review knowledge-gap list and in the export
 * as a reference answer. Without an escalation channel the notice goes into the asker's own thread.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectFeedback } from '../../src/store/export.js';
import { renderGapsHtml } from '../../src/store/gaps-render.js';
import { knowledgeGaps } from '../../src/store/knowledge-gaps.js';
import { BOT_USER_ID, TEAM_ID } from './fake-slack.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function answered(channel: string, text: string) {
  const msg = h.slack.addUserMessage(channel, { user: 'UNURSE', text: `<@${BOT_USER_ID}> ${text}` });
  await h.sendEvent({ type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel, event_ts: msg.ts });
  const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === channel && c.args.thread_ts === msg.ts);
  const reply = h.slack.messages.get(channel)!.find((m) => m.bot_id && m.thread_ts === msg.ts)!;
  // The reply's id is stored just after Slack returns it: under load the test can get here first.
  const record = await vi.waitFor(async () => {
    const found = await h.service.store.findAnswerByReplyId('slack', reply.ts);
    if (!found) throw new Error(`no answer stored for reply ${reply.ts} yet`);
    return found;
  });
  return { msg, reply, record, blocks: JSON.stringify(post.args.blocks) };
}

/** The notice's id is stored just after Slack returns it: a reply sent before that would not be matched to it. */
async function noticeStored(channel: string, noticeTs?: string) {
  await vi.waitFor(async () => {
    const found = (await h.service.store.listEscalations()).find(
      (e) => e.noticeChannelId === channel && (noticeTs === undefined || e.noticeId === noticeTs),
    );
    if (!found) throw new Error(`no escalation stored with a notice in ${channel} yet`);
  });
}

function press(channel: string, ts: string, answerId: string, responseId: string, user = 'UNURSE') {
  return h.sendInteraction({
    type: 'block_actions',
    user: { id: user, team_id: TEAM_ID },
    channel: { id: channel },
    container: { type: 'message', channel_id: channel, message_ts: ts, is_ephemeral: false },
    message: { ts, blocks: [] },
    trigger_id: 'trig-esc',
    response_url: h.slack.responseUrl(responseId),
    actions: [{ type: 'button', action_id: 'rounds_escalate', block_id: `rounds_escalate:${answerId}`, value: answerId, action_ts: '1' }],
  });
}

const notices = (channel: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && !c.args.thread_ts);

describe('Slack: Ask a person', () => {
  it('notifies the escalation channel once, links the pharmacist reply, relays it, and lists it in /review and the export', async () => {
    const { msg, reply, record, blocks } = await answered('CICU', 'what vancomycin dose for MRN 12345678 on dialysis?');
    expect(record.answer.status).toBe('insufficient_evidence');
    expect(blocks).toContain(`rounds_escalate:${record.answer.id}`);
    expect(blocks).toContain('Ask a person');

    await press('CICU', reply.ts, record.answer.id, 'esc1');
    const notice = await h.slack.waitFor(() => notices('CESCAL')[0], 5000, 'notice');
    const text = String(notice.args.text);
    expect(text).toContain('<@UPHARM>');
    expect(text).toContain('<@UNURSE> asks a person');
    expect(text).toContain('[MRN]');
    expect(text).not.toContain('12345678');
    expect(text).toContain('not find enough evidence');
    expect(text).toMatch(/<https:\/\/test\.slack\.com\/archives\/CICU\/p\d+\|Open the thread>/);
    await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'esc1'), 5000, 'confirmation');
    // The asker's thread says where the question went.
    await h.slack.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'CICU' && c.args.thread_ts === msg.ts && /Sent to the people/.test(String(c.args.text)),
    );

    // A repeat press (a double click, a second person) notifies nobody again.
    await press('CICU', reply.ts, record.answer.id, 'esc2', 'UCOLLEAGUE');
    const again = await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'esc2'), 5000, 'repeat');
    expect(String(again.body.text)).toMatch(/asked already.*nobody is notified twice/);
    expect(notices('CESCAL')).toHaveLength(1);

    const noticeMsg = h.slack.messages.get('CESCAL')![0]!;
    const [escalation] = await h.service.store.listEscalations();
    expect(escalation).toMatchObject({ status: 'open', noticeChannelId: 'CESCAL', noticeId: noticeMsg.ts, requestedBy: 'UNURSE' });

    // Someone who is not one of the escalation people chats in the thread: not linked, and not a question to Rounds.
    const chatter = h.slack.addUserMessage('CESCAL', { user: 'UOTHER', text: 'following', thread_ts: noticeMsg.ts });
    await h.sendEvent({
      type: 'message',
      channel_type: 'channel',
      channel: 'CESCAL',
      user: 'UOTHER',
      text: chatter.text,
      ts: chatter.ts,
      thread_ts: noticeMsg.ts,
    });
    const answer = h.slack.addUserMessage('CESCAL', {
      user: 'UPHARM',
      text: 'Load 25 mg/kg, then dose by levels after each session.',
      thread_ts: noticeMsg.ts,
    });
    await h.sendEvent({
      type: 'message',
      channel_type: 'channel',
      channel: 'CESCAL',
      user: 'UPHARM',
      text: answer.text,
      ts: answer.ts,
      thread_ts: noticeMsg.ts,
    });
    const relayed = await h.slack.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'CICU' && c.args.thread_ts === msg.ts && String(c.args.text).includes('answered'),
    );
    expect(String(relayed.args.text)).toContain('<@UPHARM> answered: Load 25 mg/kg');
    const linked = await h.service.store.getEscalation(escalation!.id);
    expect(linked).toMatchObject({
      status: 'answered',
      reply: { by: 'UPHARM', replyId: answer.ts, text: 'Load 25 mg/kg, then dose by levels after each session.' },
    });
    expect(h.fake!.asked).toHaveLength(1);

    // What /review shows (its knowledge-gap section) and what the export writes.
    const gapsHtml = renderGapsHtml(await knowledgeGaps(h.service.store));
    expect(gapsHtml).toContain('Load 25 mg/kg, then dose by levels after each session.');
    expect(gapsHtml).toContain('asked a person');
    const exported = await collectFeedback(h.service.store);
    expect(exported.questions.find((q) => q.answer_id === record.answer.id)?.reference_answer).toMatchObject({
      text: 'Load 25 mg/kg, then dose by levels after each session.',
      by: 'UPHARM',
    });
    expect(h.logs.join('')).not.toContain('12345678');
  });

  it('without an escalation channel, posts the notice in the asker’s thread mentioning the people and the group', async () => {
    const { msg, reply, record } = await answered('CWARD', 'sepsis bundle?');
    await press('CWARD', reply.ts, record.answer.id, 'w1');
    const notice = await h.slack.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'CWARD' && c.args.thread_ts === msg.ts && String(c.args.text).includes('asks a person'),
    );
    expect(String(notice.args.text)).toContain('<@USISTER> <!subteam^S0WARD>');
    expect(String(notice.args.text)).toContain("Rounds' answer:");
    await noticeStored('CWARD');
    const sister = h.slack.addUserMessage('CWARD', { user: 'USISTER', text: 'Yes, and repeat lactate at 2 hours.', thread_ts: msg.ts });
    await h.sendEvent({
      type: 'message',
      channel_type: 'channel',
      channel: 'CWARD',
      user: 'USISTER',
      text: sister.text,
      ts: sister.ts,
      thread_ts: msg.ts,
    });
    await h.slack.waitForCall('reactions.add', (c) => c.args.timestamp === sister.ts && c.args.name === 'white_check_mark');
    const [escalation] = await h.service.store.listEscalations();
    expect(escalation).toMatchObject({ status: 'answered', reply: { by: 'USISTER' } });
  });

  it('links a reply that also @mentions Rounds once, and does not answer it as a question', async () => {
    const { reply, record } = await answered('CICU', 'sepsis bundle?');
    await press('CICU', reply.ts, record.answer.id, 'm1');
    const notice = await h.slack.waitFor(() => h.slack.messages.get('CESCAL')?.[0], 5000, 'notice');
    await noticeStored('CESCAL', notice.ts);
    const text = `<@${BOT_USER_ID}> yes, and repeat the lactate within 2 hours`;
    const r = h.slack.addUserMessage('CESCAL', { user: 'UPHARM', text, thread_ts: notice.ts });
    const base = { user: 'UPHARM', text, ts: r.ts, thread_ts: notice.ts, channel: 'CESCAL' };
    // Slack delivers such a message twice: as app_mention and as message.channels.
    await h.sendEvent({ type: 'app_mention', ...base, event_ts: r.ts });
    await h.sendEvent({ type: 'message', channel_type: 'channel', ...base });
    await h.slack.waitForCall('reactions.add', (c) => c.args.timestamp === r.ts && c.args.name === 'white_check_mark');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake!.asked).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('answered:'))).toHaveLength(1);
    const [escalation] = await h.service.store.listEscalations();
    expect(escalation?.reply?.text).toBe('yes, and repeat the lactate within 2 hours');
  });

  it('offers no button where the profile names nobody, and says so if pressed anyway', async () => {
    const { reply, record, blocks } = await answered('CGEN', 'sepsis bundle?');
    expect(blocks).not.toContain('rounds_escalate');
    await press('CGEN', reply.ts, record.answer.id, 'g1');
    const told = await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'g1'), 5000, 'reply');
    expect(String(told.body.text)).toContain('Nobody is set up');
    expect(await h.service.store.listEscalations()).toEqual([]);
  });
});
