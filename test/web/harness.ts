/** Starts the web adapter on the real shared HTTP server (random port, temp dir) and captures the log lines. */
export { freePort } from '../helpers/free-port.js';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer } from '../../adapters/http/server.js';
import { createWebAdapter } from '../../adapters/web/index.js';
import { createMetrics, type Metrics } from '../../adapters/web/metrics.js';
import { type Config, loadConfig } from '../../src/config/config.js';
import type { RoundsService } from '../../src/core/service.js';
import type { Logger } from '../../src/logger.js';
import { captureLogger } from '../helpers/capture-logger.js';

export const SECRET = 'review-secret-for-tests-0123456789';

export interface WebHarness {
  url: string;
  logs: string[];
  metrics: Metrics;
  /** The instrumented service the adapter uses. */
  service: RoundsService;
  config: Config;
  close(): Promise<void>;
}

/** Builds a service from the harness's config (e.g. the real runtime); close() runs when the harness closes. */
export type ServiceFactory = (config: Config, logger: Logger) => Promise<{ service: RoundsService; close(): Promise<void> }>;

export interface WebOptions {
  /** Listen on this port (the OIDC tests register the redirect URL before the server starts); random by default. */
  port?: number;
  /** Clock for review-console sessions. */
  now?: () => number;
}

export async function startWeb(
  serviceOrFactory: RoundsService | ServiceFactory,
  env: Record<string, string> = {},
  opts: WebOptions = {},
): Promise<WebHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-web-'));
  const config = loadConfig({ ROUNDS_DATA_DIR: join(dir, 'data'), REVIEW_SECRET: SECRET, ...env }, dir);
  const { logger, logs } = captureLogger();
  const built =
    typeof serviceOrFactory === 'function' ? await serviceOrFactory(config, logger) : { service: serviceOrFactory, close: async () => {} };
  const metrics = createMetrics();
  const wrapped = metrics.instrument(built.service);
  const adapter = createWebAdapter({ service: wrapped, config, logger, metrics, ...(opts.now ? { now: opts.now } : {}) });
  await adapter.start();
  const http = await startHttpServer({ routes: adapter.routes, port: opts.port ?? 0, host: '127.0.0.1', logger });
  return {
    url: http.url,
    logs,
    metrics,
    service: wrapped,
    config,
    close: async () => {
      await adapter.stop();
      await http.close();
      await built.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
