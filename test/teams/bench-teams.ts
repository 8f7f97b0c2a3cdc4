/**
 * Teams adapter overhead: activity POSTed to /api/messages → reply recorded at the fake connector, with the
 * canned-answer service and the real SQLite store (so the RAG core's own latency is excluded).
 * Prints figures; asserts nothing. Run: npx tsx test/teams/bench-teams.ts [turns=200] [concurrency=8]
 */
import { personalMessage } from './activities.js';
import { startTeamsHarness } from './harness.js';

const turns = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 8);
const h = await startTeamsHarness({ turn: { typingIntervalMs: 60_000 } });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function oneTurn(i: number): Promise<number> {
  const started = performance.now();
  const before = h.connector.messages().length;
  const res = await h.post(personalMessage(h.connector.url, `sepsis antibiotics question ${i}?`));
  if (res.status !== 200) throw new Error(`turn ${i}: HTTP ${res.status}`);
  if (concurrency === 1 && h.connector.messages().length <= before) throw new Error(`turn ${i}: no reply`);
  return performance.now() - started;
}

for (let i = 0; i < 20; i++) await oneTurn(-i); // warm-up (module JIT, SQLite pages)
const sequential: number[] = [];
for (let i = 0; i < turns; i++) sequential.push(await oneTurn(i));
sequential.sort((a, b) => a - b);

const startAll = performance.now();
const queue = Array.from({ length: turns }, (_, i) => turns + i);
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) await oneTurn(i);
  }),
);
const elapsed = (performance.now() - startAll) / 1000;
const answered = h.connector.messages().length;

console.log(`Teams adapter, ${turns} sequential turns (POST → typing + reply at connector → 200):`);
console.log(
  `  p50 ${percentile(sequential, 50).toFixed(1)} ms  p95 ${percentile(sequential, 95).toFixed(1)} ms  max ${sequential.at(-1)?.toFixed(1)} ms`,
);
console.log(
  `${turns} turns at concurrency ${concurrency}: ${(turns / elapsed).toFixed(0)} turns/s; replies recorded in total: ${answered}`,
);
await h.close();
