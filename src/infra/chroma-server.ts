/**
 * Embedded Chroma: the chromadb package's own server (`chroma run`) on a free loopback port, data under
 * `<dataDir>/chroma`. It runs under a watchdog (chroma-watchdog.mjs) that stops it when this process exits in
 * any way, including SIGKILL, so no server is ever orphaned. Several Rounds processes on one data dir (e.g.
 * `rounds ingest` while `rounds start` runs) share one server: the first records {pid, port} in
 * `<dataDir>/chroma/rounds-chroma.json`, the others reuse it (owned=false) and take over if it goes away.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Logger } from '../logger.js';
import { isAlive } from './process-alive.js';
import { sleep } from './retry.js';

export interface ChromaServerHandle {
  url: string;
  pid: number;
  owned: boolean;
  stop(): Promise<void>;
  /** Makes sure a server is running again (after it died) and returns its URL, which may have changed. */
  revive(): Promise<string>;
}

interface ServerRecord {
  pid: number;
  port: number;
  ownerPid: number;
}

const START_TIMEOUT_MS = 30_000;
const LOCK_STALE_MS = 45_000;
const WATCHDOG = fileURLToPath(new URL('./chroma-watchdog.mjs', import.meta.url));

function chromaCli(): string {
  const main = createRequire(import.meta.url).resolve('chromadb');
  // main is dist/cjs/chromadb.cjs; the CLI the package declares as its bin is dist/cli.mjs.
  return resolve(dirname(main), '..', 'cli.mjs');
}

