/**
 * /healthz (Chroma, store, LLM status as JSON; 200 when ok, else 503 so load balancers take the instance out)
 * and /metrics (Prometheus text). /metrics takes `Authorization: Bearer <METRICS_TOKEN>` whenever a token is
 * configured; without one it answers only while the server listens on loopback, since metrics reveal traffic
 * and fault patterns.
 */
import type { IncomingMessage } from 'node:http';
import type { MetricsConfig } from '../../src/config/config.js';
import type { AdapterDeps } from '../adapter.js';
import type { Route } from '../http/server.js';
import { sendJson, sendText } from './http-util.js';
import type { Metrics } from './metrics.js';
import { secretMatches } from './review-auth.js';

type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

export function metricsAccess(req: IncomingMessage, cfg: MetricsConfig): MetricsAccess {
  if (!cfg.token) {
    if (!cfg.listensBeyondLoopback) return { ok: true };
    return {
      ok: false,
      status: 403,
      message:
        'Rounds listens beyond loopback, so /metrics needs a bearer token: set METRICS_TOKEN and send it as "Authorization: Bearer <token>".',
    };
  }
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match?.[1] && secretMatches(match[1], cfg.token)) return { ok: true };
  return { ok: false, status: 401, message: 'Send the METRICS_TOKEN as "Authorization: Bearer <token>".' };
}

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
      handler: (req, res) => {
        const access = metricsAccess(req, deps.config.metrics);
        if (!access.ok) {
          if (access.status === 401) res.setHeader('www-authenticate', 'Bearer realm="rounds-metrics"');
          return sendText(res, access.status, `${access.message}\n`);
        }
        sendText(res, 200, deps.metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
      },
    },
  ];
}
