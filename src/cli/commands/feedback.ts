/**
 * `rounds feedback export|report|purge`: turns stored ratings into evaluation data and a report for the
 * clinical lead, and applies retention on demand. All read the configured store:
 * PostgreSQL when DATABASE_URL is set, else `<ROUNDS_DATA_DIR>/rounds.db`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config/config.js';
import { ErrorCode, RoundsError } from '../../core/errors.js';
import { createLogger } from '../../logger.js';
import { isoOrThrow } from '../../store/answer-row.js';
import { copySqliteToPostgres } from '../../store/copy-store.js';
import { collectFeedback, toJsonl } from '../../store/export.js';
import { openStoreForCli } from '../../store/open-for-cli.js';
import { redactUrl } from '../../store/pg-store.js';
import { buildReport, renderReportHtml, renderReportText } from '../../store/report.js';

/** Who ran a command, for the purge's tombstones: the OS user and host (no passwd entry in some containers). */
function operator(): string {
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    // a uid without a passwd entry: the host still says where it ran
  }
  return `${user}@${hostname()}`;
}

function since(value: string | undefined): string | undefined {
  return value === undefined ? undefined : isoOrThrow(value, '--since');
}

async function open(options: { purgeAtOpen?: boolean } = {}) {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
  return { config, store: (await openStoreForCli(config, logger, options))! };
}