export async function heartbeat(url: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

/** On Linux, also make sure the live pid really is a Chroma serving this path (pids get reused). */
function servesPath(pid: number, path: string): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(cmdline, 'utf8').split('\0').includes(path);
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A port something else now listens on must not be reused: its heartbeat could pass for ours. */
async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

async function withLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + START_TIMEOUT_MS + 5_000;
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      writeFileSync(lockPath, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = 0;
      let age = 0;
      try {
        holder = Number(readFileSync(lockPath, 'utf8')) || 0;
        age = Date.now() - statSync(lockPath).mtimeMs;
      } catch {
        continue;
      }
      if ((holder && !isAlive(holder)) || age > LOCK_STALE_MS) rmSync(lockPath, { force: true });
      else if (Date.now() > deadline) throw new Error(`lock ${lockPath} is held by process ${holder}`);
      else await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function tail(path: string, lines = 8): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

interface Spawned {
  watchdog: ChildProcess;
  pid: number;
  port: number;
}

async function spawnServer(path: string, port: number, logger: Logger): Promise<Spawned> {
  const watchdog = spawn(process.execPath, [WATCHDOG, chromaCli(), path, String(port)], {
    // Its own process group: a Ctrl-C in the terminal reaches Rounds, which then stops Chroma in order.
    detached: true,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const pid = await new Promise<number>((resolvePid, reject) => {
    let buffer = '';
    watchdog.stdout?.on('data', (data: Buffer) => {
      buffer += data.toString();
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n') && line) resolvePid(Number(JSON.parse(line).pid));
    });
    watchdog.on('error', reject);
    watchdog.on('exit', (code) => reject(new Error(`watchdog exited with code ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  watchdog.once('exit', () => {
    exited = true;
  });
  while (!(await heartbeat(url, 500)) || exited) {
    if (exited || Date.now() > deadline) {
      watchdog.kill('SIGKILL');
      throw new Error(exited ? 'Chroma exited during start-up' : `no heartbeat after ${START_TIMEOUT_MS} ms`);
    }
    await sleep(100);
  }
  // Neither the watchdog nor its pipes may keep this process alive; the pipe must stay open until we exit.
  watchdog.stdout?.destroy();
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  logger.info({ port, chromaPid: pid, watchdogPid: watchdog.pid }, 'embedded Chroma started');
  return { watchdog, pid, port };
}

export async function startEmbeddedChroma(opts: { dataDir: string; logger: Logger }): Promise<ChromaServerHandle> {
  const logger = opts.logger.child({ component: 'chroma-server' });
  const path = resolve(opts.dataDir, 'chroma');
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new RoundsError(
      ErrorCode.ChromaStartFailed,
      `Cannot use ${path} for embedded Chroma data: ${(error as Error).message}. Set ROUNDS_DATA_DIR to a writable directory.`,
      { cause: error },
    );
  }
  const recordPath = join(path, 'rounds-chroma.json');
  const lockPath = join(path, 'rounds-chroma.lock');

  let spawned: Spawned | undefined;
  let current: { url: string; pid: number; port?: number } | undefined;

  const readRecord = (): ServerRecord | undefined => {
    try {
      const r = JSON.parse(readFileSync(recordPath, 'utf8')) as ServerRecord;
      return Number.isInteger(r.pid) && Number.isInteger(r.port) ? r : undefined;
    } catch {
      return undefined;
    }
  };

  const ensure = async (preferredPort?: number): Promise<void> => {
    await withLock(lockPath, async () => {
      const record = readRecord();
      if (record && isAlive(record.pid) && servesPath(record.pid, path)) {
        const url = `http://127.0.0.1:${record.port}`;
        if (await heartbeat(url)) {
          current = { url, pid: record.pid, port: record.port };
          logger.info({ port: record.port, chromaPid: record.pid }, 'reusing embedded Chroma started by another Rounds process');
          return;
        }
      }
      let lastError: unknown;
      for (let attempt = 0; attempt < 3; attempt++) {
        // Another process may have taken the port between freePort() and Chroma binding it: try a new one.
        const port = attempt === 0 && preferredPort && (await portIsFree(preferredPort)) ? preferredPort : await freePort();
        try {
          spawned = await spawnServer(path, port, logger);
          current = { url: `http://127.0.0.1:${port}`, pid: spawned.pid, port };
          writeFileSync(recordPath, JSON.stringify({ pid: spawned.pid, port, ownerPid: process.pid } satisfies ServerRecord));
          return;
        } catch (error) {
          lastError = error;
          logger.warn({ port, attempt, err: (error as Error).message }, 'embedded Chroma did not start');
        }
      }
      throw new RoundsError(
        ErrorCode.ChromaStartFailed,
        `Could not start embedded Chroma with data in ${path}: ${(lastError as Error)?.message}. ` +
          `Last server log lines:\n${tail(join(path, 'rounds-server.log'))}\n` +
          'Check that the directory is writable and not used by another Chroma, or set CHROMA_URL to use a running server.',
        { cause: lastError },
      );
    });
  };

  try {
    await ensure();
  } catch (error) {
    if (error instanceof RoundsError) throw error;
    throw new RoundsError(ErrorCode.ChromaStartFailed, `Could not start embedded Chroma in ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }

  const handle: ChromaServerHandle = {
    get url() {
      return current!.url;
    },
    get pid() {
      return current!.pid;
    },
    get owned() {
      return spawned !== undefined && spawned.pid === current?.pid;
    },
    async revive() {
      if (current && (await heartbeat(current.url))) return current.url;
      // A live but busy server (a large upsert on a loaded machine) may answer slowly: do not kill it for that.
      for (let i = 0; current && isAlive(current.pid) && i < 3; i++) if (await heartbeat(current.url, 3_000)) return current.url;
      logger.warn({ url: current?.url }, 'embedded Chroma is not answering; starting it again');
      if (spawned) {
        spawned.watchdog.stdin?.destroy();
        spawned = undefined;
      }
      await ensure(current?.port);
      return current!.url;
    },
    async stop() {
      const mine = spawned;
      if (!mine) return;
      spawned = undefined;
      const exited = new Promise<void>((done) => {
        if (mine.watchdog.exitCode !== null || mine.watchdog.signalCode !== null) done();
        else mine.watchdog.once('exit', () => done());
      });
      // Closing the pipe is the stop signal (the same path as a crash), so there is one way to stop.
      mine.watchdog.stdin?.end();
      mine.watchdog.stdin?.destroy();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((done) => {
          timer = setTimeout(() => done(true), 6_000);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        for (const pid of [mine.pid, mine.watchdog.pid]) {
          try {
            if (pid) process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      const record = readRecord();
      if (record?.pid === mine.pid) rmSync(recordPath, { force: true });
      logger.info({ chromaPid: mine.pid }, 'embedded Chroma stopped');
    },
  };
  return handle;
}
