/**
 * Prints how fast the Slack adapter acknowledges a signed event and how long until the threaded reply lands
 * (fake service, fake Slack Web API: this measures the adapter and Bolt, not retrieval).
 * Run: npx tsx test/slack/bench-ack.ts [count]
 */
import { BOT_USER_ID } from './fake-slack.js';
import { startHarness } from './harness.js';

const count = Number(process.argv[2] ?? 100);
const h = await startHarness();
const ack: number[] = [];
const reply: number[] = [];
for (let i = 0; i < count; i++) {
  const msg = h.slack.addUserMessage('CICU', { user: 'UNURSE', text: `<@${BOT_USER_ID}> sepsis bundle ${i}?` });
  const t0 = performance.now();
  const res = await h.sendEvent({ type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel: 'CICU', event_ts: msg.ts });
  ack.push(performance.now() - t0);
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').some((c) => c.args.thread_ts === msg.ts) || undefined);
  reply.push(performance.now() - t0);
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(1);
console.log(`slack adapter, ${count} mentions (sequential)`);
console.log(`  ack (HTTP 200)      p50 ${pct(ack, 50)} ms  p95 ${pct(ack, 95)} ms  max ${pct(ack, 100)} ms`);
console.log(`  threaded reply      p50 ${pct(reply, 50)} ms  p95 ${pct(reply, 95)} ms  max ${pct(reply, 100)} ms`);
await h.close();
