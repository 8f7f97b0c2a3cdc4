/** Starts the web adapter on the real shared HTTP server (random port, temp dir) and captures the log lines. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startHttpServer } from '../../adapters/http/server.js';
import { createWebAdapter } from '../../adapters/web/index.js';
import { createMetrics, type Metrics } from '../../adapters/web/metrics.js';
import { loadConfig } from '../../src/config/config.js';
import type { RoundsService } from '../../src/core/service.js';
import { createLogger } from '../../src/logger.js';

export const SECRET = 'review-secret-for-tests-0123456789';

export interface WebHarness {
  url: string;
  logs: string[];
  metrics: Metrics;
  service: RoundsService;
  close(): Promise<void>;
}

export async function startWeb(service: RoundsService, env: Record<string, string> = {}): Promise<WebHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-web-'));
  const config = loadConfig({ ROUNDS_DATA_DIR: join(dir, 'data'), REVIEW_SECRET: SECRET, ...env }, dir);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const metrics = createMetrics();
  const wrapped = metrics.instrument(service);
  const adapter = createWebAdapter({ service: wrapped, config, logger, metrics });
  await adapter.start();
  const http = await startHttpServer({ routes: adapter.routes, port: 0, host: '127.0.0.1', logger });
  return {
    url: http.url,
    logs,
    metrics,
    service: wrapped,
    close: async () => {
      await adapter.stop();
      await http.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
