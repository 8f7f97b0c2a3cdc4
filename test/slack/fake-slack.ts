/**
 * A local stand-in for Slack's Web API (https://slack.com/api/METHOD) and for response_url endpoints, speaking
 * the real wire format: form-encoded or JSON requests with a Bearer token, `{ ok, error }` JSON answers, HTTP 429
 * with Retry-After when rate limited. It records every call and keeps channel messages so conversations.replies
 * and chat.update behave like Slack's.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_USER_ID = 'UROUNDS';
export const BOT_ID = 'BROUNDS';
export const TEAM_ID = 'T0TEAM';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  status: number;
  at: number;
}

export interface ResponseUrlCall {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeMessage {
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  /** A streamed message (chat.startStream): every chunk in arrival order, and whether it was stopped. */
  stream?: { state: 'in_progress' | 'completed'; chunks: StreamChunk[]; recipientUserId?: string; taskDisplayMode?: string };
}

export interface StreamChunk {
  type: string;
  text?: string;
  id?: string;
  title?: string;
  status?: string;
  blocks?: unknown[];
}

const TASK_STATUSES = new Set(['pending', 'in_progress', 'complete', 'error']);
/** chat.startStream: markdown_text is limited to 12,000 characters. */
const MAX_MARKDOWN = 12_000;

type Fault = { status: 429; retryAfter: number } | { error: string };

