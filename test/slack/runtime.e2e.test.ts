/**
 * End to end: the Slack adapter over the real runtime (embedded Chroma, the demo knowledge pack ingested,
 * SQLite feedback store, an LLM at a local OpenAI-compatible server), driven by signed Slack requests against the
 * fake Slack Web API. With an LLM drafting, the answer arrives as a chat stream whose task updates show the steps.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';
import { BOT_USER_ID, TEAM_ID } from './fake-slack.js';
import { type Harness, startHarness } from './harness.js';
import { realRuntime } from './real-runtime.js';

const KNOWLEDGE_DIR = join(import.meta.dirname, '../../knowledge');
let h: Harness;
let llm: FakeOpenAi;

beforeAll(async () => {
  llm = await startFakeOpenAi();
  h = await startHarness({
    env: { KNOWLEDGE_DIR, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'sk-local-test', LLM_MODEL: 'fake-model' },
    service: realRuntime,
  });
}, 240_000);

afterAll(async () => {
  await h?.close();
  await llm?.close();
});

/** Asks by mention; the reply is a finished stream (LLM) or one message, whichever Rounds chose. */
async function mention(channel: string, text: string) {
  const msg = h.slack.addUserMessage(channel, { user: 'UNURSE', text: `<@${BOT_USER_ID}> ${text}` });
  await h.sendEvent({ type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel, event_ts: msg.ts });
  await h.slack.waitForCall('reactions.remove', (c) => c.args.timestamp === msg.ts, 60_000);
  const reply = h.slack.messages.get(channel)!.find((m) => m.bot_id && m.thread_ts === msg.ts)!;
  const post =
    h.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === msg.ts) ??
    h.slack.callsTo('chat.stopStream').find((c) => c.args.ts === reply.ts)!;
  const record = await h.service.store.findAnswerByReplyId('slack', reply.ts);
  return { msg, post, reply, record: record! };
}

describe('Slack over the real runtime', () => {
  it('streams an LLM answer to a sepsis question with its steps and cited sources, then takes a 👎 with a reason', async () => {
    const { post, reply, record } = await mention('CGEN', 'what is in the sepsis hour-1 bundle?');
    expect(record.answer.status).toBe('answered');
    expect(record.answer.composer).toBe('llm');
    expect(llm.requests.length).toBeGreaterThan(0);
    // The stream: the search and draft steps as task cards, then the verified text, then the blocks.
    expect(post.method).toBe('chat.stopStream');
    expect(reply.stream?.state).toBe('completed');
    const tasks = reply.stream!.chunks.filter((c) => c.type === 'task_update');
    expect(tasks[0]).toMatchObject({ id: 'search', status: 'complete', title: expect.stringMatching(/^Searched general: \d+ sources?$/) });
    expect(tasks.at(-1)).toMatchObject({ id: 'verify', status: 'complete', title: expect.stringMatching(/^Checked \d+ citations?$/) });
    expect(h.slack.streamedText(reply)).toBe(record.answer.text);
    expect(record.answer.channelProfile).toBe('general');
    expect(record.context).toMatchObject({ platform: 'slack', channelId: 'CGEN', askerId: 'UNURSE', workspaceId: TEAM_ID });
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).toContain('*Sources*');
    expect(blocks).toMatch(/\*\[1\]\*/);
    expect(blocks.toLowerCase()).toContain('sepsis');
    expect(blocks).toContain('confidence');

    await h.sendInteraction({
      type: 'block_actions',
      user: { id: 'UNURSE', team_id: TEAM_ID },
      channel: { id: 'CGEN' },
      container: { type: 'message', channel_id: 'CGEN', message_ts: reply.ts, is_ephemeral: false },
      message: { ts: reply.ts, blocks: post.args.blocks },
      trigger_id: 'trig-e2e',
      response_url: h.slack.responseUrl(),
      actions: [
        {
          type: 'feedback_buttons',
          action_id: 'rounds_feedback',
          block_id: `rounds_feedback:${record.answer.id}`,
          value: 'down',
          action_ts: '1',
        },
      ],
    });
    const open = await h.slack.waitForCall('views.open');
    const view = open.args.view as { private_metadata: string };
    await h.sendInteraction({
      type: 'view_submission',
      user: { id: 'UNURSE', team_id: TEAM_ID },
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'rounds_feedback_down',
        private_metadata: view.private_metadata,
        state: {
          values: {
            reason: { reason: { type: 'radio_buttons', selected_option: { value: 'missing_information' } } },
            comment: { comment: { value: 'No fluids volume' } },
          },
        },
      },
    });
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length >= 2 || undefined, 10_000, 'updates');
    const stored = await h.service.store.getAnswer(record.answer.id);
    expect(stored!.ratings).toMatchObject([
      { raterId: 'UNURSE', value: 'down', role: 'asker', reason: 'missing_information', comment: 'No fluids volume' },
    ]);
  });

  it('abstains on a question the knowledge base cannot answer, naming whom to ask', async () => {
    const { post, record } = await mention('CGEN', 'what is the best recipe for sourdough bread?');
    expect(record.answer.status).not.toBe('answered');
    const blocks = JSON.stringify(post.args.blocks);
    if (record.answer.status === 'insufficient_evidence') expect(blocks).toContain('Ask a senior colleague or pharmacist');
  });
});
