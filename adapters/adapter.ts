/**
 * The shape every platform adapter has (Slack, Teams, web), like Bolt's Receiver: routes on the shared HTTP
 * server plus start/stop for anything long-lived (Socket Mode, queues). A later move of Teams to the
 * Microsoft 365 Agents SDK only has to produce another PlatformAdapter.
 */
import type { Config } from '../src/config/config.js';
import type { SharedStateStore } from '../src/core/ports.js';
import type { RoundsService } from '../src/core/service.js';
import type { Logger } from '../src/logger.js';
import type { Route } from './http/server.js';

export interface AdapterDeps {
  service: RoundsService;
  config: Config;
  logger: Logger;
  /** State shared by every instance (the PostgreSQL store); unset for one instance: dedupe stays in memory. */
  shared?: SharedStateStore;
}

export interface PlatformAdapter {
  readonly name: 'slack' | 'teams' | 'web';
  readonly routes: Route[];
  start(): Promise<void>;
  stop(): Promise<void>;
}
