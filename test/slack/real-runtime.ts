/** The real runtime as a Slack harness service (kept apart so unit tests of the harness do not load it). */
import type { Config } from '../../src/config/config.js';
import type { RoundsService } from '../../src/core/service.js';
import type { Logger } from '../../src/logger.js';
import { createRuntime } from '../../src/runtime.js';

/** Embedded or CHROMA_URL Chroma, SQLite, and the knowledge folder ingested at start. */
export async function realRuntime(config: Config, logger: Logger): Promise<{ service: RoundsService; close(): Promise<void> }> {
  const runtime = await createRuntime(config, logger, { autoIngest: 'always' });
  return { service: runtime.service, close: () => runtime.close() };
}
