/**
 * OpenAiEmbedder against a local HTTP server speaking the OpenAI embeddings wire protocol (POST /v1/embeddings).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import { createEmbedder } from '../../src/infra/embedder-factory.js';
import { HashEmbedder } from '../../src/infra/hash-embedder.js';
import { OpenAiEmbedder } from '../../src/infra/openai-embedder.js';

interface Received {
  model: string;
  input: string[];
  encoding_format?: string;
  dimensions?: number;
  auth?: string;
}

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** Answers with deterministic vectors; `failFirst` requests get HTTP `failStatus` first. */
async function fakeOpenAi(opts: { dim?: number; failFirst?: number; failStatus?: number; shuffle?: boolean } = {}) {
  const received: Received[] = [];
  let failures = opts.failFirst ?? 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      if (req.url !== '/v1/embeddings' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as Received;
      received.push({ ...parsed, auth: req.headers.authorization });
      if (failures > 0) {
        failures -= 1;
        res
          .writeHead(opts.failStatus ?? 500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'overloaded' } }));
        return;
      }
      const dim = opts.dim ?? 4;
      const data = parsed.input.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: Array.from({ length: dim }, (_, k) => text.length + k),
      }));
      if (opts.shuffle) data.reverse();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data, model: parsed.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { baseURL: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`, received };
}

describe('OpenAiEmbedder', () => {
  it('batches, asks for float vectors, keeps input order and learns the dimension', async () => {
    const { baseURL, received } = await fakeOpenAi({ dim: 6, shuffle: true });
    const embedder = new OpenAiEmbedder({ model: 'nomic-embed-text', baseURL, apiKey: 'sk-test', batchSize: 2 });
    expect(embedder.name).toBe('openai:nomic-embed-text');
    expect(embedder.dimension).toBe(0);
    const vectors = await embedder.embed(['a', 'bb', 'ccc', '']);
    expect(received.map((r) => r.input)).toEqual([
      ['a', 'bb'],
      ['ccc', ' '],
    ]);
    expect(received.every((r) => r.encoding_format === 'float' && r.model === 'nomic-embed-text')).toBe(true);
    expect(received[0]?.auth).toBe('Bearer sk-test');
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 1]);
    expect(embedder.dimension).toBe(6);
  });

  it('retries server errors with backoff, then succeeds', async () => {
    const { baseURL, received } = await fakeOpenAi({ failFirst: 2, failStatus: 503 });
    const embedder = new OpenAiEmbedder({ model: 'm', baseURL, batchSize: 8 });
    const vectors = await embedder.embed(['x']);
    expect(received).toHaveLength(3);
    expect(vectors).toHaveLength(1);
  });

  it('does not retry a 400 and reports the endpoint and model', async () => {
    const { baseURL, received } = await fakeOpenAi({ failFirst: 5, failStatus: 400 });
    const embedder = new OpenAiEmbedder({ model: 'bad-model', baseURL, batchSize: 8 });
    const error = await embedder.embed(['x']).catch((e) => e);
    expect(received).toHaveLength(1);
    expect(isRoundsError(error, ErrorCode.EmbedderFailed)).toBe(true);
    expect(error.message).toContain(baseURL);
    expect(error.message).toContain('bad-model');
    expect(error.message).toContain('HTTP 400');
  });

  it('fails clearly when nothing listens at the endpoint', async () => {
    const embedder = new OpenAiEmbedder({ model: 'm', baseURL: 'http://127.0.0.1:9/v1', batchSize: 8, attempts: 2 });
    const error = await embedder.embed(['x']).catch((e) => e);
    expect(isRoundsError(error, ErrorCode.EmbedderFailed)).toBe(true);
    expect(error.message).toContain('http://127.0.0.1:9/v1');
  });

  it('refuses vectors whose dimension changes', async () => {
    const { baseURL } = await fakeOpenAi({ dim: 3 });
    const embedder = new OpenAiEmbedder({ model: 'm', baseURL, batchSize: 8, dimensions: 5 });
    const error = await embedder.embed(['x']).catch((e) => e);
    expect(error.message).toMatch(/3-dimensional vectors, expected 5/);
  });
});

describe('createEmbedder', () => {
  it('uses the offline hash embedder by default and the OpenAI-compatible one when EMBEDDINGS_MODEL is set', () => {
    expect(createEmbedder(loadConfig({}, '/tmp'))).toBeInstanceOf(HashEmbedder);
    const embedder = createEmbedder(
      loadConfig({ EMBEDDINGS_MODEL: 'text-embedding-3-small', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:1/v1' }, '/tmp'),
    );
    expect(embedder).toBeInstanceOf(OpenAiEmbedder);
    expect(embedder.name).toBe('openai:text-embedding-3-small');
  });
});
