/**
 * `npm run bench:answer [-- --sizes 10000,100000,300000 --questions 200]`: offline answer latency (p50/p95) on
 * generated indexes of N chunks, printed beside Chroma's own raw kNN latency measured in the same run, and the
 * ratio of the two. Uses embedded Chroma in a temp data dir; prints figures, asserts nothing.
 * The index is ingested first (ingest figures), then a separate process opens it as `rounds start` would (the
 * lexical index loaded from its snapshot) and answers: its RSS is a serving instance's, without the ingest's or
 * the corpus generator's memory.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Writes the corpus to `file` as it goes (a 300k corpus held as strings would be the bench's own memory). */
function corpus(n: number, file: string): { questions: string[] } {
  const questions: string[] = [];
  const fd = openSync(file, 'w');
  for (let i = 0; i < n; i += 1) {
    const sentences = Array.from({ length: 8 }, () => sentence(12 + Math.floor(rand() * 8)));
    const title = `Protocol ${i} ${word()} ${word()}`;
    writeSync(fd, `${JSON.stringify({ id: `d${i}`, title, text: sentences.join(' '), metadata: { collection: 'general' } })}\n`);
    if (questions.length < questionCount && rand() < (questionCount * 2) / n) {
      const s = (sentences[Math.floor(rand() * sentences.length)] as string).split(' ');
      questions.push(`What about ${s.slice(2, 8).join(' ')}?`);
    }
  }
  closeSync(fd);
  return { questions };
}

const stats = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms  p95 ${percentile(xs, 95).toFixed(1)} ms`;

const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The serving side, in its own process: open the ingested data dir, answer, measure. */
async function serve(dir: string): Promise<void> {
  const questions = JSON.parse(readFileSync(join(dir, 'questions.json'), 'utf8')) as string[];
  const config = loadConfig({ ROUNDS_DATA_DIR: join(dir, 'data'), KNOWLEDGE_DIR: join(dir, 'none'), LOG_LEVEL: 'silent' }, dir);
  const o0 = performance.now();
  const runtime = await createRuntime(config, pino({ level: 'silent' }), { autoIngest: 'never' });
  const openS = (performance.now() - o0) / 1000;
  try {
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
    gc?.();
    const rss = process.memoryUsage().rss;
    const ratio = percentile(answerMs, 95) / percentile(knnMs, 95);
    console.log(
      `  serving (${runtime.kb.lexical.size} chunks, opened in ${openS.toFixed(1)} s), ${questions.length} questions:\n` +
        `  answer (offline, end to end)  ${stats(answerMs)}\n` +
        `  Chroma raw kNN (k=${config.file.retrieval.candidates})        ${stats(knnMs)}\n` +
        `  answer p95 / kNN p95          ${ratio.toFixed(2)}x\n` +
        `  RSS ${mib(rss)} (peak ${mib(process.resourceUsage().maxRSS * 1024)})`,
    );
  } finally {
    await runtime.close();
  }
}

const serveDir = process.argv.includes('--serve') ? process.argv[process.argv.indexOf('--serve') + 1] : undefined;
if (serveDir) {
  await serve(serveDir);
  process.exit(0);
}

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-bench-'));
  try {
    const file = join(dir, 'corpus.jsonl');
    const { questions } = corpus(size, file);
    writeFileSync(join(dir, 'questions.json'), JSON.stringify(questions));
    const config = loadConfig({ ROUNDS_DATA_DIR: join(dir, 'data'), KNOWLEDGE_DIR: join(dir, 'none'), LOG_LEVEL: 'silent' }, dir);
    const runtime = await createRuntime(config, pino({ level: 'silent' }), { autoIngest: 'never' });
    try {
      const t0 = performance.now();
      const summary = await runtime.kb.ingest(file);
      const ingestS = (performance.now() - t0) / 1000;
      console.log(
        `${size.toLocaleString('en')} chunks: ingested ${summary.chunks} in ${ingestS.toFixed(1)} s (${Math.round(summary.chunks / ingestS)} chunks/s), ingest peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}`,
      );
    } finally {
      await runtime.close();
    }
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', dir], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0) console.log(`  serving run failed (exit ${child.status})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
