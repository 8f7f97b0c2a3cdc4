/** A fresh PostgreSQL database per test on the run's server (test/setup/postgres.ts), dropped afterwards. */
import pg from 'pg';
import { inject } from 'vitest';

export function postgresAdminUrl(): string {
  const url = inject('pgUrl');
  if (!url) throw new Error(`no PostgreSQL server for the tests: ${inject('pgError')}`);
  return url;
}

export async function freshDatabase(prefix = 'rounds_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgresAdminUrl();
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
