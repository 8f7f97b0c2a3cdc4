/**
 * `rounds sync sharepoint [--library NAME] [--dry-run] [--json]`: brings the knowledge base in line with the
 * SharePoint libraries in rounds.config.yaml (`sharepoint.libraries`). A dry run reads the library's changes
 * and lists what a sync would do, touching neither the mirror, the stored delta link nor the index (it does not
 * even start Chroma). stdout carries only the result; logs go to stderr.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config/config.js';
import { ErrorCode, RoundsError } from '../../core/errors.js';
import { openKnowledge } from '../../ingest/open.js';
import type { SyncChange } from '../../ingest/sharepoint/mirror.js';
import { type LibrarySyncReport, syncSharePoint } from '../../ingest/sharepoint/sync.js';
import { createLogger } from '../../logger.js';

interface SyncFlags {
  library?: string[];
  dryRun?: boolean;
  json?: boolean;
  verbose?: boolean;
}

const MARK: Record<SyncChange['kind'], string> = { added: '+', updated: '~', renamed: '→', removed: '-' };

function describeChange(c: SyncChange): string {
  const version = c.version ? ` (v${c.version.replace(/^v/, '')})` : '';
  if (c.kind === 'renamed') return `  ${MARK[c.kind]} ${c.from} → ${c.path}`;
  const moved = c.from ? ` (was ${c.from})` : '';
  return `  ${MARK[c.kind]} ${c.path}${version}${moved}${c.metadataOnly ? ' [columns only]' : ''}`;
}

export function formatSyncReport(r: LibrarySyncReport): string {
  const lines = [
    `SharePoint library ${r.library} → document set ${r.collection}${r.dryRun ? ' (dry run: nothing was changed)' : ''}` +
      `${r.resynced ? ' — Graph asked for a full resync' : r.full ? ' — full enumeration' : ''}`,
  ];
  for (const c of r.changes) lines.push(describeChange(c));
  const n = r.changes.length;
  lines.push(
    r.dryRun
      ? `  ${n ? `${n} change${n === 1 ? '' : 's'} would be made` : 'no changes'}`
      : `  ${n ? `${n} change${n === 1 ? '' : 's'}` : 'no changes'}${r.ingest ? `; ${r.ingest.chunks} chunks in the index (${r.ingest.written} written)` : ''}`,
  );
  if (r.skipped.length)
    lines.push(`  left out ${r.skipped.length} file(s) of a type Rounds does not read: ${r.skipped.map((s) => s.path).join(', ')}`);
  if (r.failed.length) {
    lines.push(`  not updated (the previous version keeps answering) ${r.failed.length} file(s):`);
    for (const f of r.failed) lines.push(`    ${f.path}: ${f.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerSync(program: Command): void {
  const sync = program.command('sync').description('Bring the knowledge base in line with an outside source (SharePoint).');
  sync
    .command('sharepoint')
    .description('Sync the SharePoint document libraries listed in rounds.config.yaml (sharepoint.libraries) into their document sets.')
    .option('--library <name...>', 'only these libraries (by their name in the configuration)')
    .option('--dry-run', 'list what would change, and change nothing')
    .option('--json', 'print one JSON object {libraries: [...]}')
    .option('--verbose', 'log progress details to stderr')
    .addHelpText(
      'after',
      '\nOnly changes are fetched (Graph delta queries; the link to resume from is kept under ROUNDS_DATA_DIR/sharepoint).\n' +
        'A file removed or moved out of the library leaves the answers; one that fails to parse keeps its previous version.\n' +
        'Set-up (app registration, the Sites.Selected grant, configuration): docs/ingest.md → SharePoint.',
    )
    .action(async (flags: SyncFlags) => {
      const config = loadConfig();
      if (!config.sharepoint) {
        throw new RoundsError(
          ErrorCode.ConfigInvalid,
          `No SharePoint library is configured. Add sharepoint.libraries to ${config.configPath ?? 'rounds.config.yaml'} (docs/ingest.md → SharePoint).`,
        );
      }
      const logger = createLogger({ level: flags.verbose ? 'debug' : 'warn', destination: pino.destination(2) });
      const base = {
        config: config.sharepoint,
        dataDir: config.dataDir,
        logger,
        collection: config.env.CHROMA_COLLECTION,
        ...(config.store.kind === 'postgres' ? { databaseUrl: config.store.url } : {}),
        ...(flags.library?.length ? { only: flags.library } : {}),
      };
      let reports: LibrarySyncReport[];
      if (flags.dryRun) {
        reports = await syncSharePoint({ ...base, dryRun: true });
      } else {
        const opened = await openKnowledge(config, logger);
        try {
          reports = await syncSharePoint({ ...base, kb: opened.kb });
        } finally {
          await opened.close();
        }
      }
      if (flags.json) {
        const libraries = reports.map(({ ingest, ...r }) => ({
          ...r,
          ...(ingest
            ? {
                ingest: {
                  added: ingest.added,
                  updated: ingest.updated,
                  removed: ingest.removed,
                  unchanged: ingest.unchanged,
                  chunks: ingest.chunks,
                },
              }
            : {}),
        }));
        process.stdout.write(`${JSON.stringify({ libraries })}\n`);
      } else {
        for (const r of reports) process.stdout.write(formatSyncReport(r));
      }
    });
}