export function registerFeedback(program: Command): void {
  const feedback = program.command('feedback').description('Export ratings as eval questions, report on them, apply retention.');

  feedback
    .command('export')
    .description('Write rated answers as questions.jsonl (format: docs/evaluation.md) for `rounds eval --questions FILE`.')
    .option('--since <date>', 'only answers given on or after this date (ISO 8601, e.g. 2025-03-01)')
    .option('--reviewers-only', 'only answers rated by a configured reviewer')
    .requiredOption('--out <file>', 'where to write questions.jsonl')
    .action(async (flags: { since?: string; reviewersOnly?: boolean; out: string }) => {
      const from = since(flags.since);
      const { store } = await open();
      try {
        const result = await collectFeedback(store, { ...(from ? { since: from } : {}), reviewersOnly: flags.reviewersOnly === true });
        const out = resolve(flags.out);
        writeFileSync(out, toJsonl(result.questions));
        const up = result.questions.filter((q) => q.rating === 'up').length;
        const references = result.questions.filter((q) => q.reference_answer).length;
        const s = result.skipped;
        const head = await store.auditHead();
        process.stdout.write(
          `wrote ${result.questions.length} questions (${up} 👍, ${result.questions.length - up} 👎; ${references} with a reference answer from a person) to ${out}\n` +
            `skipped: ${s.purged} whose text was purged by retention, ${s.refused} refused, ${s.unrated} without ${flags.reviewersOnly ? 'reviewer ' : ''}ratings\n` +
            (head ? `audit chain head when exported: #${head.seq}:${head.hash} (each line's "audit" names its answer's entry)\n` : ''),
        );
        if (result.questions.length === 0) {
          process.stdout.write(
            s.purged > 0
              ? `nothing exported: the text of every rated answer was purged by retention (retention.days); export more often than that\n`
              : 'nothing to export yet: rate some answers first\n',
          );
        }
      } finally {
        await store.close();
      }
    });

  feedback
    .command('report')
    .description('Write a self-contained HTML report (charts as inline SVG) and print a short summary.')
    .option('--since <date>', 'only answers given on or after this date')
    .option('--out <file>', 'HTML file to write', 'report.html')
    .action(async (flags: { since?: string; out: string }) => {
      const from = since(flags.since);
      const { store } = await open();
      try {
        const data = await buildReport(store, from ? { since: from } : {});
        const out = resolve(flags.out);
        writeFileSync(out, renderReportHtml(data));
        process.stdout.write(`${renderReportText(data)}wrote ${out}\n`);
      } finally {
        await store.close();
      }
    });

  feedback
    .command('escalations')
    .description('List "Ask a person" escalations (open, answered, closed) with the linked replies; --close ID closes one.')
    .option('--status <status>', 'only open, answered or closed')
    .option('--close <id>', 'close this escalation (answered or open → closed)')
    .action(async (flags: { status?: string; close?: string }) => {
      if (flags.status !== undefined && !['open', 'answered', 'closed'].includes(flags.status)) {
        throw new RoundsError(ErrorCode.InvalidInput, `--status must be open, answered or closed (got "${flags.status}").`);
      }
      const { store } = await open();
      try {
        if (flags.close) {
          const closed = await store.closeEscalation(flags.close);
          process.stdout.write(`closed escalation ${closed.id} (answer ${closed.answerId})\n`);
          return;
        }
        const list = await store.listEscalations(flags.status ? { status: flags.status as 'open' | 'answered' | 'closed' } : {});
        if (list.length === 0) process.stdout.write('no escalations\n');
        for (const e of list) {
          const reply = e.reply ? ` — ${e.reply.by}: ${e.reply.text.replace(/\s+/g, ' ').slice(0, 160)}` : '';
          process.stdout.write(
            `${e.createdAt.slice(0, 16).replace('T', ' ')}  ${e.status.padEnd(8)} ${e.id}  ${e.platform}  answer ${e.answerId}${reply}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });

  feedback
    .command('purge')
    .description('Apply the retention period (config retention.days) now: purge old question/answer text and comments.')
    .action(async () => {
      const { config, store } = await open({ purgeAtOpen: false });
      try {
        if (!config.file.retention.days) {
          // No default period on purpose: deleting audit text is irreversible, and how long a hospital keeps it is
          // an information-governance decision, not Rounds'. Say what is kept and exactly what to add.
          const stats = await store.stats();
          const where = config.configPath ?? 'rounds.config.yaml';
          throw new RoundsError(
            ErrorCode.ConfigInvalid,
            `No retention period is configured, so nothing was purged: Rounds keeps question and answer text for the audit trail until you set one ` +
              `(the store holds ${stats.answers} answers, ${stats.answers - stats.purgedAnswers} with their text). ` +
              `How long to keep it is your information-governance decision. To purge text older than, say, a year, add to ${where}:\n\n` +
              'retention:\n  days: 365\n\n' +
              'then run `rounds feedback purge` again (`rounds start` also applies it at every start). Ids, labels, sources and ratings are kept.',
          );
        }
        const purged = await store.purgeExpired(undefined, `rounds feedback purge by ${operator()}`);
        const stats = await store.stats();
        process.stdout.write(
          `retention ${config.file.retention.days} days: purged ${purged.answersPurged} answers and ${purged.commentsPurged} comments now; ` +
            `${stats.purgedAnswers} of ${stats.answers} answers have their text purged\n` +
            (purged.answersPurged || purged.commentsPurged
              ? 'each purged record keeps its hashes in the audit chain, with a tombstone naming what went, when and by whom (rounds audit show ID)\n'
              : ''),
        );
      } finally {
        await store.close();
      }
    });

  feedback
    .command('copy-to-postgres')
    .description('Copy a SQLite store (every answer, source and rating) into the PostgreSQL database of DATABASE_URL; safe to re-run.')
    .option('--from <file>', 'the SQLite store to copy (default <ROUNDS_DATA_DIR>/rounds.db)')
    .action(async (flags: { from?: string }) => {
      const config = loadConfig();
      const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
      if (config.store.kind !== 'postgres') {
        throw new RoundsError(
          ErrorCode.ConfigInvalid,
          'Set DATABASE_URL to the PostgreSQL database to copy into, e.g. postgres://rounds:PASSWORD@db:5432/rounds.',
        );
      }
      const from = resolve(flags.from ?? join(config.dataDir, 'rounds.db'));
      if (!existsSync(from)) {
        throw new RoundsError(ErrorCode.InvalidInput, `No SQLite store at ${from}: pass --from FILE (or set ROUNDS_DATA_DIR).`);
      }
      const result = await copySqliteToPostgres(from, config.store.url, logger);
      for (const t of result.tables)
        process.stdout.write(`${t.table}: ${t.read} rows read, ${t.copied} copied (${t.read - t.copied} already there)\n`);
      process.stdout.write(`copied ${from} into ${redactUrl(config.store.url)} (schema version ${result.schemaVersion})\n`);
      const a = result.sourceAudit;
      process.stdout.write(
        `audit: ${result.chained} records chained in PostgreSQL as imported; the SQLite chain (head ${a.head ? `#${a.head.seq} ${a.head.hash}` : 'none'}) ` +
          `${a.ok ? 'verified' : `did NOT verify (${a.problems} problems: run \`rounds audit verify\` on it)`}; keep that file as the record before the copy\n`,
      );
    });
}
