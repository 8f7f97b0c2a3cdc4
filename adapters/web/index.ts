/**
 * The web adapter: playground (/ and /api/*), reviewer console (/review*), /healthz and /metrics, all as routes
 * on the shared HTTP server (which listens on HOST, loopback by default). Nothing long-lived to start.
 */
import { deploymentConfidence } from '../../src/config/confidence.js';
import type { ReviewSessionStore } from '../../src/store/review-sessions.js';
import type { AdapterDeps, PlatformAdapter } from '../adapter.js';
import type { Route } from '../http/server.js';
import type { Metrics } from './metrics.js';
import { opsRoutes } from './ops-routes.js';
import { playgroundRoutes } from './playground-routes.js';
import { reportChartsFor } from './report-section.js';
import { reviewRoutes } from './review-routes.js';

export type { Metrics } from './metrics.js';
export { createMetrics } from './metrics.js';

/** One year, the value HSTS preload lists ask for; sent only when the configured public URL is https. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/** Adds Strict-Transport-Security to every response of these routes (headers set here merge into writeHead). */
function withHsts(routes: Route[]): Route[] {
  return routes.map((r) => ({
    ...r,
    handler: (req, res) => {
      res.setHeader('strict-transport-security', HSTS);
      return r.handler(req, res);
    },
  }));
}

export interface WebAdapterOptions {
  metrics: Metrics;
  /** Review-console sessions shared by several instances (in memory by default). */
  sessions?: ReviewSessionStore;
  /** Clock for session expiry (tests). */
  now?: () => number;
}

export function createWebAdapter(deps: AdapterDeps & WebAdapterOptions): PlatformAdapter {
  const { config, logger } = deps;
  const reviewEnabled = Boolean(config.review);
  if (config.review?.secretInProduction) {
    logger.warn(
      { event: 'review_secret_in_production' },
      'The review console accepts the shared REVIEW_SECRET with NODE_ENV=production (REVIEW_SECRET_IN_PRODUCTION=true): reviewers type their own id, so ratings are not tied to an authenticated person. Sign reviewers in through your identity provider instead (docs/review-console.md).',
    );
  }
  if (config.metrics.listensBeyondLoopback && !config.metrics.token) {
    logger.warn(
      { event: 'metrics_locked' },
      `HOST is ${config.env.HOST} (beyond loopback) and METRICS_TOKEN is not set, so /metrics refuses every request. Set METRICS_TOKEN and give it to your Prometheus scraper as a bearer token.`,
    );
  }
  const routes = [
    ...playgroundRoutes({ ...deps, reviewEnabled }),
    ...reviewRoutes({ ...deps, reportCharts: reportChartsFor(deps.service.store, deploymentConfidence(config.file.confidence).model) }),
    ...opsRoutes(deps),
  ];
  return {
    name: 'web',
    routes: config.hsts ? withHsts(routes) : routes,
    start: async () => {},
    stop: async () => {},
  };
}
