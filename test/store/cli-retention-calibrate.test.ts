/**
 * `rounds feedback purge` and `rounds calibrate` as an operator runs them on a fresh deployment: a real process,
 * a real SQLite store, the config file on disk.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/config/config.js';
import { CONFIDENCE_MODEL } from '../../src/core/confidence/model.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { REPO_ROOT } from '../helpers/runtime.js';
import { createAnswer, createContext, tempDir } from './factories.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function rounds(args: string[], config: string) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'rounds.js'), ...args], {
    cwd: tmp.dir,
    env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, ROUNDS_DATA_DIR: join(tmp.dir, 'data'), ROUNDS_CONFIG: config, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function seedStore(): Promise<void> {
  const store = openSqliteStore({ path: join(tmp.dir, 'data', 'rounds.db') });
  await store.recordAnswer(createAnswer({ createdAt: '2025-01-01T09:00:00.000Z' }), createContext());
  await store.recordAnswer(createAnswer({ createdAt: new Date().toISOString() }), createContext());
  await store.close();
}

describe('rounds feedback purge', () => {
  it('on a config with no retention period, purges nothing and says what is kept and exactly what to add', async () => {
    await seedStore();
    const config = join(tmp.dir, 'rounds.config.yaml');
    writeFileSync(config, 'defaultProfile: general\n');
    const r = rounds(['feedback', 'purge'], config);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No retention period is configured, so nothing was purged');
    expect(r.stderr).toContain('(the store holds 2 answers, 2 with their text)');
    expect(r.stderr).toContain(`add to ${config}:\n\nretention:\n  days: 365\n`);

    // Following the message works.
    writeFileSync(config, 'defaultProfile: general\nretention:\n  days: 365\n');
    const purged = rounds(['feedback', 'purge'], config);
    expect(purged.code, purged.stderr).toBe(0);
    expect(purged.stdout).toContain('retention 365 days: purged 1 answers and 0 comments now; 1 of 2 answers have their text purged');
  }, 60_000);
});

describe('rounds calibrate', () => {
  it('keeps thresholds that the eval cannot tell apart, says why, and still writes the figures measured under them', () => {
    // An eval where everything above the abstention line was right: the fit puts high on medium.
    // The thresholds in force (the shipped model's): the eval was run with them.
    const under = CONFIDENCE_MODEL.thresholds;
    const questions = [
      // Half in the low band, half in the medium band, none at high.
      ...Array.from({ length: 220 }, (_, i) => ({
        id: `a${i}`,
        answerable: true,
        score:
          Math.round(
            (i < 110
              ? under.low + 0.002 + (i / 110) * (under.medium - under.low - 0.004)
              : under.medium + 0.0005 + ((i - 110) / 110) * (under.high - under.medium - 0.001)) * 10000,
          ) / 10000,
        status: 'answered',
        cited_relevant: true,
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        id: `u${i}`,
        answerable: false,
        score: 0.1 + i * 0.01,
        status: 'insufficient_evidence',
        cited_relevant: false,
      })),
    ].map((q) => ({
      ...q,
      label: q.score >= under.high ? 'high' : q.score >= under.medium ? 'medium' : q.score >= under.low ? 'low' : 'insufficient',
    }));
    writeFileSync(join(tmp.dir, 'results.json'), JSON.stringify({ config: { thresholds: under }, questions }));
    const config = join(tmp.dir, 'rounds.config.yaml');
    writeFileSync(config, '# ward 7\ndefaultProfile: general\n');

    const dry = rounds(['calibrate', '--eval', 'results.json', '--dry-run'], config);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run: config not written');
    // "before" counts the labels the eval gave.
    for (const label of ['high', 'medium', 'low', 'insufficient']) {
      const n = questions.filter((q) => q.label === label).length;
      expect(dry.stdout).toMatch(new RegExp(`\\n  ${label}\\s+${n}\\s`));
    }
    expect(readFileSync(config, 'utf8')).toBe('# ward 7\ndefaultProfile: general\n');

    const real = rounds(['calibrate', '--eval', 'results.json'], config);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain(
      `thresholds kept at ${under.high}/${under.medium}/${under.low}: the fitted ones would collapse the labels (high would equal medium`,
    );
    const written = readConfigFile(config).confidence;
    expect(written.thresholds).toEqual(under);
    expect(written.measuredOn).toMatch(/^on 260 evaluation questions \(calibrated \d{4}-\d{2}-\d{2}\)$/);
    expect(written.measuredAs).toBe('cited_relevant');
    const medium = questions.filter((q) => q.label === 'medium').length;
    expect(written.measured?.medium).toMatchObject({ precision: 1, n: medium });
    expect(readFileSync(config, 'utf8')).toMatch(/^# ward 7\ndefaultProfile: general\n/);
  }, 60_000);
});
