/**
 * The LLM composer: numbered sources inside <source> tags (data, not instructions), a token budget for sources,
 * structured output validated with zod. Any failure throws an LlmComposeError; the pipeline then falls back to
 * the extractive answer and records why.
 */
import { z } from 'zod';
import type { Llm } from '../ports.js';
import type { RetrievedChunk, Turn } from '../types.js';
import type { Draft } from './draft.js';
import { citationLabel } from './present.js';
import { fill, type Prompt } from './prompts.js';

export const llmOutputSchema = z.object({
  sufficient: z.boolean(),
  confidence: z.enum(['high', 'medium', 'low']).optional(),
  sentences: z.array(z.object({ text: z.string().min(1).max(2000), citations: z.array(z.number().int().min(1)).max(10) })).max(12),
});

export const LLM_JSON_SCHEMA = {
  name: 'rounds_answer',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['sufficient', 'confidence', 'sentences'],
    properties: {
      sufficient: { type: 'boolean' },
      confidence: { type: 'string', enum: ['high', 'medium', 'low'] },
      sentences: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['text', 'citations'],
          properties: { text: { type: 'string' }, citations: { type: 'array', items: { type: 'integer' } } },
        },
      },
    },
  },
};

export class LlmComposeError extends Error {
  constructor(
    readonly reason: 'llm_timeout' | 'llm_error' | 'llm_invalid_output',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Rough token estimate (≈ 4 characters a token for English clinical text); errs on the generous side. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}

/** Sources that fit the token budget (always at least one, truncated if need be). */
export function budgetSources(sources: RetrievedChunk[], budgetTokens: number): { chunk: RetrievedChunk; text: string }[] {
  const out: { chunk: RetrievedChunk; text: string }[] = [];
  let used = 0;
  for (const chunk of sources) {
    const cost = estimateTokens(chunk.text) + 20;
    if (used + cost <= budgetTokens) {
      out.push({ chunk, text: chunk.text });
      used += cost;
    } else {
      const left = budgetTokens - used - 20;
      if (out.length === 0 || left > 100) out.push({ chunk, text: `${chunk.text.slice(0, Math.max(200, left * 3.5))} …` });
      break;
    }
  }
  return out;
}

/** Neutralises tags inside source text so a document cannot close its <source> element and speak as the user. */
function escapeSource(text: string): string {
  return text.replace(/<\/?\s*source[^>]*>/gi, (m) => m.replace(/</g, '‹').replace(/>/g, '›'));
}

export function buildMessages(prompt: Prompt, question: string, sources: { chunk: RetrievedChunk; text: string }[], history: Turn[] = []) {
  const rendered = sources
    .map((s, i) => `<source n="${i + 1}" title="${citationLabel(s.chunk.meta).replace(/"/g, "'")}">\n${escapeSource(s.text)}\n</source>`)
    .join('\n');
  const hist = history.length
    ? `Earlier in this thread:\n${history
        .slice(-4)
        .map((t) => `${t.role === 'user' ? 'Asker' : 'Rounds'}: ${t.text.slice(0, 500)}`)
        .join('\n')}\n\n`
    : '';
  return [
    { role: 'system' as const, content: prompt.system },
    { role: 'user' as const, content: fill(prompt.user, { question, sources: rendered, history: hist }) },
  ];
}

export function parseLlmOutput(raw: string): z.infer<typeof llmOutputSchema> {
  const fenced = raw.match(/```(?:json)?\s*([\s\S]*?)```/);
  const body = fenced?.[1] ?? raw;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start) throw new LlmComposeError('llm_invalid_output', 'the LLM reply holds no JSON object');
  let json: unknown;
  try {
    json = JSON.parse(body.slice(start, end + 1));
  } catch (cause) {
    throw new LlmComposeError('llm_invalid_output', 'the LLM reply is not valid JSON', { cause });
  }
  const parsed = llmOutputSchema.safeParse(json);
  if (!parsed.success)
    throw new LlmComposeError('llm_invalid_output', `the LLM reply does not match the schema: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export async function composeWithLlm(
  question: string,
  sources: RetrievedChunk[],
  llm: Llm,
  options: { prompt: Prompt; budgetTokens: number; timeoutMs: number; history?: Turn[] },
): Promise<Draft> {
  const fitted = budgetSources(sources, options.budgetTokens);
  const messages = buildMessages(options.prompt, question, fitted, options.history);
  let raw: string;
  try {
    raw = await llm.complete({ messages, jsonSchema: LLM_JSON_SCHEMA, maxTokens: 800, timeoutMs: options.timeoutMs });
  } catch (cause) {
    const name = (cause as Error)?.name ?? '';
    const timeout = /timeout|abort/i.test(name) || /timed? ?out/i.test((cause as Error)?.message ?? '');
    throw new LlmComposeError(timeout ? 'llm_timeout' : 'llm_error', `LLM call failed: ${(cause as Error)?.message}`, { cause });
  }
  const out = parseLlmOutput(raw);
  return {
    sentences: out.sentences.map((s) => ({ text: s.text, citations: s.citations })),
    sources: fitted.map((f) => f.chunk),
    llm: { sufficient: out.sufficient, ...(out.confidence ? { confidence: out.confidence } : {}) },
  };
}
