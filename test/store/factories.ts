/** Small builders for store tests: a realistic Answer with citations, and a temp directory per test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnswerContext, Clock } from '../../src/core/ports.js';
import type { Answer, Citation, ConfidenceLabel } from '../../src/core/types.js';

let seq = 0;

export function createCitation(overrides: Partial<Citation> = {}): Citation {
  return {
    n: 1,
    chunkId: 'sepsis-protocol#0003',
    docId: 'sepsis-protocol',
    title: 'Sepsis protocol',
    headingPath: ['Sepsis protocol', 'Hour-1 bundle', 'Antibiotics'],
    collection: 'general',
    version: '3.1',
    effective: '2025-02-01',
    snippet: 'Give broad-spectrum antibiotics within one hour of recognition.',
    score: 0.82,
    warnings: [],
    ...overrides,
  };
}

export function createAnswer(overrides: Partial<Answer> & { label?: ConfidenceLabel; score?: number } = {}): Answer {
  seq += 1;
  const { label = 'high', score = 0.9, ...rest } = overrides;
  return {
    id: `ans-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 8)}`,
    createdAt: '2025-03-01T09:30:00.000Z',
    question: 'When should antibiotics be given in sepsis?',
    normalizedQuestion: 'when should antibiotics be given in sepsis',
    redaction: { redacted: false, kinds: [] },
    status: 'answered',
    text: 'Give broad-spectrum antibiotics within one hour [1].',
    sentences: [{ text: 'Give broad-spectrum antibiotics within one hour [1].', citations: [1], supported: true }],
    citations: [createCitation()],
    confidence: { label, score, features: { topScore: 0.82, coverage: 0.9, margin: 0.3 }, meaning: 'test' },
    composer: 'extractive',
    promptVersion: 'v1',
    llmModel: 'openai:gpt-4o-mini',
    embedder: 'hash-v1',
    collections: ['general'],
    channelProfile: 'general',
    warnings: [],
    timings: { redactMs: 1, retrievalMs: 12, composeMs: 3, totalMs: 16 },
    ...rest,
  };
}

export function createContext(overrides: Partial<AnswerContext> = {}): AnswerContext {
  return {
    platform: 'slack',
    workspaceId: 'T0001',
    channelId: 'C0001',
    threadId: '1700000000.000100',
    messageId: '1700000000.000100',
    askerId: 'U_ASKER',
    ...overrides,
  };
}

export function tempDir(prefix = 'rounds-store-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fakeClock(startIso: string): Clock & { set(iso: string): void; advanceDays(days: number): void } {
  let now = new Date(startIso);
  return {
    now: () => new Date(now),
    set: (iso) => {
      now = new Date(iso);
    },
    advanceDays: (days) => {
      now = new Date(now.getTime() + days * 86_400_000);
    },
  };
}
