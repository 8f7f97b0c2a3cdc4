/**
 * Slash command, "Share in channel", 👍 and 👎 (modal → reasons stored), driven as signed interactivity
 * payloads against the real Bolt app; ratings land in the real SQLite feedback store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_USER_ID, TEAM_ID } from './fake-slack.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const blocksJson = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []);

/** Asks by mention in a channel and returns the posted answer's ts and id. */
async function answered(channel = 'CICU', asker = 'UNURSE') {
  const msg = h.slack.addUserMessage(channel, { user: asker, text: `<@${BOT_USER_ID}> sepsis bundle?` });
  await h.sendEvent({ type: 'app_mention', user: asker, text: msg.text, ts: msg.ts, channel, event_ts: msg.ts });
  const post = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === channel);
  const bot = h.slack.messages.get(channel)!.find((m) => m.bot_id && m.thread_ts === msg.ts)!;
  const [record] = await h.fake!.store.listAnswers({});
  return { ts: bot.ts, answerId: record!.answer.id, blocks: post.args.blocks as unknown[] };
}

/** Asks with /rounds and returns the id of the ephemeral answer once it is delivered through response_url. */
async function askedEphemerally(channel: string): Promise<string> {
  await h.sendCommand({ text: 'sepsis bundle?', user_id: 'UNURSE', channel_id: channel, response_url: h.slack.responseUrl('cmd') });
  await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'cmd'), 5000, 'ephemeral answer');
  const [record] = await h.fake!.store.listAnswers({});
  return record!.answer.id;
}

function clickPayload(o: {
  user: string;
  channel: string;
  ts?: string;
  ephemeral?: boolean;
  action: Record<string, unknown>;
  responseUrl?: string;
  blocks?: unknown[];
}) {
  return {
    type: 'block_actions',
    user: { id: o.user, team_id: TEAM_ID },
    channel: { id: o.channel, name: 'x' },
    container: { type: 'message', channel_id: o.channel, is_ephemeral: Boolean(o.ephemeral), ...(o.ts ? { message_ts: o.ts } : {}) },
    ...(o.ts ? { message: { ts: o.ts, blocks: o.blocks ?? [] } } : {}),
    trigger_id: `trig-${Math.random()}`,
    response_url: o.responseUrl ?? h.slack.responseUrl(),
    actions: [{ action_ts: '1.2', ...o.action }],
  };
}

