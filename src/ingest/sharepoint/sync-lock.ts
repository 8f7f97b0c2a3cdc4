/**
 * One SharePoint sync at a time. On one host the ingest lock file does it (`locks/sharepoint.sync.lock` in the
 * data directory, taken over when its holder is gone). Instances that share PostgreSQL (DATABASE_URL) and one
 * Chroma collection have separate data directories, so they also take a PostgreSQL advisory lock on a dedicated
 * connection: held for the whole sync, released by PostgreSQL itself if the process dies.
 */
import { join } from 'node:path';
import pg from 'pg';
import { ErrorCode, RoundsError } from '../../core/errors.js';
import { acquireIngestLock } from '../ingest-lock.js';

export interface SyncLockOptions {
  dataDir: string;
  /** The Chroma collection the sync writes: one sync per collection. */
  collection: string;
  databaseUrl?: string;
}

export async function acquireSyncLock(opts: SyncLockOptions): Promise<() => Promise<void>> {
  const releaseFile = acquireIngestLock(join(opts.dataDir, 'locks', 'sharepoint.sync.lock'), `${opts.collection} (SharePoint sync)`);
  if (!opts.databaseUrl) return async () => releaseFile();
  const client = new pg.Client({ connectionString: opts.databaseUrl, application_name: 'rounds-sharepoint-sync' });
  try {
    await client.connect();
    const key = `rounds:sharepoint-sync:${opts.collection}`;
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
    if (!rows[0]?.locked) {
      throw new RoundsError(
        ErrorCode.IngestBusy,
        `Another instance is syncing SharePoint into collection ${opts.collection} (a PostgreSQL advisory lock is held). ` +
          'This sync was skipped; the other one updates every instance.',
      );
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    releaseFile();
    if (error instanceof RoundsError) throw error;
    throw new RoundsError(ErrorCode.StoreFailed, `Could not take the SharePoint sync lock in PostgreSQL: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return async () => {
    // Closing the session releases the advisory lock too; unlock first so a pooled proxy cannot keep it.
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end().catch(() => undefined);
    releaseFile();
  };
}
