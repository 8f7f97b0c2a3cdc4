/**
 * `npm run bench:answer [-- --sizes 10000,100000 --questions 200]`: offline answer latency (p50/p95) on generated
 * indexes of N chunks, printed beside Chroma's own raw kNN latency measured in the same run. Uses embedded Chroma
 * in a temp data dir; prints figures, asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.js';
import { answer } from '../src/core/answer.js';
import { percentile } from '../src/eval/metrics.js';
import { createRuntime } from '../src/runtime.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const sizes = arg('sizes', '10000,100000').split(',').map(Number);
const questionCount = Number(arg('questions', '200'));

// A deterministic pseudo-random generator so every run builds the same corpus.
let seed = 42;
const rand = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ra',
  'tu',
  'vi',
  'so',
  'pe',
  'di',
  'xa',
  'zo',
  'qui',
  'bra',
  'cel',
  'dor',
  'fen',
  'gal',
  'hyp',
  'ost',
];
const VOCAB = Array.from({ length: 8000 }, (_, i) => {
  let w = '';
  let n = i + 1;
  do {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return `${w}${i % 7 === 0 ? 'ine' : i % 5 === 0 ? 'ol' : ''}`;
});
// Zipf-like: common words are drawn far more often, like real text.
const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 2.5)] as string;
const sentence = (n: number) => `${Array.from({ length: n }, word).join(' ')}.`;

function corpus(n: number): { lines: string[]; questions: string[] } {
  const lines: string[] = [];
  const questions: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const sentences = Array.from({ length: 8 }, () => sentence(12 + Math.floor(rand() * 8)));
    const title = `Protocol ${i} ${word()} ${word()}`;
    lines.push(JSON.stringify({ id: `d${i}`, title, text: sentences.join(' '), metadata: { collection: 'general' } }));
    if (questions.length < questionCount && rand() < (questionCount * 2) / n) {
      const s = (sentences[Math.floor(rand() * sentences.length)] as string).split(' ');
      questions.push(`What about ${s.slice(2, 8).join(' ')}?`);
    }
  }
  return { lines, questions };
}

const stats = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms  p95 ${percentile(xs, 95).toFixed(1)} ms`;

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-bench-'));
  try {
    const { lines, questions } = corpus(size);
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const config = loadConfig({ ROUNDS_DATA_DIR: join(dir, 'data'), KNOWLEDGE_DIR: join(dir, 'none'), LOG_LEVEL: 'silent' }, dir);
    const runtime = await createRuntime(config, pino({ level: 'silent' }), { autoIngest: 'never' });
    try {
      const t0 = performance.now();
      const summary = await runtime.kb.ingest(file);
      const ingestS = (performance.now() - t0) / 1000;
      const profile = { name: 'all', collections: ['*'], followUps: true, feedbackButtons: true };
      const answerMs: number[] = [];
      const knnMs: number[] = [];
      const embeddings = await runtime.kb.embedder.embed(questions);
      // Warm up caches (stemmer, HNSW pages) before measuring.
      for (const q of questions.slice(0, 10)) await answer({ text: q, platform: 'eval' }, runtime.answerDeps, { profile });
      for (const [i, q] of questions.entries()) {
        const a0 = performance.now();
        await answer({ text: q, platform: 'eval' }, runtime.answerDeps, { profile });
        answerMs.push(performance.now() - a0);
        const k0 = performance.now();
        await runtime.kb.index.query(embeddings[i] as number[], config.file.retrieval.candidates);
        knnMs.push(performance.now() - k0);
      }
      const rss = process.memoryUsage().rss / 2 ** 20;
      console.log(
        `${size.toLocaleString('en')} chunks (${summary.chunks} indexed in ${ingestS.toFixed(1)} s), ${questions.length} questions:\n` +
          `  answer (offline, end to end)  ${stats(answerMs)}\n` +
          `  Chroma raw kNN (k=${config.file.retrieval.candidates})        ${stats(knnMs)}\n` +
          `  RSS ${rss.toFixed(0)} MiB`,
      );
    } finally {
      await runtime.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
