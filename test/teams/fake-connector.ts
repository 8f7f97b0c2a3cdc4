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
  /** The id the fake connector assigned (returned for plain activities and a stream's first update). */
  id: string;
  /** HTTP status answered: 200 for plain activities, 201 for a stream's first update, 202 for later ones. */
  status: number;
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

interface StreamInfo {
  type: string;
  streamId?: string;
  streamType?: string;
  streamSequence?: number;
}

/**
 * Teams streaming rules (learn.microsoft.com, "Stream bot messages", REST): 1:1 chats only; `typing` updates with a
 * streaminfo entity, streamSequence starting at 1 and increasing, text required, the streamId (the first update's
 * id, answered with 201) on every later request; the final `message` has streamType "final" and no streamSequence.
 * Violations get the connector's answers (400 BadRequest, 403 ContentStreamNotAllowed).
 */
function checkStream(
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON.
  body: any,
  conversationId: string,
  streams: Map<string, { conversationId: string; last: number; done: boolean }>,
): { status: number; error?: string; streamId?: string; first?: boolean } | undefined {
  const info = (Array.isArray(body?.entities) ? body.entities : []).find((e: StreamInfo) => e?.type === 'streaminfo') as
    | StreamInfo
    | undefined;
  if (!info) return undefined;
  if (body.conversation?.conversationType && body.conversation.conversationType !== 'personal') {
    return { status: 403, error: 'ContentStreamNotAllowed' };
  }
  if (info.streamType === 'final') {
    if (body.type !== 'message' || info.streamSequence !== undefined || !info.streamId) return { status: 400, error: 'BadRequest' };
    const stream = streams.get(info.streamId);
    if (!stream || stream.conversationId !== conversationId) return { status: 400, error: 'BadRequest' };
    if (stream.done) return { status: 403, error: 'ContentStreamNotAllowed' };
    stream.done = true;
    return { status: 202, streamId: info.streamId };
  }
  if (body.type !== 'typing' || typeof body.text !== 'string' || body.text === '' || !Number.isInteger(info.streamSequence)) {
    return { status: 400, error: 'BadRequest' };
  }
  if (info.streamType !== 'informative' && info.streamType !== 'streaming') return { status: 400, error: 'BadRequest' };
  if (!info.streamId) {
    if (info.streamSequence !== 1) return { status: 400, error: 'BadRequest' };
    return { status: 201, first: true };
  }
  const stream = streams.get(info.streamId);
  if (!stream || stream.conversationId !== conversationId) return { status: 400, error: 'BadRequest' };
  if (stream.done) return { status: 403, error: 'ContentStreamNotAllowed' };
  if ((info.streamSequence ?? 0) <= stream.last) return { status: 202, error: 'ContentStreamSequenceOrderPreConditionFailed' };
  stream.last = info.streamSequence ?? stream.last;
  return { status: 202, streamId: info.streamId };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const activities: RecordedActivity[] = [];
  const streams = new Map<string, { conversationId: string; last: number; done: boolean }>();
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
      const conversationId = decodeURIComponent(match[1] ?? '');
      const stream = checkStream(body, conversationId, streams);
      if (stream?.error && stream.status !== 202) {
        res.writeHead(stream.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: stream.error, message: 'streaming request refused' } }));
        return;
      }
      const id = stream?.streamId ?? `reply-${next++}`;
      if (stream?.first) streams.set(id, { conversationId, last: 1, done: false });
      const status = stream ? stream.status : 200;
      activities.push({
        conversationId,
        ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
        id,
        status,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      // Later stream requests answer 202 with an empty body: the stream id is all the bot has.
      res.end(JSON.stringify(status === 202 ? {} : { id }));
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
