/**
 * Opens test stores of either kind, so a store test file can run the same cases on SQLite and PostgreSQL:
 * `describe.each(STORE_KINDS)` with a TestStores per case. A location is a file path or a fresh database URL.
 */
import { join } from 'node:path';
import type { Clock } from '../../src/core/ports.js';
import { openPgStore } from '../../src/store/pg-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { RoundsStore } from '../../src/store/store.js';
import { freshDatabase } from '../helpers/postgres.js';
import { tempDir } from './factories.js';

export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export class TestStores {
  private readonly cleanups: (() => Promise<void> | void)[] = [];

  constructor(readonly kind: StoreKind) {}

  async create(): Promise<string> {
    if (this.kind === 'sqlite') {
      const tmp = tempDir();
      this.cleanups.push(() => tmp.cleanup());
      return join(tmp.dir, 'rounds.db');
    }
    const db = await freshDatabase();
    this.cleanups.push(() => db.drop());
    return db.url;
  }

  async open(location: string, opts: { clock?: Clock; retentionDays?: number; purgeAtOpen?: boolean } = {}): Promise<RoundsStore> {
    return this.kind === 'sqlite' ? openSqliteStore({ path: location, ...opts }) : openPgStore({ url: location, poolSize: 4, ...opts });
  }

  async cleanup(): Promise<void> {
    for (const c of this.cleanups.splice(0)) await c();
  }
}
