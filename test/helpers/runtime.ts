/**
 * A real Rounds runtime for integration tests: embedded Chroma on a free port in a temp data dir, the demo
 * knowledge pack ingested, a real SQLite store. Each call is independent; always `await rt.cleanup()`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/config.js';
import type { Clock, Llm } from '../../src/core/ports.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const DEMO_KNOWLEDGE = join(REPO_ROOT, 'knowledge');

export interface TestRuntimeOptions {
  /** Extra environment variables (e.g. SLACK_BOT_TOKEN, REVIEW_SECRET). */
  env?: Record<string, string>;
  /** Contents of rounds.config.yaml (profiles, reviewers, thresholds...). */
  file?: Record<string, unknown>;
  knowledgeDir?: string;
  llm?: Llm;
  clock?: Clock;
}

export interface TestRuntime extends Runtime {
  dataDir: string;
  cleanup(): Promise<void>;
}

export async function createTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-test-'));
  if (options.file) writeFileSync(join(dir, 'rounds.config.yaml'), stringify(options.file));
  const config = loadConfig(
    {
      ROUNDS_DATA_DIR: join(dir, 'data'),
      KNOWLEDGE_DIR: options.knowledgeDir ?? DEMO_KNOWLEDGE,
      LOG_LEVEL: 'silent',
      ...options.env,
    },
    dir,
  );
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', format: 'json' });
  const runtime = await createRuntime(config, logger, {
    autoIngest: 'always',
    ...(options.llm ? { llm: options.llm } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...runtime,
    dataDir: config.dataDir,
    cleanup: async () => {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
