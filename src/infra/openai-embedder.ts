/**
 * Embeddings from any OpenAI-compatible endpoint (OpenAI, Azure-style gateways, Ollama, vLLM, LM Studio).
 * Asks for `encoding_format: 'float'`: the SDK otherwise requests base64, which several compatible servers
 * mis-encode, silently corrupting every vector. Batched, retried with backoff; the dimension is learned from
 * the first response unless configured.
 */
import OpenAI, { APIConnectionError, APIError } from 'openai';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Embedder } from '../core/ports.js';
import type { Logger } from '../logger.js';
import { withRetry } from './retry.js';

export interface OpenAiEmbedderOptions {
  model: string;
  baseURL?: string;
  apiKey?: string;
  dimensions?: number;
  batchSize: number;
  logger?: Logger;
  /** Attempts per batch (default 5). */
  attempts?: number;
  timeoutMs?: number;
}

function retryable(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  if (error instanceof APIError) return error.status === undefined || error.status === 408 || error.status === 429 || error.status >= 500;
  return false;
}

export class OpenAiEmbedder implements Embedder {
  readonly name: string;
  private dim: number;
  private readonly client: OpenAI;
  private readonly endpoint: string;

  constructor(private readonly opts: OpenAiEmbedderOptions) {
    this.name = `openai:${opts.model}`;
    this.dim = opts.dimensions ?? 0;
    this.endpoint = opts.baseURL ?? 'https://api.openai.com/v1';
    // The SDK's own retries are off so that ours (logged, with a RoundsError at the end) are the only ones.
    this.client = new OpenAI({
      apiKey: opts.apiKey ?? 'not-needed',
      ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
      maxRetries: 0,
      timeout: opts.timeoutMs ?? 60_000,
    });
  }

  /** 0 until the first response when not configured. */
  get dimension(): number {
    return this.dim;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.opts.batchSize) {
      out.push(...(await this.embedBatch(texts.slice(i, i + this.opts.batchSize))));
    }
    return out;
  }

  private async embedBatch(batch: string[]): Promise<number[][]> {
    // OpenAI rejects empty strings in `input`.
    const input = batch.map((t) => (t.trim() ? t : ' '));
    let response: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      response = await withRetry(
        () =>
          this.client.embeddings.create({
            model: this.opts.model,
            input,
            encoding_format: 'float',
            ...(this.opts.dimensions ? { dimensions: this.opts.dimensions } : {}),
          }),
        {
          attempts: this.opts.attempts ?? 5,
          baseDelayMs: 500,
          maxDelayMs: 8_000,
          isRetryable: retryable,
          onRetry: (error, attempt, delayMs) =>
            this.opts.logger?.warn(
              { attempt, delayMs, status: (error as APIError).status, endpoint: this.endpoint },
              'embeddings request failed; retrying',
            ),
        },
      );
    } catch (error) {
      const status = (error as APIError).status;
      throw new RoundsError(
        ErrorCode.EmbedderFailed,
        `Embeddings endpoint ${this.endpoint} (model ${this.opts.model}) failed${status ? ` with HTTP ${status}` : ''}: ${(error as Error).message}. ` +
          'Check EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL and EMBEDDINGS_API_KEY.',
        { cause: error },
      );
    }
    const rows = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
    if (rows.length !== batch.length) {
      throw new RoundsError(
        ErrorCode.EmbedderFailed,
        `Embeddings endpoint ${this.endpoint} returned ${rows.length} vectors for ${batch.length} inputs.`,
      );
    }
    const vectors = rows.map((r) => r.embedding as unknown);
    for (const v of vectors) {
      if (!Array.isArray(v) || v.length === 0 || typeof v[0] !== 'number') {
        throw new RoundsError(
          ErrorCode.EmbedderFailed,
          `Embeddings endpoint ${this.endpoint} returned something other than float vectors.`,
        );
      }
      if (!this.dim) this.dim = v.length;
      if (v.length !== this.dim) {
        throw new RoundsError(
          ErrorCode.EmbedderFailed,
          `Embeddings endpoint ${this.endpoint} returned ${v.length}-dimensional vectors, expected ${this.dim} (EMBEDDINGS_DIMENSIONS).`,
        );
      }
    }
    return vectors as number[][];
  }
}
