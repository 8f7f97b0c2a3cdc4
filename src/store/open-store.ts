/**
 * Opens the configured store: the SQLite file under ROUNDS_DATA_DIR (the embedded default), or PostgreSQL when
 * DATABASE_URL is set (several instances share it). The bot and the offline commands open it the same way.
 */
import type { Config } from '../config/config.js';
import type { Clock } from '../core/ports.js';
import type { Logger } from '../logger.js';
import { openPgStore } from './pg-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { RoundsStore } from './store.js';

export interface OpenStoreOptions {
  logger?: Logger;
  clock?: Clock;
  /** Run the retention purge while opening (default true). */
  purgeAtOpen?: boolean;
  /** Another SQLite file (eval's throwaway store); ignores DATABASE_URL. */
  sqlitePath?: string;
}

export async function openStore(config: Config, options: OpenStoreOptions = {}): Promise<RoundsStore> {
  const common = {
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(config.file.retention.days ? { retentionDays: config.file.retention.days } : {}),
    ...(options.purgeAtOpen === false ? { purgeAtOpen: false } : {}),
  };
  if (options.sqlitePath) return openSqliteStore({ path: options.sqlitePath, ...common });
  if (config.store.kind === 'postgres') return openPgStore({ url: config.store.url, ...common });
  return openSqliteStore({ path: config.store.path, ...common });
}
