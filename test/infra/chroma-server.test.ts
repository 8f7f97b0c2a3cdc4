/**
 * Embedded Chroma lifecycle: start, reuse by a second Rounds process, take-over, no orphan after SIGKILL.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { heartbeat, startEmbeddedChroma } from '../../src/infra/chroma-server.js';
import { isAlive, silentLogger, tempDir, waitFor } from '../ingest/helpers.js';

const HOLDER = fileURLToPath(new URL('../fixtures/ingest/hold-chroma.ts', import.meta.url));

/** Every live process whose command line names this path (Chroma and its watchdog both do). */
function processesUsing(path: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(path)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

describe('startEmbeddedChroma', () => {
  it('starts on a loopback port, records it, and a second process reuses it without owning it', async () => {
    const dataDir = tempDir('rounds-chroma-');
    const first = await startEmbeddedChroma({ dataDir, logger: silentLogger });
    try {
      expect(first.owned).toBe(true);
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await heartbeat(first.url)).toBe(true);
      const record = JSON.parse(readFileSync(join(dataDir, 'chroma', 'rounds-chroma.json'), 'utf8'));
      expect(record).toMatchObject({ pid: first.pid, ownerPid: process.pid });
      expect(existsSync(join(dataDir, 'chroma', 'chroma.sqlite3'))).toBe(true);

      const second = await startEmbeddedChroma({ dataDir, logger: silentLogger });
      expect(second.owned).toBe(false);
      expect(second.url).toBe(first.url);
      await second.stop();
      expect(await heartbeat(first.url)).toBe(true);

      // The owner goes away: the other process takes over with a server of its own.
      await first.stop();
      expect(await waitFor(() => !isAlive(first.pid))).toBe(true);
      expect(existsSync(join(dataDir, 'chroma', 'rounds-chroma.json'))).toBe(false);
      const url = await second.revive();
      expect(await heartbeat(url)).toBe(true);
      expect(second.owned).toBe(true);
      expect(second.pid).not.toBe(first.pid);
      await second.stop();
      expect(await waitFor(() => !isAlive(second.pid))).toBe(true);
    } finally {
      await first.stop();
    }
  });

  it('leaves no Chroma process behind when the Rounds process is killed with SIGKILL', async () => {
    const dataDir = tempDir('rounds-orphan-');
    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
    });
    const handle = JSON.parse(line) as { pid: number; url: string; owned: boolean };
    expect(handle.owned).toBe(true);
    expect(await heartbeat(handle.url)).toBe(true);
    const path = join(dataDir, 'chroma');
    expect(processesUsing(path).length).toBe(2); // watchdog + Chroma

    child.kill('SIGKILL');
    expect(await waitFor(() => !isAlive(handle.pid), 15_000)).toBe(true);
    expect(await waitFor(() => processesUsing(path).length === 0, 5_000)).toBe(true);
    expect(await heartbeat(handle.url)).toBe(false);
  });

  it('fails with a clear error when the data directory cannot be used', async () => {
    // A file where the data directory should be (not /proc: Node's recursive mkdir loops forever there).
    const file = join(tempDir('rounds-notdir-'), 'not-a-dir');
    writeFileSync(file, 'x');
    const error = await startEmbeddedChroma({ dataDir: file, logger: silentLogger }).catch((e) => e);
    expect(error.code).toBe('rounds_chroma_start_failed');
    expect(error.message).toContain(file);
    expect(error.message).toContain('ROUNDS_DATA_DIR');
  });
});
