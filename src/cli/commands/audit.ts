/**
 * `rounds audit verify|anchor|show`: the inspector's side of the audit chain (docs/feedback.md, "The audit
 * chain"). verify walks the chain and every record it covers and names the first entry edited, deleted or
 * reordered (exit 1 when anything does not match); anchor prints the head hash to keep outside the database;
 * show prints one answer's history. All read the configured store, and none applies retention (a purge is a write).
 */
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config/config.js';
import { ErrorCode, RoundsError } from '../../core/errors.js';
import { createLogger } from '../../logger.js';
import { type AuditEntry, describeRef, ratingRef } from '../../store/audit-chain.js';
import { type Anchor, type AuditReport, parseAnchor } from '../../store/audit-verify.js';
import { openStoreForCli } from '../../store/open-for-cli.js';

async function open() {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
  return (await openStoreForCli(config, logger, { purgeAtOpen: false }))!;
}

function anchorsOf(values: string[]): Anchor[] {
  return values.map((v) => {
    const a = parseAnchor(v);
    if (!a) {
      throw new RoundsError(
        ErrorCode.InvalidInput,
        `--anchor "${v}" is not a head hash: give the 64 hex characters \`rounds audit anchor\` printed, optionally as #SEQ:HASH`,
      );
    }
    return a;
  });
}

export function renderReport(r: AuditReport): string {
  const lines: string[] = [];
  const head = r.head ? `head #${r.head.seq} ${r.head.hash} (${r.head.at})` : 'no entries';
  lines.push(`audit chain: ${r.entries} entries, ${r.records} records; ${head}`);
  for (const a of r.anchors) {
    lines.push(
      a.ok
        ? `anchor ${a.hash.slice(0, 16)}… found at #${a.foundAt}: the history up to it is unchanged`
        : `anchor ${a.hash.slice(0, 16)}… NOT matched`,
    );
  }
  if (r.ok) {
    lines.push('verified: every entry links to the one before it and every record matches its latest entry');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`NOT verified: ${r.problemCount} problem${r.problemCount === 1 ? '' : 's'}; the first:`);
  lines.push(`  ${r.first?.message ?? ''}`);
  const rest = r.problems.slice(1, 20);
  if (rest.length) lines.push('then:', ...rest.map((p) => `  ${p.message}`));
  if (r.problemCount > 20) lines.push(`  … and ${r.problemCount - 20} more (--json lists up to 1000)`);
  return `${lines.join('\n')}\n`;
}

function entryLine(e: AuditEntry): string {
  const detail = e.detail ? `  ${e.detail}` : '';
  return `#${e.seq}  ${e.at}  ${describeRef(e.kind, e.ref)}  ${e.action}${e.actor ? ` by ${e.actor}` : ''}  content ${e.contentHash.slice(0, 16)}…  hash ${e.hash.slice(0, 16)}…${detail}`;
}

export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description("Check the tamper-evident audit chain: verify it, print its head hash (anchor), show one answer's history.");

  audit
    .command('verify')
    .description('Walk the chain and every record it covers; name the first entry edited, deleted or reordered (exit 1 if any).')
    .option(
      '--anchor <hash>',
      'a head hash kept outside the database (#SEQ:HASH or HASH); repeatable',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--json', 'print the report as JSON')
    .action(async (flags: { anchor: string[]; json?: boolean }) => {
      const anchors = anchorsOf(flags.anchor);
      const store = await open();
      try {
        const report = await store.verifyAudit(anchors);
        process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : renderReport(report));
        if (!report.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  audit
    .command('anchor')
    .description('Print the head of the chain (entry number and hash): keep it outside the database (a SIEM, a ticket).')
    .option('--json', 'print {seq, hash, at} as JSON')
    .action(async (flags: { json?: boolean }) => {
      const store = await open();
      try {
        const head = await store.auditHead();
        if (!head)
          throw new RoundsError(ErrorCode.StoreFailed, 'The store has no audit chain yet: open it with this version of Rounds first.');
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(head)}\n`
            : `#${head.seq}:${head.hash}\n(entry ${head.seq}, ${head.at}; later: rounds audit verify --anchor '#${head.seq}:${head.hash}')\n`,
        );
      } finally {
        await store.close();
      }
    });

  audit
    .command('show')
    .description("One answer's history: its entries and those of its ratings, reviewer actions and escalation.")
    .argument('<answer-id>')
    .action(async (answerId: string) => {
      const store = await open();
      try {
        const record = await store.getAnswer(answerId);
        const entries = [...(await store.auditHistory('answer', answerId))];
        for (const r of record?.ratings ?? []) entries.push(...(await store.auditHistory('rating', ratingRef(answerId, r.raterId))));
        for (const e of await store.listReviewerEvents([answerId])) entries.push(...(await store.auditHistory('reviewer_event', e.id)));
        const escalation = (await store.listEscalations()).find((e) => e.answerId === answerId);
        if (escalation) entries.push(...(await store.auditHistory('escalation', escalation.id)));
        if (entries.length === 0) {
          throw new RoundsError(
            ErrorCode.InvalidInput,
            `No audit entries for answer ${answerId}${record ? '' : ' (no such answer is stored)'}.`,
          );
        }
        entries.sort((a, b) => a.seq - b.seq);
        process.stdout.write(`${entries.map(entryLine).join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
