/**
 * A deployment recalibrates on its own reviewers: 300 synthetic reviewer ratings go through the real SQLite store,
 * the real `rounds calibrate` process writes the config file, and the labels' stated figures then change to the
 * deployment's own, on an answer through the runtime's service and in `rounds ask`. Too few or too noisy ratings
 * are refused with what is missing, and the config file is left alone.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, readConfigFile } from '../../src/config/config.js';
import { CONFIDENCE_MODEL } from '../../src/core/confidence/model.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { DEMO_KNOWLEDGE, REPO_ROOT } from '../helpers/runtime.js';
import { seedRatings, syntheticRatings } from './calibrate-ratings.js';
import { createAnswer, createContext, tempDir } from './factories.js';

// Asked in the ward's default profile (general documents only): the sepsis bundle answers it.
const QUESTION = 'How quickly should IV antibiotics be given for probable sepsis on the ward?';

let tmp: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let configPath: string;
beforeEach(() => {
  tmp = tempDir('rounds-calibrate-');
  configPath = join(tmp.dir, 'rounds.config.yaml');
  writeFileSync(configPath, '# Ward 7 deployment\ndefaultProfile: general\n');
  env = {
    PATH: process.env.PATH ?? '',
    HOME: tmp.dir,
    ROUNDS_DATA_DIR: join(tmp.dir, 'data'),
    ROUNDS_CONFIG: configPath,
    KNOWLEDGE_DIR: DEMO_KNOWLEDGE,
    LOG_LEVEL: 'warn',
  };
});
afterEach(() => tmp.cleanup());

function rounds(args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'rounds.js'), ...args], {
    cwd: tmp.dir,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function seed(ratings: ReturnType<typeof syntheticRatings>, abstentions = 0): Promise<void> {
  const store = openSqliteStore({ path: join(tmp.dir, 'data', 'rounds.db') });
  await seedRatings(store, ratings, abstentions);
  await store.close();
}

async function askThroughService(): Promise<string | undefined> {
  const config = loadConfig(env, tmp.dir);
  const runtime = await createRuntime(config, createLogger({ level: 'silent', format: 'json' }), { autoIngest: 'if-empty' });
  try {
    const answer = await runtime.service.ask({ text: QUESTION, platform: 'web', askerId: 'nurse-1' });
    expect(answer.status).toBe('answered');
    return answer.confidence.measured;
  } finally {
    await runtime.close();
  }
}

describe('rounds calibrate on a deployment', () => {
  it("changes the labels' stated figures to the deployment's own, in the service's answers and in rounds ask", async () => {
    await seed(syntheticRatings(300, 27), 20);
    const before = await askThroughService();
    expect(before).toMatch(/^On (the|\d+) evaluation sets/);
    expect(before).not.toContain('your reviewers');

    const r = rounds(['calibrate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('reviewer ratings: 300 answers given (20 ratings on abstentions not used to fit)');
    expect(r.stdout).toMatch(/judged answers: 300 \(\d+ 👍, \d+ 👎\)/);
    // Before and after, per label, with each approved share's 95% interval.
    expect(r.stdout).toMatch(/ {2}medium +\d+ {2}\d+% \(\d+%–\d+%\) +\d+ {2}\d+% \(\d+%–\d+%\)/);
    const today = new Date().toISOString().slice(0, 10);
    const source = `on 300 answers your reviewers rated (calibrated ${today})`;
    expect(r.stdout).toContain(`the labels will state figures measured ${source}`);

    const text = readFileSync(configPath, 'utf8');
    expect(text).toContain('# Ward 7 deployment');
    const written = readConfigFile(configPath).confidence;
    expect(written.measuredOn).toBe(source);
    expect(written.measuredAs).toBe('reviewer_approved');
    expect(written.thresholds).not.toEqual(CONFIDENCE_MODEL.thresholds);
    expect(written.measured?.insufficient).toMatchObject({ n: 20, precision: 0.8 });

    // The next answer states the deployment's own figure for its label, and says where it was measured.
    const after = await askThroughService();
    const label = after?.match(/% of (\w+)-confidence answers/)?.[1] as 'high' | 'medium' | 'low';
    const figure = written.measured?.[label];
    expect(figure, after).toBeDefined();
    const pct = (x: number) => Math.round(x * 100);
    expect(after).toBe(
      `On 300 answers your reviewers rated (calibrated ${today}), ${pct(figure!.precision)}% of ${label}-confidence answers were approved by a reviewer (${figure!.n} answers; 95% interval ${pct(figure!.low!)}–${pct(figure!.high!)}%).`,
    );

    const ask = rounds(['ask', QUESTION]);
    expect(ask.code, ask.stderr).toBe(0);
    expect(ask.stdout).toContain(`   ${after}\n`);
  }, 240_000);

  it('refuses too few ratings with the shortfall, and too noisy ones with the ratings needed, leaving the config alone', async () => {
    // 40 wrong answers just above the abstention line, 30 in Medium on which reviewers split, 50 sure ones.
    const rate = async (n: number, score: (i: number) => number, approved: (i: number) => boolean) => {
      const store = openSqliteStore({ path: join(tmp.dir, 'data', 'rounds.db') });
      for (let i = 0; i < n; i += 1) {
        const answer = createAnswer({ score: score(i), label: 'medium' });
        await store.recordAnswer(answer, createContext());
        await store.rate({ answerId: answer.id, raterId: 'R1', value: approved(i) ? 'up' : 'down', role: 'reviewer' });
      }
      await store.close();
    };
    const t = CONFIDENCE_MODEL.thresholds;
    await rate(
      40,
      (i) => t.low + ((t.medium - t.low) * (i + 1)) / 50,
      () => false,
    );
    await rate(
      30,
      (i) => t.medium + ((t.high - t.medium) * (i + 1)) / 35,
      (i) => i % 2 === 0,
    );
    await rate(
      50,
      (i) => t.high + (1 - t.high) * (i / 200),
      () => true,
    );
    const few = rounds(['calibrate']);
    expect(few.code).toBe(1);
    expect(few.stderr).toContain(
      'Not written. Not enough ratings to calibrate on: 120 rated answers (55 👎) of the 200 (at least 30 👎) needed: 80 more rated answers needed.',
    );
    expect(readFileSync(configPath, 'utf8')).toBe('# Ward 7 deployment\ndefaultProfile: general\n');

    // Enough ratings now, but Medium still holds only the 30 reviewers split on: its figure would be a guess.
    await rate(
      100,
      (i) => t.high + (1 - t.high) * ((50 + i) / 200),
      () => true,
    );
    const noisy = rounds(['calibrate']);
    expect(noisy.code).toBe(1);
    expect(noisy.stderr).toMatch(
      /Not written\. The figures are too uncertain to state: the medium label's approved share, 50% \(95% interval 33%–67%, 30 answers\), is known only to within ±[\d.]+ points; a label may state a figure known to within ±10\. About \d+ more rated Medium answers are needed: at this mix of labels, about \d+ more rated answers/,
    );
    expect(readFileSync(configPath, 'utf8')).toBe('# Ward 7 deployment\ndefaultProfile: general\n');
    const dry = rounds(['calibrate', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: config not written; without --dry-run this would be refused.');
  }, 120_000);
});
