/**
 * The web adapter: playground (/ and /api/*), reviewer console (/review*), /healthz and /metrics, all as routes
 * on the shared HTTP server (which listens on HOST, loopback by default). Nothing long-lived to start.
 */
import type { AdapterDeps, PlatformAdapter } from '../adapter.js';
import type { Metrics } from './metrics.js';
import { opsRoutes } from './ops-routes.js';
import { playgroundRoutes } from './playground-routes.js';
import { reportChartsFor } from './report-section.js';
import { reviewRoutes } from './review-routes.js';

export type { Metrics } from './metrics.js';
export { createMetrics } from './metrics.js';

export function createWebAdapter(deps: AdapterDeps & { metrics: Metrics }): PlatformAdapter {
  const reviewEnabled = Boolean(deps.config.env.REVIEW_SECRET);
  const routes = [
    ...playgroundRoutes({ ...deps, reviewEnabled }),
    ...reviewRoutes({ ...deps, reportCharts: reportChartsFor(deps.service.store) }),
    ...opsRoutes(deps),
  ];
  return {
    name: 'web',
    routes,
    start: async () => {},
    stop: async () => {},
  };
}
