/**
 * `rounds ingest` end to end, as a user runs it: a real process, embedded Chroma, stdout parsed.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyFixture, tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/rounds.js', import.meta.url));

function rounds(args: string[], env: Record<string, string>) {
  const { LOG_LEVEL: _ignored, ...base } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...base, ...env }, encoding: 'utf8', timeout: 90_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('rounds ingest', () => {
  it('prints exactly one JSON object with --json, and nothing changes on a second run', async () => {
    const dataDir = tempDir('rounds-cli-');
    const kb = copyFixture('kb');
    writeFileSync(join(kb, 'broken.md'), '---\ntitle: [oops\n---\n# Broken\n');
    const env = { ROUNDS_DATA_DIR: dataDir, KNOWLEDGE_DIR: kb };
    const first = rounds(['ingest', '--json'], env);
    expect(first.status, first.stderr).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!);
    expect(Object.keys(summary)).toEqual(['added', 'updated', 'removed', 'unchanged', 'failed', 'chunks', 'manuals', 'seconds']);
    expect(summary).toMatchObject({ added: 8, updated: 0, removed: 0, unchanged: 0 });
    expect(summary.failed).toEqual([{ path: 'broken.md', reason: expect.stringMatching(/^bad front matter/) }]);
    expect(summary.chunks).toBeGreaterThan(8);

    const second = rounds(['ingest', kb, '--json'], env);
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 8, chunks: summary.chunks });

    const readable = rounds(['ingest', kb], env);
    expect(readable.status).toBe(0);
    expect(readable.stdout).toMatch(/unchanged 8/);
    expect(readable.stdout).toMatch(/broken\.md: bad front matter/);
  }, 240_000);

  it('exits non-zero when nothing could be ingested, and explains why', () => {
    const dir = tempDir('rounds-cli-bad-');
    writeFileSync(join(dir, 'empty.md'), '');
    const result = rounds(['ingest', dir, '--json'], { ROUNDS_DATA_DIR: tempDir('rounds-cli-') });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).failed).toEqual([{ path: 'empty.md', reason: 'empty file' }]);
    expect(result.stderr).toMatch(/nothing could be ingested/);
  }, 90_000);

  it('exits non-zero with a Chroma error naming the URL when CHROMA_URL is unreachable', () => {
    const result = rounds(['ingest', copyFixture('kb')], { ROUNDS_DATA_DIR: tempDir('rounds-cli-'), CHROMA_URL: 'http://127.0.0.1:9' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('http://127.0.0.1:9');
    expect(result.stderr).toContain('rounds_chroma_unavailable');
  }, 90_000);

  it('has --help', () => {
    const result = rounds(['ingest', '--help'], {});
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--rebuild');
    expect(result.stdout).toContain('--json');
  });
});
