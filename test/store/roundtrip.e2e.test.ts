/**
 * The export → eval round trip end to end: a real runtime (embedded Chroma, demo knowledge, SQLite) answers and
 * records questions, a configured reviewer rates them through the service, then the real CLI exports the ratings
 * (`rounds feedback export`), re-runs them (`rounds eval --questions`), reports (`rounds feedback report`) and
 * calibrates (`rounds calibrate`) against the same data directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQuestions } from '../../src/eval/eval-set.js';
import type { ExportedQuestion } from '../../src/store/export.js';
import { createTestRuntime, DEMO_KNOWLEDGE, REPO_ROOT } from '../helpers/runtime.js';

let dir = '';
let dataDir = '';

function rounds(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'rounds.js'), ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? dir,
        ROUNDS_DATA_DIR: dataDir,
        KNOWLEDGE_DIR: DEMO_KNOWLEDGE,
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Questions the demo knowledge answers (and one it must not). Which ones clear the confidence threshold depends
// on the RAG core's tuning, so the test takes the first two that were answered rather than hard-coding them.
const CANDIDATES = [
  'What does new confusion score on the early warning score?',
  'What NEWS2 score needs an emergency response from critical care outreach?',
  'Do we still screen for sepsis with qSOFA?',
  'Quels sont les éléments du bundle de la première heure dans le sepsis ?',
  'How quickly should IV antibiotics be given for probable sepsis on the ward?',
];
const MUST_ABSTAIN = [
  'What is the vancomycin dose for a 3-year-old child?',
  'How do I titrate an unfractionated heparin infusion to the APTT ratio?',
  'What is the pembrolizumab dose for metastatic melanoma?',
];
const asked = { answered: '', rejected: '', abstained: '', answeredDocs: [] as string[] };

beforeAll(async () => {
  const rt = await createTestRuntime({ file: { reviewers: { web: ['rev-1'] } } });
  dataDir = rt.dataDir;
  dir = dirname(rt.dataDir);
  const answered: { id: string; text: string; docs: string[] }[] = [];
  for (const text of CANDIDATES) {
    const a = await rt.service.ask({ text, platform: 'web', askerId: 'nurse-1' });
    if (a.status === 'answered') answered.push({ id: a.id, text, docs: [...new Set(a.citations.map((c) => c.docId))] });
  }
  let abstained: { id: string; text: string } | undefined;
  for (const text of MUST_ABSTAIN) {
    const a = await rt.service.ask({ text, platform: 'web', askerId: 'nurse-1' });
    if (a.status === 'insufficient_evidence') {
      abstained = { id: a.id, text };
      break;
    }
  }
  if (answered.length < 2 || !abstained) {
    throw new Error(`demo knowledge: expected 2 answered questions and 1 abstention, got ${answered.length} and ${abstained ? 1 : 0}`);
  }
  const [good, rejected] = answered as [(typeof answered)[0], (typeof answered)[0]];
  Object.assign(asked, { answered: good.text, rejected: rejected.text, abstained: abstained.text, answeredDocs: good.docs });
  await rt.service.rate({ answerId: good.id, raterId: 'rev-1', value: 'up', platform: 'web' });
  await rt.service.rate({ answerId: rejected.id, raterId: 'rev-1', value: 'down', reason: 'missing_information', platform: 'web' });
  await rt.service.rate({ answerId: abstained.id, raterId: 'rev-1', value: 'up', platform: 'web' });
  // Not a reviewer: left out by --reviewers-only.
  await rt.service.rate({ answerId: good.id, raterId: 'nurse-1', value: 'down', reason: 'other', platform: 'web' });
  // Close (stops embedded Chroma) but keep the data directory for the CLI runs.
  await rt.close();
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('export → eval round trip through the CLI', () => {
  it('exports reviewer ratings as questions.jsonl, and rounds eval re-runs them against the knowledge base', async () => {
    const exported = await rounds(['feedback', 'export', '--reviewers-only', '--out', 'questions.jsonl']);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('wrote 3 questions (2 👍, 1 👎; 0 with a reference answer from a person)');
    const lines = readFileSync(join(dir, 'questions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExportedQuestion);
    const byQuestion = new Map(lines.map((q) => [q.question, q]));
    const good = byQuestion.get(asked.answered)!;
    expect(good).toMatchObject({ rating: 'up', expected_status: 'answered', reviewed: true, relevant: asked.answeredDocs });
    expect(good.relevant.length).toBeGreaterThan(0);
    expect(byQuestion.get(asked.rejected)).toMatchObject({ rating: 'down', reasons: ['missing_information'], relevant: [] });
    expect(byQuestion.get(asked.abstained)).toMatchObject({ rating: 'up', relevant: [], expected_status: 'insufficient_evidence' });
    expect(readQuestions(join(dir, 'questions.jsonl'))).toHaveLength(3);

    const evaluated = await rounds(['eval', '--questions', 'questions.jsonl', '--out', 'results.json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      questions: { id: string; answerable: boolean; status: string; cited_relevant: boolean; score: number }[];
    };
    const byId = new Map(results.questions.map((q) => [q.id, q]));
    // Same knowledge base and settings: the approved answer is reproduced with a relevant citation,
    // and the approved abstention is an abstention again.
    expect(byId.get(good.id)).toMatchObject({ answerable: true, status: 'answered', cited_relevant: true });
    expect(byId.get(byQuestion.get(asked.abstained)!.id)).toMatchObject({ answerable: false, status: 'insufficient_evidence' });
  }, 180_000);

  it('writes the HTML report and a terminal summary', async () => {
    const reported = await rounds(['feedback', 'report', '--out', 'report.html']);
    expect(reported.code, reported.stderr).toBe(0);
    expect(reported.stdout).toMatch(/answers \d+ · rated 3 · ratings 4 \(reviewers 3\)/);
    // The reviewer's 👎 and the asker's 👎 ("other") on the answer the reviewer approved: both need a look.
    expect(reported.stdout).toContain('needing review: 2');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(asked.rejected.replace(/'/g, '&#39;'));
    expect(html).toContain(asked.answeredDocs[0]);
  }, 60_000);

  it('calibrates from reviewer ratings and eval results, and refuses bad input clearly', async () => {
    expect(existsSync(join(dir, 'results.json'))).toBe(true);
    const dry = await rounds(['calibrate', '--eval', 'results.json', '--min-samples', '2', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('reviewer ratings: 2 answers given (1 rating on abstentions not used to fit)');
    expect(dry.stdout).toContain('eval results results.json: 3 questions');
    expect(dry.stdout).toMatch(/judged answers: 5 /);
    // Five judged answers are far short of the minimum a deployment calibrates on: the dry run says it would refuse.
    expect(dry.stdout).toContain('dry run: config not written; without --dry-run this would be refused.');
    expect(dry.stdout).toMatch(
      /Not enough ratings to calibrate on: 5 rated answers \(\d 👎\) of the 200 \(at least 30 👎\) needed: 195 more/,
    );

    const bad = await rounds(['calibrate', '--eval', 'questions.jsonl']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Cannot read eval results|not a `rounds eval --out` result file/);
    const badSince = await rounds(['feedback', 'export', '--since', 'last tuesday', '--out', 'x.jsonl']);
    expect(badSince.code).toBe(1);
    expect(badSince.stderr).toContain('--since "last tuesday" is not a date');
    const noStore = await rounds(['feedback', 'report'], { ROUNDS_DATA_DIR: join(dir, 'elsewhere') });
    expect(noStore.code, noStore.stdout + noStore.stderr).toBe(1);
    expect(noStore.stderr).toMatch(/No feedback store at .*elsewhere.*rounds\.db yet.*\[rounds_store_failed\]/);
    expect(existsSync(join(dir, 'elsewhere', 'rounds.db'))).toBe(false);
  }, 60_000);
});
