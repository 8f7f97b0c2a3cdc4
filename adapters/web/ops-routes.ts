/**
 * /healthz (Chroma, store, LLM status as JSON; 200 when ok, else 503 so load balancers take the instance out)
 * and /metrics (Prometheus text).
 */
import type { AdapterDeps } from '../adapter.js';
import type { Route } from '../http/server.js';
import { sendJson, sendText } from './http-util.js';
import type { Metrics } from './metrics.js';

export function opsRoutes(deps: AdapterDeps & { metrics: Metrics }): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handler: async (_req, res) => {
        try {
          const report = await deps.service.health();
          sendJson(res, report.ok ? 200 : 503, report);
        } catch (error) {
          deps.logger.error({ err: error }, 'health check threw');
          sendJson(res, 503, { ok: false, error: 'The health check itself failed; see the server log.' });
        }
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: (_req, res) => sendText(res, 200, deps.metrics.render(), 'text/plain; version=0.0.4; charset=utf-8'),
    },
  ];
}
