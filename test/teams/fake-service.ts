/**
 * A RoundsService for adapter tests: canned answers (the RAG core is tested elsewhere) recorded in the REAL
 * SQLite feedback store, so reply-id mapping and ratings go through the same code as in production.
 * Question text steers the outcome: "fault" → RoundsError, "unknown" → abstention, blank → refusal.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../src/config/config.js';
import { getProfile, isReviewer, profileNames, resolveProfile } from '../../src/config/profiles.js';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';
import type { AnswerContext, ChannelProfile, FeedbackStore, RatingInput, StoredRating } from '../../src/core/ports.js';
import type { HealthReport, RoundsService } from '../../src/core/service.js';
import type { Answer, Citation, Question } from '../../src/core/types.js';

export const LONG_TITLE = 'Adult sepsis recognition and management protocol for acute medical and surgical wards (regional)';
export const LONG_SNIPPET =
  'Give broad-spectrum intravenous antibiotics within one hour of recognising suspected sepsis with any red flag, after taking blood cultures where this does not delay treatment, and review the choice with microbiology results.';

function citation(n: number, over: Partial<Citation> = {}): Citation {
  return {
    n,
    chunkId: `sepsis#000${n}`,
    docId: 'sepsis',
    title: LONG_TITLE,
    headingPath: [LONG_TITLE, 'Hour-1 bundle', n === 1 ? 'Antibiotics' : 'Cultures'],
    collection: 'general',
    version: '3.1',
    effective: '2025-02-01',
    reviewBy: '2027-02-01',
    source: 'https://intranet.example.org/policies/sepsis',
    publisher: 'Trust Sepsis Group',
    snippet: LONG_SNIPPET,
    score: 0.8 - n * 0.1,
    warnings: [],
    ...over,
  };
}

export function cannedAnswer(question: Question, profile: ChannelProfile | undefined): Answer {
  const text = question.text.trim();
  const base = {
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    question: text,
    normalizedQuestion: text.toLowerCase(),
    redaction: { redacted: false, kinds: [] },
    composer: 'extractive' as const,
    embedder: 'hash-v1',
    collections: profile?.collections ?? ['general'],
    channelProfile: profile?.name ?? 'general',
    timings: { redactMs: 0, retrievalMs: 1, composeMs: 1, totalMs: 2 },
  };
  if (text === '') {
    return {
      ...base,
      status: 'refused',
      refusalCode: 'empty_question',
      text: 'Ask a question after mentioning Rounds, e.g. "@Rounds first-line antibiotic in sepsis?"',
      sentences: [],
      citations: [],
      confidence: { label: 'insufficient', score: 0, features: {}, meaning: 'No question was asked.' },
      warnings: [],
    };
  }
  if (/unknown/i.test(text)) {
    return {
      ...base,
      status: 'insufficient_evidence',
      text: 'The knowledge base does not contain enough evidence to answer this.',
      sentences: [],
      citations: [citation(1, { snippet: 'Closest passage, not an answer.' })],
      confidence: { label: 'insufficient', score: 0.1, features: { top: 0.1 }, meaning: 'Below the abstention threshold.' },
      warnings: [],
    };
  }
  const stale = citation(2, { reviewBy: '2024-01-01', warnings: [{ kind: 'past_review', reviewBy: '2024-01-01' }] });
  return {
    ...base,
    status: 'answered',
    text: 'Give broad-spectrum antibiotics within one hour [1]. Take blood cultures first if that causes no delay [2].',
    sentences: [
      { text: 'Give broad-spectrum antibiotics within one hour [1].', citations: [1], supported: true },
      { text: 'Take blood cultures first if that causes no delay [2].', citations: [2], supported: true },
    ],
    // Source 3 is retrieved but never cited: it must not appear as a Teams citation.
    citations: [citation(1), stale, citation(3, { title: 'Uncited', headingPath: ['Uncited'] })],
    confidence: { label: 'high', score: 0.91, features: { top: 0.9 }, meaning: '9 in 10 answers at this level were rated correct.' },
    warnings: ['Source [2] is past its review date (2024-01-01): check that this guidance is still current.'],
  };
}

export interface FakeService extends RoundsService {
  asked: Array<{ question: Question; context: Partial<AnswerContext> | undefined; answer?: Answer }>;
  rated: StoredRating[];
  /** 'llm' reports retrieval progress with an LLM drafting (as the real core does), so 1:1 replies stream the text. */
  composer: 'extractive' | 'llm';
}

export function createFakeService(config: Config, store: FeedbackStore): FakeService {
  const asked: FakeService['asked'] = [];
  const rated: StoredRating[] = [];
  const service: FakeService = {
    asked,
    rated,
    store,
    composer: 'extractive',
    async ask(question, context, observe) {
      const entry: FakeService['asked'][number] = { question, context };
      asked.push(entry);
      if (/fault/i.test(question.text)) {
        throw new RoundsError(ErrorCode.ChromaUnavailable, 'Chroma at http://127.0.0.1:1 is not reachable');
      }
      const profile = resolveProfile(config.file, question.platform, question.channelId);
      observe?.onProgress?.({ stage: 'retrieved', collections: profile?.collections ?? [], sources: 3, llm: service.composer === 'llm' });
      const answer = { ...cannedAnswer(question, profile), composer: service.composer };
      entry.answer = answer;
      await store.recordAnswer(answer, { platform: question.platform, ...context });
      return answer;
    },
    async rate(input: RatingInput & { channelId?: string }) {
      const record = await store.getAnswer(input.answerId);
      if (!record) throw new RoundsError(ErrorCode.UnknownAnswer, `No answer ${input.answerId}`);
      const reviewer = isReviewer(config.file, {
        platform: input.platform ?? 'teams',
        raterId: input.raterId,
        ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}),
        ...(input.channelId ? { channelId: input.channelId } : {}),
      });
      const role = reviewer ? 'reviewer' : record.context.askerId === input.raterId ? 'asker' : 'other';
      const { channelId: _channel, ...rest } = input;
      const stored = await store.rate({ ...rest, role });
      rated.push(stored);
      return stored;
    },
    profileFor: (platform, channelId) => resolveProfile(config.file, platform, channelId),
    profiles: () =>
      profileNames(config.file)
        .map((n) => getProfile(config.file, n))
        .filter((p): p is ChannelProfile => Boolean(p)),
    async health(): Promise<HealthReport> {
      return { ok: true, chroma: { ok: true, location: 'fake' }, store: { ok: true }, llm: { configured: false } };
    },
  };
  return service;
}
