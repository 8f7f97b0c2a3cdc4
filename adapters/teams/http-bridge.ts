/**
 * Adapts Node's raw IncomingMessage/ServerResponse (from the shared server) to what botbuilder's
 * CloudAdapter.process expects: an Express-like request with a parsed `body`, and a response with
 * status/header/send/end. Bad input is answered here with a specific 4xx so botbuilder never sees it
 * (it would console.error a stack trace and answer 500).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'botbuilder';
import { HttpError } from '../fault.js';
import { readBody } from '../http/server.js';

/** Bot Framework activities are small JSON documents; 256 KB leaves room for large Adaptive Card submits. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export type ParsedActivity = { ok: true; body: Record<string, unknown> } | { ok: false; status: number; message: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Reads and checks the fields every inbound Bot Framework activity carries. */
export async function readActivity(req: IncomingMessage): Promise<ParsedActivity> {
  let raw: string;
  try {
    raw = await readBody(req, MAX_ACTIVITY_BYTES);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 400;
    return { ok: false, status, message: status === 413 ? `Activity larger than ${MAX_ACTIVITY_BYTES} bytes` : 'Unreadable body' };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, status: 400, message: 'Body is not valid JSON' };
  }
  if (!isRecord(body)) return { ok: false, status: 400, message: 'Activity must be a JSON object' };
  if (typeof body.type !== 'string' || body.type === '') return { ok: false, status: 400, message: 'Activity has no type' };
  if (!isHttpUrl(body.serviceUrl)) return { ok: false, status: 400, message: 'Activity has no valid serviceUrl' };
  if (!isRecord(body.conversation) || typeof body.conversation.id !== 'string' || body.conversation.id === '') {
    return { ok: false, status: 400, message: 'Activity has no conversation.id' };
  }
  if ((body.type === 'message' || body.type === 'invoke') && (!isRecord(body.from) || typeof body.from.id !== 'string')) {
    return { ok: false, status: 400, message: 'Activity has no from.id' };
  }
  return { ok: true, body };
}

export function toBotRequest(req: IncomingMessage, body: Record<string, unknown>): Request {
  return { method: req.method ?? 'POST', headers: req.headers, body };
}

/** Buffers what botbuilder sets and writes it once on end(). */
export function toBotResponse(res: ServerResponse): Response {
  let payload: unknown;
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body?: unknown) {
      payload = body;
    },
    end() {
      if (res.writableEnded) return;
      if (payload === undefined || payload === null) {
        res.end();
      } else if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(payload);
      } else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(payload));
      }
    },
  };
}

export function sendPlain(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}
