/**
 * `rounds ingest [PATH]`: brings the knowledge base in line with a folder (default KNOWLEDGE_DIR, ./knowledge).
 * stdout carries only the result (one JSON object with --json), so logs go to stderr.
 */

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config/config.js';
import type { IngestSummary } from '../../ingest/knowledge-base.js';
import { openKnowledge } from '../../ingest/open.js';
import { createLogger } from '../../logger.js';

interface IngestFlags {
  json?: boolean;
  rebuild?: boolean;
  chunkSize?: number;
  chunkOverlap?: number;
  verbose?: boolean;
}

const positiveInt = (name: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number >= ${min}.`);
  return n;
};

function progressBar(stream: NodeJS.WriteStream): { update: (done: number, total: number) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : width;
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} documents`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}

export function formatSummary(s: IngestSummary, where: string): string {
  const lines = [
    `Knowledge base ${where}`,
    `  added ${s.added}, updated ${s.updated}, removed ${s.removed}, unchanged ${s.unchanged}; ${s.chunks} chunks in the index (${s.written} written) in ${s.seconds.toFixed(1)} s`,
  ];
  for (const m of s.manuals ?? []) lines.push(`  read ${m.path} as a manual of ${m.sections} documents (one per protocol or chapter)`);
  if (s.superseded.length) lines.push(`  left out as superseded: ${s.superseded.join(', ')}`);
  if (s.failed.length) {
    lines.push(`  skipped ${s.failed.length} file(s):`);
    for (const f of s.failed) lines.push(`    ${f.path}: ${f.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'Ingest Word (.docx), Markdown, text, HTML, PDF and corpus.jsonl files into the knowledge base (incremental: unchanged files are skipped).',
    )
    .argument('[path]', 'folder or file to ingest (default: KNOWLEDGE_DIR, ./knowledge)')
    .option('--json', 'print one JSON object {added, updated, removed, unchanged, failed, chunks, seconds}')
    .option('--rebuild', 'drop the collection and ingest everything again (needed after changing the embedder)')
    .option('--chunk-size <chars>', 'target chunk size in characters (default 1200)', positiveInt('--chunk-size', 200))
    .option('--chunk-overlap <chars>', 'overlap between pieces of a long passage (default 150)', positiveInt('--chunk-overlap', 0))
    .option('--verbose', 'log progress details to stderr')
    .addHelpText(
      'after',
      '\nThe collection mirrors the ingested folder: files deleted from it, or superseded by another document\n' +
        '(front matter `supersedes`), are removed. A file that fails to parse is reported and keeps its previous chunks.\n' +
        'Exit status is non-zero only when nothing could be ingested or Chroma failed.',
    )
    .action(async (path: string | undefined, flags: IngestFlags) => {
      const config = loadConfig();
      const logger = createLogger({ level: flags.verbose ? 'debug' : 'warn', destination: pino.destination(2) });
      const target = path ?? config.knowledgeDir;
      const opened = await openKnowledge(config, logger, {
        ...(flags.rebuild ? { rebuild: true } : {}),
        chunking: {
          ...(flags.chunkSize ? { targetSize: flags.chunkSize } : {}),
          ...(flags.chunkOverlap !== undefined ? { overlap: flags.chunkOverlap } : {}),
        },
      });
      try {
        const bar = !flags.json && process.stderr.isTTY ? progressBar(process.stderr) : undefined;
        const summary = await opened.kb.ingest(target, bar ? { onProgress: bar.update } : {});
        bar?.clear();
        if (flags.json) {
          const { added, updated, removed, unchanged, failed, chunks, seconds, manuals } = summary;
          process.stdout.write(
            `${JSON.stringify({ added, updated, removed, unchanged, failed, chunks, manuals, seconds: Number(seconds.toFixed(3)) })}\n`,
          );
        } else {
          process.stdout.write(formatSummary(summary, `${opened.kb.index.location} ← ${target}`));
        }
        if (summary.added + summary.updated + summary.unchanged === 0) {
          process.stderr.write(`rounds: nothing could be ingested from ${target}; the knowledge base was left as it was.\n`);
          process.exitCode = 1;
        }
      } finally {
        await opened.close();
      }
    });
}
