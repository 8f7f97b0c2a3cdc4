/**
 * The lexical index alone: memory it adds and search latency, for the compact index or the earlier one kept as a
 * test reference, on generated chunks (sentences from the pubmedqa-dev abstracts). Prints one line; asserts nothing.
 *
 *   node --expose-gc --import tsx scripts/bench-lexical.ts compact 100000
 *   node --expose-gc --import tsx scripts/bench-lexical.ts reference 100000
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bm25Index } from '../src/infra/bm25-index.js';
import { ReferenceBm25Index } from '../test/core/bm25-reference.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUBMED = [resolve(ROOT, '../shared/eval/pubmedqa-dev/corpus.jsonl'), '/work/shared/eval/pubmedqa-dev/corpus.jsonl'].find(existsSync);
if (!PUBMED) throw new Error('pubmedqa-dev corpus not found under ../shared/eval (needed for generated text)');
const [kind = 'compact', nArg = '100000'] = process.argv.slice(2);
const N = Number(nArg);
const pool = readFileSync(PUBMED, 'utf8')
  .trim()
  .split('\n')
  .flatMap((l) => (JSON.parse(l) as { text: string }).text.split(/(?<=[.!?])\s+/))
  .filter((s) => s.length > 20 && s.length < 400);
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const gc = () => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc');
  collect();
  collect();
};
gc();
const base = process.memoryUsage();
const idx: Bm25Index | ReferenceBm25Index = kind === 'compact' ? new Bm25Index() : new ReferenceBm25Index();
const t0 = performance.now();
for (let i = 0; i < N; i += 1000) {
  const batch = [];
  for (let j = i; j < Math.min(N, i + 1000); j++) {
    const s: string[] = [];
    let len = 0;
    while (len < 850) {
      const t = pool[Math.floor(rand() * pool.length)]!;
      if (len + t.length > 1150) break;
      s.push(t);
      len += t.length + 1;
    }
    const text = s.join(' ');
    batch.push({
      id: `gen-${j}#0000`,
      text,
      meta: {
        docId: `gen-${j}`,
        title: `Generated ${j}`,
        headingPath: [`Generated ${j}`],
        collection: ['general', 'pharmacy', 'obstetrics'][j % 3] as string,
        contentHash: 'a'.repeat(64),
        docHash: 'b'.repeat(64),
        chunkIndex: 0,
        chunkCount: 1,
        start: 0,
        end: text.length,
        path: `corpus.jsonl#gen-${j}`,
      },
    });
  }
  idx.add(batch);
}
const buildS = (performance.now() - t0) / 1000;
gc();
const m = process.memoryUsage();
const lat: number[] = [];
for (let i = 0; i < 200; i++) {
  const q = pool[(i * 37) % pool.length]!.split(' ').slice(0, 8).join(' ');
  const a = performance.now();
  idx.search(q, 40, i % 2 ? { collections: ['general'] } : undefined);
  lat.push(performance.now() - a);
}
lat.sort((a, b) => a - b);
const mb = (x: number) => (x / 2 ** 20).toFixed(0);
console.log(
  `${kind} ${N}: build ${buildS.toFixed(1)} s; index heap ${mb(m.heapUsed - base.heapUsed)} MiB + buffers ${mb(m.arrayBuffers - base.arrayBuffers)} MiB; RSS ${mb(m.rss)} MiB; search p50 ${lat[100]!.toFixed(1)} ms p95 ${lat[190]!.toFixed(1)} ms`,
);
