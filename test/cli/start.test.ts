/**
 * `rounds start` as a newcomer sees it in one terminal (stdout and stderr in one stream, in write order): the
 * ingest and migration lines first, then "Rounds is ready" exactly once.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/runtime.js';
import { FIXTURES } from '../ingest/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'rounds-start-'));
afterAll(() => (process.env.KEEP ? undefined : rmSync(dir, { recursive: true, force: true })));

async function startUntilReady(format: 'pretty' | 'json'): Promise<string> {
  const out = join(dir, `start-${format}.log`);
  const fd = openSync(out, 'w');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'rounds.js'), 'start'], {
    cwd: dir,
    stdio: ['ignore', fd, fd],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      ROUNDS_DATA_DIR: join(dir, `data-${format}`),
      KNOWLEDGE_DIR: join(FIXTURES, 'kb'),
      ROUNDS_CONFIG: join(REPO_ROOT, 'rounds.config.yaml'),
      PORT: '0',
      LOG_FORMAT: format,
      LOG_LEVEL: 'info',
    },
  });
  closeSync(fd);
  const deadline = Date.now() + 90_000;
  while (!readFileSync(out, 'utf8').includes('Press Ctrl+C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return readFileSync(out, 'utf8');
}

describe('rounds start', () => {
  it.each(['pretty', 'json'] as const)(
    'says it is ready once, after ingest and migrations (%s logs)',
    async (format) => {
      const text = await startUntilReady(format);
      expect(text.match(/Rounds is ready/g), text).toHaveLength(1);
      const ready = text.indexOf('Rounds is ready');
      for (const earlier of ['knowledge base ingested', 'feedback store migrated', 'embedded Chroma started']) {
        expect(text.indexOf(earlier), `${earlier}\n${text}`).toBeGreaterThan(-1);
        expect(text.indexOf(earlier)).toBeLessThan(ready);
      }
      expect(text).toMatch(/Playground: {5}http:\/\/127\.0\.0\.1:\d+\//);
      if (format === 'json') {
        for (const line of text.split('\n').filter((l) => l.startsWith('{'))) {
          expect(line.match(/"pid":/g) ?? [], line).toHaveLength(1);
        }
      }
    },
    120_000,
  );
});
