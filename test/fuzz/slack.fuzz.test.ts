/**
 * Slack's events and interactivity endpoint fuzzed through the real Bolt receiver: signed envelopes with events,
 * slash commands and interaction payloads of every shape, and unsigned or wrongly signed requests. Never a 500;
 * unsigned requests are refused (401) before anything runs; every handler failure is caught (an unhandled
 * rejection would fail this file). Afterwards a real mention is still answered and the store's chain verifies.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER_ID } from '../slack/fake-slack.js';
import { eventBody, type Harness, sign, startHarness } from '../slack/harness.js';
import { anyJson, contentType, nastyString, wrongTyped } from './arbitraries.js';
import { fuzzParams, fuzzTimeout } from './fuzz-settings.js';

let h: Harness;
const noFault = (s: string) => s.replace(/fault/gi, 'f4ult');

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const id = fc.oneof(fc.constantFrom('CGEN', 'C0PHARM', 'UNURSE', 'D0DM', ''), nastyString);
const event = wrongTyped(
  {
    type: fc.constantFrom('app_mention', 'message', 'app_home_opened', 'assistant_thread_started', 'reaction_added', 'bogus'),
    subtype: fc.constantFrom('bot_message', 'message_changed', 'file_share', undefined),
    user: id,
    channel: id,
    channel_type: fc.constantFrom('channel', 'im', 'group'),
    text: nastyString.map((s) => noFault(`<@${BOT_USER_ID}> ${s}`)),
    ts: fc.constantFrom('1700000000.000100', 'not-a-ts', ''),
    thread_ts: fc.constantFrom('1700000000.000100', undefined),
    blocks: anyJson,
  },
  ['type'],
);
// A payload Bolt cannot route (no type, no listener) is answered 404 only after Bolt's 3-second ack timeout: such
// cases are kept rare here so the suite stays quick; they are covered, and slow, all the same.
const interaction = wrongTyped(
  {
    type: fc.oneof(
      { weight: 9, arbitrary: fc.constant('block_actions') },
      { weight: 1, arbitrary: fc.constantFrom('view_submission', 'shortcut', 'bogus') },
    ),
    user: fc.oneof(fc.record({ id }), anyJson),
    channel: fc.oneof(fc.record({ id }), anyJson),
    actions: fc.oneof(
      fc.array(
        wrongTyped(
          {
            action_id: fc.constantFrom('rounds_feedback_up', 'rounds_feedback_down', 'rounds_escalate', 'rounds_reason', 'x'),
            value: nastyString,
            block_id: nastyString,
          },
          ['action_id'],
        ),
        { minLength: 1, maxLength: 3 },
      ),
      anyJson,
    ),
    view: anyJson,
    message: fc.oneof(fc.record({ ts: fc.constantFrom('1700000000.000100', 'x') }), anyJson),
    container: anyJson,
  },
  ['type', 'actions'],
);
/** What a signed request carries: an event envelope, a url_verification, a slash command or an interaction. */
const signedBody = fc.oneof(
  { weight: 4, arbitrary: event.map((e) => ({ type: 'application/json', body: JSON.stringify(eventBody(e)) })) },
  {
    weight: 1,
    arbitrary: wrongTyped({ type: fc.constant('url_verification'), challenge: nastyString, token: nastyString }).map((b) => ({
      type: 'application/json',
      body: JSON.stringify(b),
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ command: fc.constant('/rounds'), text: nastyString.map(noFault), user_id: id, channel_id: id, team_id: id })
      .map((f) => ({ type: 'application/x-www-form-urlencoded', body: new URLSearchParams(f).toString() })),
  },
  {
    weight: 3,
    arbitrary: interaction.map((p) => ({
      type: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ payload: JSON.stringify({ api_app_id: 'A0APP', team: { id: 'T0001' }, ...p }) }).toString(),
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        contentType,
        fc.oneof(
          nastyString,
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1')),
        ),
      )
      .map(([type, body]) => ({ type, body })),
  },
);

async function post(body: string, type: string, headers: Record<string, string>) {
  const res = await fetch(h.eventsUrl, { method: 'POST', headers: { ...(type ? { 'content-type': type } : {}), ...headers }, body });
  return { status: res.status, text: await res.text() };
}

describe('fuzzing the Slack endpoint', () => {
  it(
    'acknowledges or refuses every signed request, never a 500',
    async () => {
      // Sent 20 at a time: a request Bolt cannot route waits out its 3-second ack timeout, and in parallel those
      // waits overlap instead of adding up.
      await fc.assert(
        fc.asyncProperty(fc.array(signedBody, { minLength: 1, maxLength: 20 }), async (requests) => {
          const sent = await Promise.all(
            requests.map(async ({ type, body }) => {
              const ts = Math.floor(Date.now() / 1000);
              return {
                type,
                body,
                r: await post(body, type, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) }),
              };
            }),
          );
          for (const { type, body, r } of sent) {
            expect(r.status, `${type} ${body.slice(0, 200)} → ${r.text.slice(0, 200)}`).toBeLessThan(500);
          }
        }),
        fuzzParams(5),
      );
    },
    fuzzTimeout(120_000),
  );

  it(
    'refuses every unsigned, stale or wrongly signed request with a 4xx',
    async () => {
      const headers = fc.oneof(
        fc.constant({}),
        fc.record({ 'x-slack-request-timestamp': fc.constantFrom('0', 'abc', '', String(Math.floor(Date.now() / 1000))) }),
        fc.tuple(nastyString, fc.integer({ min: -1e6, max: 1e6 })).map(([sig, skew]) => ({
          'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000) + skew),
          'x-slack-signature': `v0=${Buffer.from(sig).toString('hex').slice(0, 64)}`,
        })),
      );
      await fc.assert(
        fc.asyncProperty(signedBody, headers, async ({ type, body }, extra) => {
          const r = await post(body, type, extra as Record<string, string>);
          expect(r.status, `${JSON.stringify(extra)} ${body.slice(0, 120)}`).toBeGreaterThanOrEqual(400);
          expect(r.status).toBeLessThan(500);
        }),
        fuzzParams(40),
      );
    },
    fuzzTimeout(60_000),
  );

  it('still answers a mention afterwards, and the store verifies', async () => {
    const msg = h.slack.addUserMessage('CGEN', { user: 'UNURSE', text: `<@${BOT_USER_ID}> What is the sepsis hour-1 bundle?` });
    const r = await h.sendEvent({ type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel: 'CGEN', event_ts: msg.ts });
    expect(r.status).toBe(200);
    await h.slack.waitForCall('chat.postMessage', (c) => c.args.thread_ts === msg.ts, 30_000);
    // Handlers run after the ack: give the last fuzzed ones a moment to finish their writes, then check them.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const audit = await h.fake!.store.verifyAudit();
    expect(audit.problems).toEqual([]);
  }, 60_000);
});