function parseValue(v: string): unknown {
  if ((v.startsWith('{') || v.startsWith('[')) && v.length > 1) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

async function readJsonOrForm(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = parseValue(v);
  return out;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responseUrlCalls: ResponseUrlCall[] = [];
  readonly messages = new Map<string, FakeMessage[]>();
  /** When true, chat.postMessage/chat.update reject `context_actions` blocks as invalid_blocks (older surfaces). */
  rejectContextActions = false;
  /** When true, chat.startStream fails as on a workspace or app without streaming, so the adapter must fall back. */
  streamingUnavailable = false;
  private readonly faults = new Map<string, Fault[]>();
  private seq = 0;
  /** Methods added by extensions (Socket Mode): given the Authorization header, return Slack's JSON. */
  readonly extraMethods = new Map<string, (auth: string | undefined, args: Record<string, unknown>) => Record<string, unknown>>();
  server!: Server;
  url = '';

  constructor(readonly botToken: string) {}

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id = `r${++this.seq}`): string {
    return `${this.url}/response/${id}`;
  }

  /** The next call to `method` fails with this fault (queue several for several calls). */
  failNext(method: string, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    list.push(fault);
    this.faults.set(method, list);
  }

  nextTs(): string {
    this.seq += 1;
    return `${1_700_000_000 + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  /** Puts a user's message into a channel, as Slack would have it before sending us the event. */
  addUserMessage(channel: string, m: { user: string; text: string; ts?: string; thread_ts?: string }): FakeMessage {
    const msg: FakeMessage = { ts: m.ts ?? this.nextTs(), user: m.user, text: m.text, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}) };
    this.channel(channel).push(msg);
    return msg;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; calls so far: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  waitForCall(method: string, match: (c: RecordedCall) => boolean = () => true, timeoutMs = 10_000): Promise<RecordedCall> {
    return this.waitFor(() => this.callsTo(method).find(match), timeoutMs, method);
  }

  private channel(id: string): FakeMessage[] {
    let list = this.messages.get(id);
    if (!list) {
      list = [];
      this.messages.set(id, list);
    }
    return list;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, headers }) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'fake_internal', detail: error.message }));
        },
      );
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const args = await readJsonOrForm(req);
    if (path.startsWith('/response/')) {
      this.responseUrlCalls.push({ id: path.slice('/response/'.length), body: args, at: Date.now() });
      return { status: 200, body: { ok: true } };
    }
    if (!path.startsWith('/api/')) return { status: 404, body: { ok: false, error: 'not_found' } };
    const method = path.slice('/api/'.length);
    const fault = this.faults.get(method)?.shift();
    if (fault && 'status' in fault) {
      this.calls.push({ method, args, status: 429, at: Date.now() });
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(fault.retryAfter) } };
    }
    const call: RecordedCall = { method, args, status: 200, at: Date.now() };
    this.calls.push(call);
    if (fault) return { status: 200, body: { ok: false, error: fault.error } };
    const auth = req.headers.authorization ?? (typeof args.token === 'string' ? `Bearer ${args.token}` : undefined);
    const extra = this.extraMethods.get(method);
    if (extra) return { status: 200, body: extra(auth, args) };
    if (!auth) return { status: 200, body: { ok: false, error: 'not_authed' } };
    if (auth !== `Bearer ${this.botToken}`) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    return { status: 200, body: this.answer(method, args) };
  }

  /** The text a user sees in a streamed message: its markdown chunks, joined. */
  streamedText(m: FakeMessage): string {
    return (m.stream?.chunks ?? [])
      .filter((c) => c.type === 'markdown_text')
      .map((c) => c.text ?? '')
      .join('');
  }

  /** Chunks as the streaming methods take them: `markdown_text` and/or a `chunks` array of known types. */
  private chunksOf(a: Record<string, unknown>): StreamChunk[] | string {
    const out: StreamChunk[] = [];
    if (typeof a.markdown_text === 'string') {
      if (a.markdown_text.length > MAX_MARKDOWN) return 'msg_too_long';
      out.push({ type: 'markdown_text', text: a.markdown_text });
    }
    if (a.chunks !== undefined) {
      if (!Array.isArray(a.chunks)) return 'invalid_chunks';
      for (const c of a.chunks as StreamChunk[]) {
        if (c?.type === 'markdown_text' && typeof c.text === 'string') out.push(c);
        else if (c?.type === 'task_update' && c.id && c.title && TASK_STATUSES.has(c.status ?? '')) out.push(c);
        else if (c?.type === 'plan_update' && c.title) out.push(c);
        else if (c?.type === 'blocks' && Array.isArray(c.blocks)) out.push(c);
        else return 'invalid_chunks';
      }
    }
    return out;
  }

  private stream(method: string, a: Record<string, unknown>, channel: string | undefined): Record<string, unknown> {
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const chunks = this.chunksOf(a);
    if (typeof chunks === 'string') return { ok: false, error: chunks };
    if (method === 'chat.startStream') {
      if (this.streamingUnavailable) return { ok: false, error: 'feature_not_enabled' };
      if (chunks.length === 0) return { ok: false, error: 'missing_argument' };
      // Outside a DM Slack needs to know whose view the stream is for.
      if (!channel.startsWith('D') && (!a.recipient_team_id || !a.recipient_user_id)) return { ok: false, error: 'invalid_arguments' };
      const msg: FakeMessage = {
        ts: this.nextTs(),
        user: BOT_USER_ID,
        bot_id: BOT_ID,
        ...(typeof a.thread_ts === 'string' ? { thread_ts: a.thread_ts } : {}),
        stream: {
          state: 'in_progress',
          chunks,
          ...(typeof a.recipient_user_id === 'string' ? { recipientUserId: a.recipient_user_id } : {}),
          ...(typeof a.task_display_mode === 'string' ? { taskDisplayMode: a.task_display_mode } : {}),
        },
      };
      this.channel(channel).push(msg);
      return { ok: true, channel, ts: msg.ts };
    }
    const msg = this.channel(channel).find((m) => m.ts === a.ts);
    if (!msg) return { ok: false, error: 'message_not_found' };
    if (msg.stream?.state !== 'in_progress') return { ok: false, error: 'message_not_in_streaming_state' };
    if (method === 'chat.appendStream' && chunks.length === 0) return { ok: false, error: 'missing_argument' };
    if (method === 'chat.stopStream') {
      const err = this.blocksError(a.blocks);
      if (err) return { ok: false, error: err };
      if (Array.isArray(a.blocks)) msg.blocks = a.blocks;
    }
    msg.stream.chunks.push(...chunks);
    msg.text = this.streamedText(msg);
    if (method === 'chat.stopStream') msg.stream.state = 'completed';
    return { ok: true, channel, ts: msg.ts };
  }

  private blocksError(blocks: unknown): string | undefined {
    if (blocks === undefined) return undefined;
    if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
    for (const b of blocks as Array<{ type?: string; text?: { text?: string }; block_id?: string }>) {
      if (b.type === 'section' && (b.text?.text?.length ?? 0) > 3000) return 'invalid_blocks';
      if (b.block_id && b.block_id.length > 255) return 'invalid_blocks';
      if (b.type === 'context_actions' && this.rejectContextActions) return 'invalid_blocks';
    }
    return undefined;
  }

  private answer(method: string, a: Record<string, unknown>): Record<string, unknown> {
    const channel = typeof a.channel === 'string' ? a.channel : typeof a.channel_id === 'string' ? a.channel_id : undefined;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'rounds',
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
        };
      case 'chat.postMessage': {
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (channel.startsWith('CNOTIN')) return { ok: false, error: 'not_in_channel' };
        if (!a.text && !a.blocks) return { ok: false, error: 'no_text' };
        const err = this.blocksError(a.blocks);
        if (err) return { ok: false, error: err };
        const msg: FakeMessage = {
          ts: this.nextTs(),
          user: BOT_USER_ID,
          bot_id: BOT_ID,
          ...(typeof a.text === 'string' ? { text: a.text } : {}),
          ...(Array.isArray(a.blocks) ? { blocks: a.blocks } : {}),
          ...(typeof a.thread_ts === 'string' ? { thread_ts: a.thread_ts } : {}),
        };
        this.channel(channel).push(msg);
        return { ok: true, channel, ts: msg.ts, message: msg };
      }
      case 'chat.update': {
        const msg = channel ? this.channel(channel).find((m) => m.ts === a.ts) : undefined;
        if (!msg) return { ok: false, error: 'message_not_found' };
        const err = this.blocksError(a.blocks);
        if (err) return { ok: false, error: err };
        if (typeof a.text === 'string') msg.text = a.text;
        if (Array.isArray(a.blocks)) msg.blocks = a.blocks;
        return { ok: true, channel, ts: msg.ts, text: msg.text };
      }
      case 'chat.startStream':
      case 'chat.appendStream':
      case 'chat.stopStream':
        return this.stream(method, a, channel);
      case 'chat.getPermalink': {
        const msg = channel ? this.channel(channel).find((m) => m.ts === a.message_ts) : undefined;
        if (!msg) return { ok: false, error: 'message_not_found' };
        return { ok: true, channel, permalink: `https://test.slack.com/archives/${channel}/p${String(a.message_ts).replace('.', '')}` };
      }
      case 'conversations.history': {
        const list = channel ? this.channel(channel).filter((m) => !m.thread_ts || m.thread_ts === m.ts) : [];
        return { ok: true, messages: [...list].reverse().slice(0, Number(a.limit ?? 100)), has_more: false };
      }
      case 'conversations.replies': {
        const list = channel ? this.channel(channel) : [];
        const thread = list.filter((m) => m.ts === a.ts || m.thread_ts === a.ts).sort((x, y) => Number(x.ts) - Number(y.ts));
        if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
        return { ok: true, messages: thread, has_more: false };
      }
      case 'views.open':
        if (!a.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { id: `V${this.seq++}`, ...(a.view as object) } };
      case 'reactions.add':
      case 'reactions.remove':
        return a.name && a.timestamp ? { ok: true } : { ok: false, error: 'invalid_arguments' };
      case 'assistant.threads.setStatus':
        if (Array.isArray(a.loading_messages) && a.loading_messages.length > 10) return { ok: false, error: 'invalid_arguments' };
        return a.channel_id && a.thread_ts && typeof a.status === 'string' ? { ok: true } : { ok: false, error: 'invalid_arguments' };
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setTitle':
        return a.channel_id && a.thread_ts ? { ok: true } : { ok: false, error: 'invalid_arguments' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
