/**
 * Tampering from outside Rounds, as anyone with database access could: raw SQL on the store's file or database,
 * on its own connection, with `?` placeholders for both kinds.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { toPgPlaceholders } from '../../src/store/answer-query.js';
import type { StoreKind } from './test-stores.js';

export type Row = Record<string, unknown>;

export async function raw(kind: StoreKind, location: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  if (kind === 'sqlite') {
    const db = new Database(location);
    try {
      const stmt = db.prepare(sql);
      if (stmt.reader) return stmt.all(...params) as Row[];
      stmt.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    return (await client.query(toPgPlaceholders(sql), params)).rows as Row[];
  } finally {
    await client.end();
  }
}
