/**
 * Opens the deployment's feedback store for the offline commands (`rounds feedback`, `rounds calibrate`):
 * PostgreSQL when DATABASE_URL is set, else `<dataDir>/rounds.db`, with the configured retention applied at open
 * like the bot does.
 */
import { existsSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Logger } from '../logger.js';
import { openStore } from './open-store.js';
import type { RoundsStore } from './store.js';

export function storePath(config: Config): string | undefined {
  return config.store.kind === 'sqlite' ? config.store.path : undefined;
}

export async function openStoreForCli(
  config: Config,
  logger?: Logger,
  options: { mustExist?: boolean; purgeAtOpen?: boolean } = {},
): Promise<RoundsStore | undefined> {
  if (config.store.kind === 'sqlite' && !existsSync(config.store.path)) {
    if (options.mustExist === false) return undefined;
    throw new RoundsError(
      ErrorCode.StoreFailed,
      `No feedback store at ${config.store.path} yet: answers are recorded there once Rounds has answered questions (rounds start / rounds ask). Set ROUNDS_DATA_DIR if it lives elsewhere, or DATABASE_URL for PostgreSQL.`,
    );
  }
  return openStore(config, {
    ...(logger ? { logger } : {}),
    ...(options.purgeAtOpen === false ? { purgeAtOpen: false } : {}),
  });
}
