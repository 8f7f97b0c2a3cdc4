/**
 * `rounds eval`: measures retrieval, abstention, citations and latency on an eval set. With --set (or
 * --knowledge) the corpus goes into a throwaway collection and a throwaway store, never the live ones.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config/config.js';
import { getProfile } from '../../config/profiles.js';
import { answer } from '../../core/answer.js';
import { ErrorCode, RoundsError } from '../../core/errors.js';
import type { StoredChunk } from '../../core/types.js';
import type { BaselineDoc } from '../../eval/bm25-baseline.js';
import { readQuestions } from '../../eval/eval-set.js';
import { formatReport, runEval } from '../../eval/run-eval.js';
import { removeSnapshot, snapshotPath } from '../../ingest/lexical-snapshot.js';
import { createLogger } from '../../logger.js';
import { createRuntime } from '../../runtime.js';

/**
 * The documents plain BM25 ranks for the reference figures: corpus.jsonl as written, or a knowledge folder's
 * documents rebuilt from their chunks (title and text, chunks in order).
 */
function baselineDocs(corpus: string | undefined, chunks: StoredChunk[]): BaselineDoc[] {
  if (corpus?.endsWith('.jsonl')) {
    return readFileSync(corpus, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .flatMap((l) => {
        try {
          const d = JSON.parse(l) as { id?: unknown; title?: unknown; text?: unknown };
          return d.id !== undefined && typeof d.text === 'string'
            ? [{ id: String(d.id), text: d.text, ...(typeof d.title === 'string' ? { title: d.title } : {}) }]
            : [];
        } catch {
          return [];
        }
      });
  }
  const byDoc = new Map<string, StoredChunk[]>();
  for (const c of chunks) byDoc.set(c.meta.docId, [...(byDoc.get(c.meta.docId) ?? []), c]);
  return [...byDoc.entries()].map(([id, cs]) => ({
    id,
    title: cs[0]?.meta.title ?? '',
    text: cs
      .sort((a, b) => a.meta.chunkIndex - b.meta.chunkIndex)
      .map((c) => c.text)
      .join('\n'),
  }));
}

interface EvalFlags {
  set?: string;
  knowledge?: string;
  questions?: string;
  out?: string;
  channel?: string;
  verbose?: boolean;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Evaluate retrieval, abstention, citations and latency on an eval set (format: docs/evaluation.md).')
    .option('--set <dir>', 'folder with corpus.jsonl and questions.jsonl; the corpus goes into a throwaway collection')
    .option('--knowledge <dir>', 'a knowledge folder (Markdown etc.) to ingest into a throwaway collection instead of corpus.jsonl')
    .option('--questions <file>', 'questions.jsonl; without --set/--knowledge, evaluates the live knowledge base')
    .option('--out <file>', 'write the full JSON report (with per-question records for `rounds calibrate`)')
    .option('--channel <profile>', 'channel profile to search as (default: all collections)', 'all')
    .option('--verbose', 'log details to stderr')
    .addHelpText(
      'after',
      '\nExamples (the demo set ships in eval/demo):\n  npx rounds eval --set eval/demo --out /tmp/demo-eval.json\n  npx rounds eval --knowledge knowledge --questions eval/demo/questions.jsonl',
    )
    .action(async (flags: EvalFlags) => {
      const config = loadConfig();
      const logger = createLogger({ level: flags.verbose ? 'debug' : 'warn', destination: pino.destination(2) });
      const setDir = flags.set ? resolve(flags.set) : undefined;
      const questionsFile = flags.questions ? resolve(flags.questions) : setDir ? join(setDir, 'questions.jsonl') : undefined;
      if (!questionsFile)
        throw new RoundsError(ErrorCode.InvalidInput, 'Give --set DIR, or --questions FILE (optionally with --knowledge DIR).');
      const corpus = flags.knowledge ? resolve(flags.knowledge) : setDir ? join(setDir, 'corpus.jsonl') : undefined;
      if (corpus && !existsSync(corpus)) throw new RoundsError(ErrorCode.InvalidInput, `${corpus} does not exist.`);
      const questions = readQuestions(questionsFile);
      const profile = getProfile(config.file, flags.channel ?? 'all');
      if (!profile) throw new RoundsError(ErrorCode.InvalidInput, `Unknown channel profile "${flags.channel}".`);

      const throwaway = corpus ? `rounds_eval_${randomBytes(4).toString('hex')}` : undefined;
      const tmp = mkdtempSync(join(tmpdir(), 'rounds-eval-'));
      // The knowledge team's files (terminology.yaml, qualifiers.yaml) belong to the documents they describe: a
      // knowledge folder evaluated is read with its own (none: the built-in terms alone), not the live knowledge
      // base's; a set folder with its own files uses them, else the live ones (corpus.jsonl snapshots of a pack).
      const knowledgeDir = flags.knowledge
        ? resolve(flags.knowledge)
        : setDir && ['terminology.yaml', 'qualifiers.yaml'].some((f) => existsSync(join(setDir, f)))
          ? setDir
          : config.knowledgeDir;
      const runtime = await createRuntime({ ...config, knowledgeDir }, logger, {
        ...(throwaway ? { collection: throwaway } : {}),
        storePath: join(tmp, 'eval.db'),
      });
      try {
        if (corpus) {
          const summary = await runtime.kb.ingest(corpus);
          process.stderr.write(
            `ingested ${summary.added} documents (${summary.chunks} chunks) into ${throwaway} in ${summary.seconds.toFixed(1)} s\n`,
          );
          if (summary.failed.length)
            process.stderr.write(
              `  ${summary.failed.length} failed: ${summary.failed
                .slice(0, 5)
                .map((f) => `${f.path}: ${f.reason}`)
                .join('; ')}\n`,
            );
        }
        const progress = process.stderr.isTTY ? (d: number, t: number) => process.stderr.write(`\r${d}/${t} questions`) : undefined;
        const report = await runEval(
          flags.set ?? flags.knowledge ?? questionsFile,
          questions,
          async (q) => {
            let ranking: string[] = [];
            const t = performance.now();
            const a = await answer(
              { text: q.question, platform: 'eval', ...(q.history ? { history: q.history } : {}) },
              runtime.answerDeps,
              {
                profile,
                onRetrieval: (r) => (ranking = r),
              },
            );
            return { answer: a, ranking, ms: performance.now() - t };
          },
          {
            config: {
              embedder: runtime.kb.embedder.name,
              llm: runtime.answerDeps.llm?.model ?? null,
              prompt: runtime.answerDeps.prompt?.version ?? null,
              thresholds: runtime.answerDeps.settings.thresholds,
              profile: profile.name,
              chunks: runtime.kb.lexical.size,
            },
            ...(progress ? { onProgress: progress } : {}),
            baselineDocs: baselineDocs(corpus, runtime.kb.lexical.all()),
          },
        );
        if (progress) process.stderr.write('\r\x1b[2K');
        process.stdout.write(`${formatReport(report)}\n`);
        if (flags.out) {
          writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
          process.stdout.write(`wrote ${flags.out}\n`);
        }
      } finally {
        if (throwaway) {
          await runtime.kb.index.drop().catch(() => undefined);
          removeSnapshot(snapshotPath(config.dataDir, throwaway));
        }
        await runtime.close();
        rmSync(tmp, { recursive: true, force: true });
      }
    });
}
