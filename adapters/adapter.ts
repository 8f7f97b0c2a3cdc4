/**
 * The shape every platform adapter has (Slack, Teams, web), like Bolt's Receiver: routes on the shared HTTP
 * server plus start/stop for anything long-lived (Socket Mode, queues). A later move of Teams to the
 * Microsoft 365 Agents SDK only has to produce another PlatformAdapter.
 */
import type { Config } from '../src/config/config.js';
import type { RoundsService } from '../src/core/service.js';
import type { Logger } from '../src/logger.js';
import type { Route } from './http/server.js';

export interface AdapterDeps {
  service: RoundsService;
  config: Config;
  logger: Logger;
}

export interface PlatformAdapter {
  readonly name: 'slack' | 'teams' | 'web';
  readonly routes: Route[];
  start(): Promise<void>;
  stop(): Promise<void>;
}
