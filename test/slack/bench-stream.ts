/**
 * Prints when a Slack user first sees progress, when the first task card of the stream appears, and when the
 * answer is finished, over the real runtime (embedded Chroma, demo knowledge) with an LLM at a local
 * OpenAI-compatible server that answers at once ("ok") or after 3 s ("slow", a loaded model).
 * Run: npx tsx test/slack/bench-stream.ts [count]
 */
import { join } from 'node:path';
import { startFakeOpenAi } from '../fakes/fake-openai.js';
import { BOT_USER_ID } from './fake-slack.js';
import { startHarness } from './harness.js';
import { realRuntime } from './real-runtime.js';

const count = Number(process.argv[2] ?? 10);
const llm = await startFakeOpenAi();
const h = await startHarness({
  env: {
    KNOWLEDGE_DIR: join(import.meta.dirname, '../../knowledge'),
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'sk-bench',
    LLM_MODEL: 'fake',
  },
  service: realRuntime,
});
const questions = [
  'what is in the sepsis hour-1 bundle?',
  'how often should NEWS2 observations be done?',
  'when to escalate a falling GCS?',
];
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(0);
for (const mode of ['ok', 'slow'] as const) {
  llm.mode = mode;
  const sign: number[] = [];
  const card: number[] = [];
  const done: number[] = [];
  for (let i = 0; i < count; i++) {
    const msg = h.slack.addUserMessage('CGEN', {
      user: 'UNURSE',
      text: `<@${BOT_USER_ID}> ${questions[i % questions.length]} (${mode} ${i})`,
    });
    const t0 = Date.now();
    await h.sendEvent({ type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel: 'CGEN', event_ts: msg.ts });
    const reaction = await h.slack.waitForCall('reactions.add', (c) => c.args.timestamp === msg.ts, 60_000);
    const start = await h.slack.waitForCall('chat.startStream', (c) => c.args.thread_ts === msg.ts, 60_000);
    const stop = await h.slack.waitFor(
      () => h.slack.messages.get('CGEN')?.find((m) => m.thread_ts === msg.ts && m.stream?.state === 'completed'),
      60_000,
    );
    const stopCall = h.slack.callsTo('chat.stopStream').find((c) => c.args.ts === stop.ts)!;
    sign.push(reaction.at - t0);
    card.push(start.at - t0);
    done.push(stopCall.at - t0);
  }
  console.log(
    `LLM ${mode}, ${count} mentions: progress reaction p50 ${pct(sign, 50)} ms · first task card p50 ${pct(card, 50)} ms · answer finished p50 ${pct(done, 50)} ms (p95 ${pct(done, 95)})`,
  );
}
await h.close();
await llm.close();