describe('Slack interactivity', () => {
  it('👍 from a reviewer is stored as a reviewer rating and the message shows who rated', async () => {
    const { ts, answerId } = await answered();
    const res = await h.sendInteraction(
      clickPayload({
        user: 'UREVIEWER',
        channel: 'CICU',
        ts,
        action: {
          type: 'feedback_buttons',
          action_id: 'rounds_feedback',
          block_id: `rounds_feedback:${answerId}`,
          value: 'up',
          text: { type: 'plain_text', text: '👍' },
        },
      }),
    );
    expect(res.status).toBe(200);
    const update = await h.slack.waitForCall('chat.update');
    expect(update.args).toMatchObject({ channel: 'CICU', ts });
    expect(blocksJson(update.args)).toContain(`👍 <@UREVIEWER> (reviewer)`);
    expect(blocksJson(update.args)).toContain('feedback_buttons');
    const record = await h.fake!.store.getAnswer(answerId);
    expect(record!.ratings).toMatchObject([{ raterId: 'UREVIEWER', value: 'up', role: 'reviewer' }]);
  });

  it('👎 opens a modal; submitting it stores the reason and comment and updates the message', async () => {
    const { ts, answerId } = await answered();
    await h.sendInteraction(
      clickPayload({
        user: 'UNURSE',
        channel: 'CICU',
        ts,
        action: { type: 'button', action_id: 'rounds_rate_down', block_id: `rounds_feedback:${answerId}`, value: answerId },
      }),
    );
    const open = await h.slack.waitForCall('views.open');
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe('rounds_feedback_down');
    expect(JSON.stringify(view.blocks)).toContain('outdated_source');
    // The bare 👎 is stored before the modal is submitted, so closing the modal does not lose it.
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length > 0 || undefined, 5000, 'first update');
    expect((await h.fake!.store.getAnswer(answerId))!.ratings).toMatchObject([{ raterId: 'UNURSE', value: 'down', role: 'asker' }]);

    const submit = await h.sendInteraction({
      type: 'view_submission',
      user: { id: 'UNURSE', team_id: TEAM_ID },
      trigger_id: 'trig-2',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: {
            reason: {
              reason: {
                type: 'radio_buttons',
                selected_option: { value: 'outdated_source', text: { type: 'plain_text', text: 'Outdated source' } },
              },
            },
            comment: { comment: { type: 'plain_text_input', value: '  Uses the 2021 screening tool  ' } },
          },
        },
      },
    });
    expect(submit.status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length === 2 || undefined, 5000, 'second update');
    const rating = (await h.fake!.store.getAnswer(answerId))!.ratings[0]!;
    expect(rating).toMatchObject({ value: 'down', reason: 'outdated_source', comment: 'Uses the 2021 screening tool', role: 'asker' });
    expect(blocksJson(h.slack.callsTo('chat.update')[1]!.args)).toContain('👎 <@UNURSE>');
  });

  it('rejects a forged reason in the modal with a field error', async () => {
    const { answerId } = await answered();
    const res = await h.sendInteraction({
      type: 'view_submission',
      user: { id: 'UNURSE' },
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'rounds_feedback_down',
        private_metadata: JSON.stringify({ answerId, style: 'buttons', channel: 'CICU' }),
        state: { values: { reason: { reason: { type: 'radio_buttons', selected_option: { value: 'drop table' } } } } },
      },
    });
    expect(await res.json()).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    expect((await h.fake!.store.getAnswer(answerId))!.ratings).toHaveLength(0);
  });

  it('tells the rater when the answer is unknown', async () => {
    const responseUrl = h.slack.responseUrl('gone');
    await h.sendInteraction(
      clickPayload({
        user: 'UNURSE',
        channel: 'CICU',
        ts: '1.1',
        responseUrl,
        action: { type: 'button', action_id: 'rounds_rate_up', block_id: 'rounds_feedback:nope', value: 'nope' },
      }),
    );
    const reply = await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'gone'), 5000, 'response_url');
    expect(String(reply.body.text)).toContain('no longer in the feedback store');
  });

  it('/rounds answers ephemerally, and "Share in channel" posts it for everyone', async () => {
    const res = await h.sendCommand({
      text: 'sepsis bundle?',
      user_id: 'UNURSE',
      channel_id: 'CGEN',
      response_url: h.slack.responseUrl('cmd'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Searching the knowledge base') });
    const eph = await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'cmd'), 5000, 'ephemeral answer');
    expect(eph.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    const blocks = JSON.stringify(eph.body.blocks);
    expect(blocks).toContain('Share in channel');
    expect(blocks).toContain('*Sources*');
    const [record] = await h.fake!.store.listAnswers({});
    const answerId = record!.answer.id;
    expect(record!.context).toMatchObject({ platform: 'slack', channelId: 'CGEN', askerId: 'UNURSE', workspaceId: TEAM_ID });

    // Someone else cannot share the asker's answer.
    await h.sendInteraction(
      clickPayload({
        user: 'UOTHER',
        channel: 'CGEN',
        ephemeral: true,
        responseUrl: h.slack.responseUrl('deny'),
        action: { type: 'button', action_id: 'rounds_share', block_id: `rounds_share:${answerId}`, value: answerId },
      }),
    );
    await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'deny'), 5000, 'deny');

    await h.sendInteraction(
      clickPayload({
        user: 'UNURSE',
        channel: 'CGEN',
        ephemeral: true,
        responseUrl: h.slack.responseUrl('share'),
        action: { type: 'button', action_id: 'rounds_share', block_id: `rounds_share:${answerId}`, value: answerId },
      }),
    );
    const shared = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'CGEN');
    expect(shared.args.thread_ts).toBeUndefined();
    expect(blocksJson(shared.args)).toContain('Shared by <@UNURSE>');
    expect(blocksJson(shared.args)).toContain(`rounds_feedback:${answerId}`);
    const del = await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'share'), 5000, 'delete');
    expect(del.body).toMatchObject({ delete_original: true });
    expect((await h.fake!.store.getAnswer(answerId))!.context.replyId).toBe(h.slack.messages.get('CGEN')![0]!.ts);
  });

  it('rating an ephemeral answer replaces it through its response_url', async () => {
    const answerId = await askedEphemerally('CGEN');
    await h.sendInteraction(
      clickPayload({
        user: 'UNURSE',
        channel: 'CGEN',
        ephemeral: true,
        responseUrl: h.slack.responseUrl('rate'),
        action: { type: 'button', action_id: 'rounds_rate_up', block_id: `rounds_share:${answerId}`, value: answerId },
      }),
    );
    const replaced = await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'rate'), 5000, 'replace');
    expect(replaced.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(JSON.stringify(replaced.body.blocks)).toContain('👍 <@UNURSE>');
    expect(JSON.stringify(replaced.body.blocks)).toContain('Share in channel');
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
    expect((await h.fake!.store.getAnswer(answerId))!.ratings).toMatchObject([{ value: 'up', role: 'asker' }]);
  });

  it('shares through response_url where Rounds is not a channel member', async () => {
    const answerId = await askedEphemerally('CNOTIN1');
    await h.sendInteraction(
      clickPayload({
        user: 'UNURSE',
        channel: 'CNOTIN1',
        ephemeral: true,
        responseUrl: h.slack.responseUrl('share'),
        action: { type: 'button', action_id: 'rounds_share', block_id: `rounds_share:${answerId}`, value: answerId },
      }),
    );
    const inChannel = await h.slack.waitFor(
      () => h.slack.responseUrlCalls.find((c) => c.id === 'share' && c.body.response_type === 'in_channel'),
      5000,
      'in_channel',
    );
    expect(JSON.stringify(inChannel.body.blocks)).toContain('Shared by <@UNURSE>');
  });

  it('/rounds with no text explains usage; a fault answers with a reference id', async () => {
    const usage = await h.sendCommand({ text: '  ', user_id: 'UNURSE', channel_id: 'CGEN', response_url: h.slack.responseUrl('u') });
    expect(await usage.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/rounds') });
    expect(h.fake!.asked).toHaveLength(0);

    h.fake!.mode = 'chroma_down';
    await h.sendCommand({ text: 'sepsis?', user_id: 'UNURSE', channel_id: 'CGEN', response_url: h.slack.responseUrl('f') });
    const fault = await h.slack.waitFor(() => h.slack.responseUrlCalls.find((c) => c.id === 'f'), 5000, 'apology');
    expect(String(fault.body.text)).toMatch(/knowledge base.*reference R-[0-9a-f]{8}/);
  });
});
