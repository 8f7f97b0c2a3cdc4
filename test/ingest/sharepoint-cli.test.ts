/**
 * `rounds sync sharepoint` as a user runs it: real processes against the local Graph (test/fakes/fake-graph.ts),
 * embedded Chroma, stdout parsed; a sync killed with SIGKILL half-way resumes from its stored link.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FakeGraph } from '../fakes/fake-graph.js';
import { guideline, sharepointFile } from './sharepoint-helpers.js';

const BIN = fileURLToPath(new URL('../../bin/rounds.js', import.meta.url));
let graph: FakeGraph;
let dir: string;
let env: Record<string, string>;
const outputs: string[] = [];

/** Asynchronous: the fake Graph runs in this process, so a blocking spawnSync would starve it. */
function rounds(
  args: string[],
  extraEnv: Record<string, string> = env,
  cwd = dir,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { LOG_LEVEL: _ignored, ...base } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (status) => {
      outputs.push(stdout, stderr);
      resolve({ status, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  graph = await new FakeGraph().start();
  dir = mkdtempSync(join(tmpdir(), 'rounds-sp-cli-'));
  writeFileSync(join(dir, 'rounds.config.yaml'), stringify({ sharepoint: sharepointFile(graph) }));
  env = { ...graph.env(), ROUNDS_DATA_DIR: join(dir, 'data'), KNOWLEDGE_DIR: join(dir, 'knowledge'), LOG_LEVEL: 'info' };
  graph.addFolder('Approved');
  graph.addFolder('Approved/Adult');
  graph.addFile(
    'Approved/Adult/Okapi fever.md',
    guideline('Okapi fever', 'Treatment', 'Treat okapi fever with 40 mg of zorbamycin twice daily.'),
    {
      ReviewDate: '2027-04-01T00:00:00Z',
    },
  );
  graph.addFile('Approved/Adult/Tapir bites.md', guideline('Tapir bites', 'Wound care', 'Irrigate a tapir bite with 500 mL of saline.'));
});

afterAll(async () => {
  await graph?.close();
});

describe('rounds sync sharepoint', () => {
  it('lists what would change with --dry-run, without starting Chroma or storing anything', async () => {
    const r = await rounds(['sync', 'sharepoint', '--dry-run']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('SharePoint library guidelines → document set general (dry run: nothing was changed)');
    expect(r.stdout).toContain('  + Adult/Okapi fever.md (v1.0)');
    expect(r.stdout).toContain('  + Adult/Tapir bites.md (v1.0)');
    expect(r.stdout).toContain('2 changes would be made');
    expect(existsSync(join(dir, 'data', 'chroma'))).toBe(false);
    expect(existsSync(join(dir, 'data', 'sharepoint', 'guidelines', 'state.json'))).toBe(false);
  }, 120_000);

  it('syncs with --json, then answers from the library', async () => {
    const r = await rounds(['sync', 'sharepoint', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { libraries: Array<{ library: string; changes: unknown[]; ingest: { added: number } }> };
    expect(out.libraries).toHaveLength(1);
    expect(out.libraries[0]).toMatchObject({ library: 'guidelines', ingest: { added: 2, removed: 0 } });
    const ask = await rounds(['ask', 'What dose of zorbamycin treats okapi fever?', '--json']);
    expect(ask.status, ask.stderr).toBe(0);
    const a = JSON.parse(ask.stdout) as { text: string; citations: Array<{ docId: string; reviewBy: string }> };
    expect(a.text).toMatch(/40 mg of zorbamycin/);
    expect(a.citations[0]).toMatchObject({ docId: 'guidelines/adult/okapi-fever', reviewBy: '2027-04-01' });
    const again = await rounds(['sync', 'sharepoint']);
    expect(again.stdout).toMatch(/no changes/);
  }, 240_000);

  it('resumes a sync killed half-way (SIGKILL) from its stored link', async () => {
    graph.pageSize = 1;
    graph.updateFile('Approved/Adult/Okapi fever.md', {
      content: guideline('Okapi fever', 'Treatment', 'Treat okapi fever with 60 mg of zorbamycin.'),
    });
    graph.addFile('Approved/Adult/Numbat nutrition.md', guideline('Numbat nutrition', 'Diet', 'Feed a numbat 20,000 termites a day.'));
    graph.fault(/\/root\/delta\?token=\d+\.\d+\.1$/, { kind: 'hold' });
    const { LOG_LEVEL: _ignored, ...base } = process.env;
    const child = spawn(process.execPath, [BIN, 'sync', 'sharepoint'], { cwd: dir, env: { ...base, ...env }, stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (!graph.requests.some((r) => r.status === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const held = graph.requests.find((r) => r.status === 0);
    expect(held, 'the sync reached its second page').toBeDefined();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const state = JSON.parse(readFileSync(join(dir, 'data', 'sharepoint', 'guidelines', 'state.json'), 'utf8')) as { link: string };
    expect(state.link).toMatch(/token=\d+\.\d+\.1$/);

    const from = graph.requests.length;
    const r = await rounds(['sync', 'sharepoint', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(graph.requests.slice(from).find((q) => q.path.includes('/root/delta'))?.path).toBe(held?.path);
    const out = JSON.parse(r.stdout) as { libraries: Array<{ changes: Array<{ kind: string; path: string }> }> };
    expect(out.libraries[0]?.changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual([
      'added Adult/Numbat nutrition.md',
      'updated Adult/Okapi fever.md',
    ]);
    const ask = await rounds(['ask', 'What dose of zorbamycin treats okapi fever?', '--json']);
    expect((JSON.parse(ask.stdout) as { text: string }).text).toMatch(/60 mg of zorbamycin/);
    graph.pageSize = 3;
  }, 240_000);

  it('says what to configure when no library is, and prints no secret or token', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'rounds-sp-bare-'));
    const r = await rounds(['sync', 'sharepoint', '--dry-run'], { ROUNDS_DATA_DIR: join(bare, 'data') }, bare);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/No SharePoint library is configured\. Add sharepoint\.libraries/);
    const text = outputs.join('\n');
    expect(text).not.toContain(graph.clientSecret);
    for (const token of graph.issuedTokens) expect(text).not.toContain(token);
    for (const tempauth of graph.tempauths) expect(text).not.toContain(tempauth);
  });
});
