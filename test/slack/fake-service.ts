/**
 * A RoundsService for the Slack tests until the real runtime is wired: answers come from a tiny deterministic
 * "pipeline" keyed on the question, but recording, ratings and reviewer roles go through the real SQLite
 * feedback store and the real profile/reviewer resolution from the config module.
 */
import { randomUUID } from 'node:crypto';
import type { FileConfig } from '../../src/config/config.js';
import { getProfile, isReviewer, profileNames, resolveProfile } from '../../src/config/profiles.js';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';
import type { AnswerContext, ChannelProfile, RatingInput, StoredRating } from '../../src/core/ports.js';
import type { AskObserver, HealthReport, RoundsService } from '../../src/core/service.js';
import type { Answer, Citation, Question } from '../../src/core/types.js';
import { contextOf } from '../../src/service/rounds-service.js';
import { openSqliteStore, type SqliteFeedbackStore } from '../../src/store/sqlite-store.js';

export interface AskRecord {
  question: Question;
  context?: Partial<AnswerContext>;
}

const SEPSIS: Citation[] = [
  {
    n: 1,
    chunkId: 'sepsis-adult#0002',
    docId: 'sepsis-adult',
    title: 'Adult sepsis protocol',
    headingPath: ['Adult sepsis protocol', 'Hour-1 bundle'],
    collection: 'general',
    version: '3.1',
    effective: '2025-02-01',
    reviewBy: '2027-02-01',
    source: 'https://intranet.example.org/sepsis',
    snippet:
      'Within one hour: measure lactate, take blood cultures before antibiotics, give broad-spectrum antibiotics & 30 mL/kg crystalloid for hypotension.',
    score: 0.82,
    warnings: [],
  },
  {
    n: 2,
    chunkId: 'sepsis-2021#0001',
    docId: 'sepsis-2021',
    title: 'Sepsis screening 2021',
    headingPath: ['Screening'],
    collection: 'general',
    version: '1.0',
    effective: '2021-01-01',
    reviewBy: '2023-01-01',
    source: 'NICE NG51',
    snippet: 'Use the screening tool for any adult with suspected infection.',
    score: 0.51,
    warnings: [{ kind: 'past_review', reviewBy: '2023-01-01' }],
  },
];

export class FakeRoundsService implements RoundsService {
  readonly asked: AskRecord[] = [];
  readonly store: SqliteFeedbackStore;
  /** 'chroma_down' makes ask() throw as the real service does when Chroma is unreachable. */
  mode: 'ok' | 'chroma_down' | 'crash' = 'ok';
  /** Delay before answering (ms), to observe progress indicators before the reply. */
  delayMs = 0;
  /** 'llm' reports retrieval progress with an LLM drafting (as the real core does), so the reply is streamed. */
  composer: 'extractive' | 'llm' = 'extractive';

  constructor(
    private readonly file: FileConfig,
    dbPath: string,
  ) {
    this.store = openSqliteStore({ path: dbPath });
  }

  async ask(question: Question, context?: Partial<AnswerContext>, observe?: AskObserver): Promise<Answer> {
    this.asked.push({ question, ...(context ? { context } : {}) });
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.mode === 'chroma_down') {
      throw new RoundsError(ErrorCode.ChromaUnavailable, 'Chroma at http://127.0.0.1:9 is unreachable. Start it or set CHROMA_URL.');
    }
    if (this.mode === 'crash') throw new TypeError("Cannot read properties of undefined (reading 'x')");
    const profile = this.profileFor(question.platform, question.channelId);
    // Retrieval done (the real core reports it there): an LLM drafting makes the Slack reply a stream.
    observe?.onProgress?.({ stage: 'retrieved', collections: profile?.collections ?? [], sources: 2, llm: this.composer === 'llm' });
    const answer = { ...this.compose(question, profile), composer: this.composer };
    // As the real service does: the audit context comes from the question, and `context` may add to it.
    await this.store.recordAnswer(answer, { ...contextOf(question), ...context });
    return answer;
  }

  private compose(q: Question, profile: ChannelProfile | undefined): Answer {
    const text = q.text.trim();
    const base = {
      id: randomUUID(),
      createdAt: new Date().toISOString(),
      question: text.replace(/MRN\s*\d+/gi, '[MRN]'),
      normalizedQuestion: text.toLowerCase(),
      redaction: { redacted: /MRN\s*\d+/i.test(text), kinds: /MRN\s*\d+/i.test(text) ? ['mrn'] : [] },
      composer: 'extractive' as const,
      embedder: 'hash-v1',
      collections: profile?.collections ?? [],
      channelProfile: profile?.name ?? 'none',
      timings: { redactMs: 0, retrievalMs: 1, composeMs: 1, totalMs: 2 },
    };
    if (!text) {
      return {
        ...base,
        status: 'refused',
        refusalCode: 'empty_question',
        text: 'Please type a question.',
        sentences: [],
        citations: [],
        confidence: { label: 'insufficient', score: 0, features: {}, meaning: 'No question was asked.' },
        warnings: [],
      };
    }
    if (/sepsis|bundle|antibiotic/i.test(text) || (q.history ?? []).some((t) => /sepsis/i.test(t.text))) {
      const body =
        'Within the first hour measure lactate, take blood cultures before antibiotics and give broad-spectrum antibiotics [1]. Screen adults with suspected infection [2].';
      return {
        ...base,
        status: 'answered',
        text: body,
        sentences: [
          {
            text: 'Within the first hour measure lactate, take blood cultures before antibiotics and give broad-spectrum antibiotics [1].',
            citations: [1],
            supported: true,
          },
          { text: 'Screen adults with suspected infection [2].', citations: [2], supported: true },
        ],
        citations: SEPSIS,
        confidence: {
          label: 'high',
          score: 0.86,
          features: { topDense: 0.82 },
          meaning: 'In testing, answers labelled high were correct 9 times in 10.',
        },
        warnings: ['Source [2] is past its review date (2023-01-01).'],
      };
    }
    return {
      ...base,
      status: 'insufficient_evidence',
      text: 'The knowledge base does not contain enough evidence to answer this.',
      sentences: [],
      citations: SEPSIS.slice(1).map((c) => ({ ...c, n: 1 })),
      confidence: {
        label: 'insufficient',
        score: 0.12,
        features: { topDense: 0.2 },
        meaning: 'The closest sources do not answer the question.',
      },
      warnings: [],
    };
  }

  async rate(input: RatingInput & { channelId?: string }): Promise<StoredRating> {
    const record = await this.store.getAnswer(input.answerId);
    const reviewer = isReviewer(this.file, {
      platform: input.platform ?? 'slack',
      raterId: input.raterId,
      ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}),
      ...(input.channelId ? { channelId: input.channelId } : {}),
    });
    const role = reviewer ? 'reviewer' : record?.context.askerId === input.raterId ? 'asker' : 'other';
    const { channelId: _channel, ...rating } = input;
    return this.store.rate({ ...rating, role });
  }

  profileFor(platform: Question['platform'], channelId?: string): ChannelProfile | undefined {
    return resolveProfile(this.file, platform, channelId);
  }

  profiles(): ChannelProfile[] {
    return profileNames(this.file)
      .map((n) => getProfile(this.file, n))
      .filter((p): p is ChannelProfile => p !== undefined);
  }

  async health(): Promise<HealthReport> {
    return { ok: true, chroma: { ok: true, location: 'fake' }, store: { ok: true }, llm: { configured: false } };
  }
}
