/**
 * Small request/response helpers for the web adapter (node:http, no framework). Bodies and query strings are
 * never logged: they may hold patient identifiers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../fault.js';
import { readBody } from '../http/server.js';
import { contentSecurityPolicy } from './html.js';

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts, which the
  // same-origin check must refuse. Links to sources on other sites still get no referrer.
  'referrer-policy': 'same-origin',
  // Answers and audit records may quote clinical guidance tied to a patient question: never cache them.
  'cache-control': 'no-store',
};

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  nonce: string,
  extra: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': contentSecurityPolicy(nonce),
    'x-frame-options': 'DENY',
    ...extra,
  });
  res.end(html);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', ...extra });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': contentType });
  res.end(text);
}

export function redirect(res: ServerResponse, location: string, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(303, { ...BASE_HEADERS, location, ...extra });
  res.end();
}

export function parseCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      // A malformed cookie value is ignored rather than failing the request.
    }
  }
  return out;
}

export function isHttps(req: IncomingMessage): boolean {
  // Behind a TLS-terminating proxy the only hint is X-Forwarded-Proto; it only decides the Secure flag.
  return req.headers['x-forwarded-proto'] === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true;
}

export function cookie(
  name: string,
  value: string,
  opts: { path?: string; maxAgeSeconds?: number; sameSite?: 'Strict' | 'Lax'; secure?: boolean } = {},
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${opts.path ?? '/'}`, 'HttpOnly', `SameSite=${opts.sameSite ?? 'Strict'}`];
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

export function queryOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return new URLSearchParams(q >= 0 ? url.slice(q + 1) : '');
}

export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

async function body(req: IncomingMessage, limit: number): Promise<string> {
  try {
    return await readBody(req, limit);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw new BadRequest(`Request body is larger than ${limit} bytes.`, 413);
    throw error;
  }
}

/** JSON object body. Requiring application/json also blocks cross-site form posts (they cannot set it without CORS). */
export async function readJsonObject(req: IncomingMessage, limit = 64_000): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new BadRequest('Send the request as JSON (Content-Type: application/json).', 415);
  const text = await body(req, limit);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequest('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new BadRequest('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

export async function readForm(req: IncomingMessage, limit = 32_000): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new BadRequest('Send the form as application/x-www-form-urlencoded.', 415);
  return new URLSearchParams(await body(req, limit));
}

/**
 * Same-origin check for state-changing requests: browsers send Origin on POST; when present it must match Host.
 * (Defence in depth next to SameSite=Strict cookies and CSRF tokens.)
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin !== 'null';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
