/**
 * Socket Mode: with SLACK_APP_TOKEN set the adapter opens a WebSocket (apps.connections.open on SLACK_API_URL),
 * acknowledges each envelope and answers in the thread; no HTTP route is mounted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_USER_ID } from './fake-slack.js';
import { eventBody, type Harness, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ socketMode: true });
});
afterEach(async () => {
  await h.close();
});

describe('Slack Socket Mode', () => {
  it('connects with the app token, acks envelopes and answers a mention in its thread, once', async () => {
    expect(h.adapter.routes).toEqual([]);
    expect(h.socket!.connections).toBe(1);
    const msg = h.slack.addUserMessage('CICU', { user: 'UNURSE', text: `<@${BOT_USER_ID}> sepsis bundle?` });
    const body = eventBody({ type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel: 'CICU', event_ts: msg.ts });
    const envelope = h.socket!.sendEvent(body);
    await h.slack.waitFor(() => h.socket!.acks.find((a) => a.envelope_id === envelope), 5000, 'ack');
    const post = await h.slack.waitForCall('chat.postMessage');
    expect(post.args).toMatchObject({ channel: 'CICU', thread_ts: msg.ts });
    expect(JSON.stringify(post.args.blocks)).toContain('*Sources*');

    // Slack redelivers the envelope when an ack is late: same event id, answered once.
    const again = h.socket!.sendEvent(body, 1);
    await h.slack.waitFor(() => h.socket!.acks.find((a) => a.envelope_id === again), 5000, 'second ack');
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
