/**
 * Opens the deployment's feedback store for the offline commands (`rounds feedback`, `rounds calibrate`):
 * `<dataDir>/rounds.db`, with the configured retention applied at open like the bot does.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Logger } from '../logger.js';
import { openSqliteStore, type SqliteFeedbackStore } from './sqlite-store.js';

export function storePath(config: Config): string {
  return join(config.dataDir, 'rounds.db');
}

export function openStoreForCli(
  config: Config,
  logger?: Logger,
  options: { mustExist?: boolean; purgeAtOpen?: boolean } = {},
): SqliteFeedbackStore | undefined {
  const path = storePath(config);
  if (!existsSync(path)) {
    if (options.mustExist === false) return undefined;
    throw new RoundsError(
      ErrorCode.StoreFailed,
      `No feedback store at ${path} yet: answers are recorded there once Rounds has answered questions (rounds start / rounds ask). Set ROUNDS_DATA_DIR if it lives elsewhere.`,
    );
  }
  return openSqliteStore({
    path,
    ...(logger ? { logger } : {}),
    ...(config.file.retention.days ? { retentionDays: config.file.retention.days } : {}),
    ...(options.purgeAtOpen === false ? { purgeAtOpen: false } : {}),
  });
}
