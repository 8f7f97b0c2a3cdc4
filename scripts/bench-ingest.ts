/**
 * Ingest benchmark, end to end (parse, chunk, embed with the default hash embedder, upsert into a fresh
 * embedded Chroma, lexical index, snapshot). Prints figures; asserts nothing.
 *
 *   npm run bench:ingest                      # pubmedqa-dev corpus, 10k and 100k generated chunks
 *   npm run bench:ingest -- --sizes pubmed,10k
 *   npm run bench:ingest -- --text-as-documents  # chunk text as Chroma documents (what a remote Chroma gets)
 *
 * Each size runs in its own child process so peak RSS is that run's own. Chroma runs in a separate
 * process (as in production); its peak RSS is reported separately.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { openChromaIndex } from '../src/infra/chroma-index.js';
import { startEmbeddedChroma } from '../src/infra/chroma-server.js';
import { HashEmbedder } from '../src/infra/hash-embedder.js';
import { KnowledgeBase } from '../src/ingest/knowledge-base.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUBMED = [resolve(ROOT, '../shared/eval/pubmedqa-dev/corpus.jsonl'), '/work/shared/eval/pubmedqa-dev/corpus.jsonl'].find(existsSync);

/**
 * Generated documents recombine real sentences from the pubmedqa-dev abstracts (about 5,000 distinct sentences),
 * so vocabulary and vector spread look like clinical text; a tiny synthetic vocabulary would make every vector
 * alike and measure a pathological HNSW case instead. Deterministic; ~900 characters, one chunk per document.
 */
function generatedCorpus(chunks: number, dir: string): string {
  if (!PUBMED) throw new Error('pubmedqa-dev corpus not found under ../shared/eval (needed for generated text)');
  const pool = readFileSync(PUBMED, 'utf8')
    .trim()
    .split('\n')
    .flatMap((line) => (JSON.parse(line) as { text: string }).text.split(/(?<=[.!?])\s+/))
    .filter((s) => s.length > 20 && s.length < 400);
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const path = join(dir, 'corpus.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < chunks; i++) {
    const sentences: string[] = [];
    let length = 0;
    while (length < 850) {
      const sentence = pool[Math.floor(rand() * pool.length)]!;
      if (length + sentence.length > 1150) break;
      sentences.push(sentence);
      length += sentence.length + 1;
    }
    const collection = ['general', 'pharmacy', 'obstetrics'][i % 3];
    lines.push(JSON.stringify({ id: `gen-${i}`, title: `Generated ${i}`, text: sentences.join(' '), metadata: { collection } }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function chromaPeakRssMb(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function runOne(size: string, textField: 'document' | 'metadata'): Promise<void> {
  const work = join(tmpdir(), `rounds-bench-${size}-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const logger = pino({ level: 'warn' }, pino.destination(2));
  let path: string;
  if (size === 'pubmed') {
    if (!PUBMED) throw new Error('pubmedqa-dev corpus not found under ../shared/eval');
    path = PUBMED;
  } else {
    const n = Number(size.replace(/k$/i, '000'));
    if (!Number.isInteger(n) || n <= 0) throw new Error(`unknown size ${size}: use pubmed, 10k, 100k or a number`);
    path = generatedCorpus(n, work);
  }
  const chroma = await startEmbeddedChroma({ dataDir: join(work, 'data'), logger });
  try {
    const index = await openChromaIndex({ url: chroma.url, collection: 'bench', logger, textField });
    const kb = await KnowledgeBase.open({ index, embedder: new HashEmbedder(), dataDir: join(work, 'data'), logger, collection: 'bench' });
    const summary = await kb.ingest(path);
    const rerun = await kb.ingest(path);
    const result = {
      size,
      docs: summary.added,
      chunks: summary.chunks,
      seconds: Number(summary.seconds.toFixed(2)),
      chunksPerSecond: Math.round(summary.chunks / summary.seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      chromaPeakRssMb: chromaPeakRssMb(chroma.pid),
      unchangedRerunSeconds: Number(rerun.seconds.toFixed(2)),
      failed: summary.failed.length,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await chroma.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args[args.indexOf('--child') + 1];
  if (args.includes('--child') && only) {
    runOne(only, args.includes('--text-as-documents') ? 'document' : 'metadata').catch((error) => {
      process.stderr.write(`${(error as Error).stack ?? error}\n`);
      process.exit(1);
    });
    return;
  }
  const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : undefined;
  const sizes = (sizesArg ?? 'pubmed,10k,100k').split(',').filter(Boolean);
  const where = args.includes('--text-as-documents') ? 'chunk text as documents' : 'chunk text in metadata (the embedded default)';
  process.stdout.write(`Ingest benchmark (hash embedder, embedded Chroma, ${where}) on ${process.arch}, node ${process.version}\n`);
  process.stdout.write('size      docs    chunks   seconds   chunks/s   peak RSS (Rounds / Chroma)   unchanged re-run\n');
  for (const size of sizes) {
    const extra = args.includes('--text-as-documents') ? ['--text-as-documents'] : [];
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', size, ...extra], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    });
    const line = child.stdout.trim().split('\n').at(-1);
    if (child.status !== 0 || !line) {
      process.stdout.write(`${size.padEnd(8)}  failed (exit ${child.status})\n`);
      continue;
    }
    const r = JSON.parse(line);
    process.stdout.write(
      `${r.size.padEnd(8)} ${String(r.docs).padStart(5)} ${String(r.chunks).padStart(9)} ${String(r.seconds).padStart(9)} ${String(r.chunksPerSecond).padStart(10)}   ${`${r.peakRssMb} MB / ${r.chromaPeakRssMb ?? '?'} MB`.padStart(26)}   ${r.unchangedRerunSeconds} s\n`,
    );
  }
}

main();
