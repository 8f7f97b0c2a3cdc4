/**
 * One HTTP server on PORT for every adapter (Slack /slack/events, Teams /api/messages, the web pages).
 * Each adapter contributes routes; the server only dispatches, bounds request bodies and logs method/path/status
 * (never bodies or query strings, which may hold patient identifiers).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/logger.js';
import { HttpError } from '../fault.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | '*';
  /** Exact path, or a prefix when it ends with '*' (e.g. '/review*'). */
  path: string;
  handler: RouteHandler;
}

export interface HttpServerHandle {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

function matches(route: Route, method: string, path: string): boolean {
  if (route.method !== '*' && route.method !== method) return false;
  return route.path.endsWith('*') ? path.startsWith(route.path.slice(0, -1)) : path === route.path;
}

export function createRequestListener(routes: Route[], logger?: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    res.on('finish', () => {
      logger?.debug({ method, path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http');
    });
    const route = routes.find((r) => matches(r, method, path));
    if (!route) {
      const pathExists = routes.some((r) => matches({ ...r, method: '*' }, method, path));
      res.writeHead(pathExists ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(pathExists ? 'Method not allowed' : 'Not found');
      return;
    }
    try {
      await route.handler(req, res);
    } catch (error) {
      logger?.error({ err: error, method, path }, 'unhandled error in HTTP handler');
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal error');
      } else if (!res.writableEnded) {
        res.end();
      }
    }
  };
}

export async function startHttpServer(options: {
  routes: Route[];
  port: number;
  host: string;
  logger?: Logger;
}): Promise<HttpServerHandle> {
  const server = createServer(createRequestListener(options.routes, options.logger));
  // Slack and Teams retry slow requests; a bounded header timeout keeps slowloris-style clients from piling up.
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    port,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a request body with a size cap (bytes); rejects with HttpError 413 (`body_too_large`) when larger. */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `request body larger than ${limit} bytes`, 'body_too_large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
