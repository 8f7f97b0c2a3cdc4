/**
 * Starts the real Teams adapter on the real shared HTTP server (port 0), a fake Bot Framework connector, and the
 * real SQLite store in a temp dir. Logs are captured so tests can check that no question text reaches them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HttpServerHandle, startHttpServer } from '../../adapters/http/server.js';
import { createTeamsAdapter, type TeamsAdapterOptions } from '../../adapters/teams/index.js';
import { type Config, loadConfig } from '../../src/config/config.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { type FakeConnector, startFakeConnector } from './fake-connector.js';
import { createFakeService, type FakeService } from './fake-service.js';

export interface TeamsHarness {
  url: string;
  connector: FakeConnector;
  service: FakeService;
  config: Config;
  logs: string[];
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  postRaw(body: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startTeamsHarness(
  options: { env?: Record<string, string>; configYaml?: string; turn?: TeamsAdapterOptions } = {},
): Promise<TeamsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-teams-'));
  if (options.configYaml) writeFileSync(join(dir, 'rounds.config.yaml'), options.configYaml);
  const config = loadConfig({ HOST: '127.0.0.1', ROUNDS_DATA_DIR: join(dir, 'data'), ...options.env }, dir);
  const { logger, logs } = captureLogger();
  const store = openSqliteStore({ path: join(dir, 'data', 'rounds.sqlite') });
  const service = createFakeService(config, store);
  const adapter = createTeamsAdapter({ service, config, logger }, { typingIntervalMs: 50, ...options.turn });
  await adapter.start();
  const connector = await startFakeConnector();
  const server: HttpServerHandle = await startHttpServer({ routes: adapter.routes, port: 0, host: '127.0.0.1', logger });
  const postRaw = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, body: await res.text() };
  };
  return {
    url: server.url,
    connector,
    service,
    config,
    logs,
    post: (activity, headers) => postRaw(JSON.stringify(activity), headers),
    postRaw,
    async close() {
      await adapter.stop();
      await server.close();
      await connector.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
