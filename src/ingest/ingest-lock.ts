/**
 * One ingest at a time per collection and data directory. Two concurrent runs would each mirror the folder and
 * delete what the other just wrote; the second one is refused with who holds the lock. The lock is a file
 * created exclusively (O_EXCL) holding the owner's pid, host and start time. A lock left by a process that is
 * gone (killed, crashed, power cut) on this host is taken over; one held by a live process never is.
 *
 * It protects writers that share a data directory (the embedded default, and every process on one host). Hosts
 * that ingest into one remote Chroma (CHROMA_URL) do not share it: run ingest from one place.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { ErrorCode, RoundsError } from '../core/errors.js';
import { isAlive } from '../infra/process-alive.js';

interface LockOwner {
  pid: number;
  host: string;
  started: string;
}

export function ingestLockPath(dataDir: string, collection: string): string {
  return join(dataDir, 'locks', `${collection}.ingest.lock`);
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string') {
      return { pid: owner.pid, host: owner.host, started: String(owner.started ?? '?') };
    }
  } catch {
    // missing, or half written by a process that died while creating it
  }
  return undefined;
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Takes the lock or throws RoundsError(IngestBusy); returns the release function. */
export function acquireIngestLock(path: string, collection: string): () => void {
  mkdirSync(dirname(path), { recursive: true });
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      // An unreadable lock is one being written this instant, or left half written by a process that died
      // doing so: stale once it is a few seconds old.
      const stale = owner ? owner.host === me.host && !isAlive(owner.pid) : ageMs(path) > 5_000;
      if (stale) {
        rmSync(path, { force: true });
        continue;
      }
      const who = owner ? `process ${owner.pid} on ${owner.host}, started ${owner.started}` : 'another process';
      throw new RoundsError(
        ErrorCode.IngestBusy,
        `Another ingest is writing collection ${collection} (${who}). Wait for it to finish and run again. ` +
          `If that process is gone, delete ${path}.`,
      );
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    return () => {
      if (readOwner(path)?.pid === me.pid) rmSync(path, { force: true });
    };
  }
  throw new RoundsError(ErrorCode.IngestBusy, `Could not take the ingest lock ${path}: other processes keep taking it.`);
}
