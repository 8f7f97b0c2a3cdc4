/**
 * The SharePoint sync inside `rounds start`: once right after start (in the background: the instance serves the
 * index it has meanwhile) and then every `sharepoint.syncMinutes`, never two runs at once in a process. Several
 * instances may all run it: the sync lock lets one sync at a time, the others skip their turn, and every
 * instance picks the result up through the index generation (INDEX_REFRESH_SECONDS).
 */
import type { SharePointConfig } from '../../config/config.js';
import { ErrorCode, isRoundsError } from '../../core/errors.js';
import type { Logger } from '../../logger.js';
import type { KnowledgeBase } from '../knowledge-base.js';
import { syncSharePoint } from './sync.js';

export interface ScheduledSync {
  /** Resolves when the first run has ended (tests and the start-up log). */
  firstRun: Promise<void>;
  stop(): void;
}

export function scheduleSharePointSync(opts: {
  config: SharePointConfig;
  kb: KnowledgeBase;
  dataDir: string;
  logger: Logger;
  collection: string;
  databaseUrl?: string;
}): ScheduledSync {
  const { logger } = opts;
  const everyMs = Math.round(opts.config.syncMinutes * 60_000);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      await syncSharePoint({
        config: opts.config,
        kb: opts.kb,
        dataDir: opts.dataDir,
        logger,
        collection: opts.collection,
        ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
      });
    } catch (error) {
      if (isRoundsError(error, ErrorCode.IngestBusy)) {
        logger.info({ reason: error.message }, 'SharePoint sync skipped: another sync is running');
      } else if (isRoundsError(error)) {
        const level = error.code === ErrorCode.SyncForbidden || error.code === ErrorCode.ConfigInvalid ? 'error' : 'warn';
        logger[level]({ code: error.code, reason: error.message }, 'SharePoint sync failed; answering from the documents synced before');
      } else {
        logger.warn(
          { code: 'unexpected', reason: (error as Error).message },
          'SharePoint sync failed; answering from the documents synced before',
        );
      }
    }
  };
  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => void run().then(next), everyMs);
    timer.unref();
  };
  const firstRun = run().then(next);
  return {
    firstRun,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
