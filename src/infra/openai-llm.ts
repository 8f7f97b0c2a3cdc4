/**
 * The LLM port over any OpenAI-compatible chat completions server (OpenAI, Azure OpenAI, Ollama, vLLM).
 * Structured output: JSON schema first; a server that rejects it (400/422 naming response_format or
 * json_schema) is remembered and asked for a JSON object instead, then for plain text — the composer's zod
 * validation is the real check either way.
 */
import OpenAI from 'openai';
import type { Llm, LlmRequest } from '../core/ports.js';

type Mode = 'json_schema' | 'json_object' | 'plain';

export interface OpenAiLlmOptions {
  model: string;
  baseURL?: string;
  apiKey?: string;
  timeoutMs: number;
}

export class OpenAiLlm implements Llm {
  readonly model: string;
  private readonly client: OpenAI;
  private mode: Mode = 'json_schema';

  constructor(private readonly options: OpenAiLlmOptions) {
    this.model = `openai:${options.model}`;
    this.client = new OpenAI({
      // Local servers (Ollama, vLLM) accept any key; the SDK insists on one.
      apiKey: options.apiKey ?? 'not-needed',
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      timeout: options.timeoutMs,
      // One retry for a dropped connection; the pipeline falls back to extractive rather than wait longer.
      maxRetries: 1,
    });
  }

  async complete(request: LlmRequest): Promise<string> {
    for (;;) {
      const mode: Mode = request.jsonSchema ? this.mode : 'plain';
      try {
        const completion = await this.client.chat.completions.create(
          {
            model: this.options.model,
            messages: request.messages,
            temperature: 0,
            ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
            ...(mode === 'json_schema' && request.jsonSchema
              ? {
                  response_format: {
                    type: 'json_schema',
                    json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true },
                  },
                }
              : mode === 'json_object'
                ? { response_format: { type: 'json_object' } }
                : {}),
          },
          { timeout: request.timeoutMs ?? this.options.timeoutMs },
        );
        const text = completion.choices[0]?.message?.content;
        if (typeof text !== 'string' || text.trim() === '') throw new Error('the LLM returned an empty message');
        return text;
      } catch (error) {
        const status = (error as { status?: number }).status;
        const msg = String((error as Error).message ?? '');
        const formatRejected = (status === 400 || status === 422) && /response_format|json_schema|json_object|schema/i.test(msg);
        if (formatRejected && mode !== 'plain') {
          this.mode = mode === 'json_schema' ? 'json_object' : 'plain';
          continue;
        }
        throw error;
      }
    }
  }
}
