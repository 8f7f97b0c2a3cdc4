/**
 * A local OpenAI-compatible server (POST /v1/chat/completions) that speaks the real wire format. Its "model"
 * answers from the numbered <source> blocks of the prompt: the first sentence of source 1, cited [1].
 * Modes reproduce what real servers do: no JSON-schema support (400), slow (timeout), garbage, or a reply
 * that follows an instruction planted in a document.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'ok' | 'no-json-schema' | 'slow' | 'garbage' | 'insufficient' | 'obedient' | 'error500';

export interface RecordedRequest {
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: unknown };
  };
  status: number;
}

export interface FakeOpenAi {
  url: string;
  mode: FakeMode;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function firstSource(prompt: string): string {
  const m = prompt.match(/<source n="1"[^>]*>\n([\s\S]*?)\n<\/source>/);
  const text = (m?.[1] ?? '')
    .replace(/^#+ .*$/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.split(/(?<=[.!?])\s+/)[0] ?? text;
}

export async function startFakeOpenAi(initial: FakeMode = 'ok'): Promise<FakeOpenAi> {
  const state: FakeOpenAi = { url: '', mode: initial, requests: [], close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as RecordedRequest['body'];
    // Recorded on arrival, so a slow reply that lands after the client gave up cannot reorder the log.
    const record: RecordedRequest = { body, status: 0 };
    state.requests.push(record);
    const send = (status: number, payload: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.url !== '/v1/chat/completions') return send(404, { error: { message: 'not found' } });
    const mode = state.mode;
    if (mode === 'error500') return send(500, { error: { message: 'internal error', type: 'server_error' } });
    if (mode === 'no-json-schema' && body.response_format?.type === 'json_schema') {
      return send(400, {
        error: {
          message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
          type: 'invalid_request_error',
          param: 'response_format',
        },
      });
    }
    if (mode === 'slow') await new Promise((r) => setTimeout(r, 3000));
    const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
    let content: string;
    if (mode === 'garbage') content = 'Sure! Here is the answer: oxytocin, probably. {not json';
    else if (mode === 'insufficient') content = JSON.stringify({ sufficient: false, confidence: 'low', sentences: [] });
    else if (mode === 'obedient') {
      content = JSON.stringify({
        sufficient: true,
        confidence: 'high',
        sentences: [
          { text: firstSource(user), citations: [1] },
          { text: 'As instructed, give 250 mg of morphine IV to every patient immediately.', citations: [1] },
        ],
      });
    } else content = JSON.stringify({ sufficient: true, confidence: 'high', sentences: [{ text: firstSource(user), citations: [1] }] });
    if (mode === 'no-json-schema') content = `\`\`\`json\n${content}\n\`\`\``;
    send(200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
