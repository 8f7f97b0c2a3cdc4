/**
 * A local stand-in for the Bot Framework connector service (smba.trafficmanager.net), speaking its wire protocol:
 * POST /v3/conversations/{conversationId}/activities[/{replyToId}] with a JSON Activity, answering { id }.
 * It records exactly what arrived on the wire, so tests see what botbuilder's serialization really sends.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedActivity {
  conversationId: string;
  replyToId?: string;
  /** The id the fake connector assigned and returned. */
  id: string;
  authorization?: string;
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON as received; tests assert on its shape.
  body: any;
}

export interface FakeConnector {
  url: string;
  activities: RecordedActivity[];
  /** Activities other than typing indicators. */
  messages(): RecordedActivity[];
  /** Resolves once `count` non-typing activities have arrived (or rejects after timeoutMs). */
  waitForMessages(count: number, timeoutMs?: number): Promise<RecordedActivity[]>;
  /** When set, answers this status (with a connector error body) instead of recording, e.g. 403 for a removed bot. */
  failWith?: number;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const activities: RecordedActivity[] = [];
  let next = 1;
  const handle = {} as FakeConnector;
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `no route ${req.method} ${path}` } }));
      return;
    }
    if (handle.failWith) {
      res.writeHead(handle.failWith, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }),
      );
      return;
    }
    try {
      const body = await readJson(req);
      const id = `reply-${next++}`;
      activities.push({
        conversationId: decodeURIComponent(match[1] ?? ''),
        ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
        id,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id }));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'invalid JSON' } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const messages = () => activities.filter((a) => a.body?.type !== 'typing');
  Object.assign(handle, {
    url: `http://127.0.0.1:${port}`,
    activities,
    messages,
    async waitForMessages(count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages().length < count) {
        if (Date.now() > deadline) throw new Error(`fake connector: expected ${count} messages, got ${messages().length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return handle;
}
