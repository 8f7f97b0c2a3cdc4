/**
 * A small RoundsService for the web tests until the lead's test runtime lands: an in-memory FeedbackStore
 * (same contract as the SQLite one: one rating per rater per answer, UnknownAnswer for unknown ids, filters)
 * and a word-overlap "retriever" over three documents that produces real-shaped Answers, using the core's
 * real redaction.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';
import type {
  AnswerContext,
  AnswerQuery,
  AnswerRecord,
  ChannelProfile,
  Escalation,
  EscalationQuery,
  EscalationRequest,
  FeedbackStore,
  RatingInput,
  ReviewerActor,
  ReviewerEvent,
  StoredRating,
} from '../../src/core/ports.js';
import { redact } from '../../src/core/redact/redact.js';
import type { HealthReport, RoundsService } from '../../src/core/service.js';
import type { Answer, Citation, Question } from '../../src/core/types.js';

export class MemoryStore implements FeedbackStore {
  readonly records = new Map<string, AnswerRecord>();
  readonly events: ReviewerEvent[] = [];
  async recordAnswer(answer: Answer, context: AnswerContext) {
    this.records.set(answer.id, { answer, context, ratings: [] });
  }
  async setReplyId(answerId: string, replyId: string) {
    const r = this.records.get(answerId);
    if (r) r.context.replyId = replyId;
  }
  async findAnswerByReplyId(platform: Question['platform'], replyId: string) {
    return [...this.records.values()].find((r) => r.context.platform === platform && r.context.replyId === replyId);
  }
  async getAnswer(answerId: string) {
    return this.records.get(answerId);
  }
  async rate(input: RatingInput): Promise<StoredRating> {
    const rec = this.records.get(input.answerId);
    if (!rec) throw new RoundsError(ErrorCode.UnknownAnswer, `No answer with id ${input.answerId}`);
    const now = new Date().toISOString();
    const prev = rec.ratings.find((r) => r.raterId === input.raterId);
    const stored: StoredRating = {
      answerId: input.answerId,
      raterId: input.raterId,
      role: input.role ?? 'other',
      value: input.value,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.comment ? { comment: redact(input.comment).text } : {}),
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    };
    rec.ratings = [...rec.ratings.filter((r) => r.raterId !== input.raterId), stored];
    if (input.actor) {
      this.events.push({
        id: randomUUID(),
        answerId: input.answerId,
        at: now,
        action: prev ? 'rating_changed' : 'rated',
        actor: input.actor,
        value: input.value,
        ...(prev ? { previousValue: prev.value } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
      });
    }
    return stored;
  }
  async recordExport(actor: ReviewerActor, answerIds: string[]) {
    const at = new Date().toISOString();
    for (const answerId of answerIds) this.events.push({ id: randomUUID(), answerId, at, action: 'exported', actor });
  }
  async listReviewerEvents(answerIds: string[]) {
    return this.events.filter((e) => answerIds.includes(e.answerId));
  }
  async listAnswers(q: AnswerQuery): Promise<AnswerRecord[]> {
    const rows = [...this.records.values()]
      .filter((r) => !q.label || r.answer.confidence.label === q.label)
      .filter((r) => !q.status || r.answer.status === q.status)
      .filter(
        (r) =>
          !q.collection || r.answer.collections.includes(q.collection) || r.answer.citations.some((c) => c.collection === q.collection),
      )
      .filter((r) => !q.channelId || r.context.channelId === q.channelId)
      .filter((r) => {
        if (!q.rating) return true;
        if (q.rating === 'none') return r.ratings.length === 0;
        return r.ratings.some((x) => x.value === q.rating);
      })
      .filter((r) => !q.needsReview || r.ratings.some((x) => x.value === 'down' || x.reason === 'unsafe'))
      .sort((a, b) => b.answer.createdAt.localeCompare(a.answer.createdAt));
    const offset = q.offset ?? 0;
    return rows.slice(offset, offset + (q.limit ?? 50));
  }
  readonly escalations = new Map<string, Escalation>();
  async openEscalation(req: EscalationRequest) {
    if (!this.records.has(req.answerId)) throw new RoundsError(ErrorCode.UnknownAnswer, `No answer with id ${req.answerId}`);
    const existing = [...this.escalations.values()].find((e) => e.answerId === req.answerId);
    if (existing) return { escalation: existing, created: false };
    const now = new Date().toISOString();
    const escalation: Escalation = { id: randomUUID(), ...req, status: 'open', createdAt: now, updatedAt: now };
    this.escalations.set(escalation.id, escalation);
    return { escalation, created: true };
  }
  async setEscalationNotice(id: string, notice: { channelId: string; noticeId: string }) {
    const e = this.escalations.get(id);
    if (e) Object.assign(e, { noticeChannelId: notice.channelId, noticeId: notice.noticeId });
  }
  async findEscalationByNotice(platform: Question['platform'], channelId: string, noticeId: string) {
    return [...this.escalations.values()].find(
      (e) => e.platform === platform && e.noticeChannelId === channelId && e.noticeId === noticeId,
    );
  }
  async answerEscalation(id: string, reply: { text: string; by: string; replyId?: string }) {
    const e = this.escalations.get(id);
    if (!e) throw new RoundsError(ErrorCode.InvalidInput, `No escalation with id ${id}.`);
    if (e.status === 'open')
      Object.assign(e, { status: 'answered', reply: { ...reply, text: redact(reply.text).text, at: new Date().toISOString() } });
    return e;
  }
  async closeEscalation(id: string) {
    const e = this.escalations.get(id);
    if (!e) throw new RoundsError(ErrorCode.InvalidInput, `No escalation with id ${id}.`);
    Object.assign(e, { status: 'closed', closedAt: new Date().toISOString() });
    return e;
  }
  async getEscalation(id: string) {
    return this.escalations.get(id);
  }
  async listEscalations(q: EscalationQuery = {}) {
    return [...this.escalations.values()]
      .filter((e) => !q.status || e.status === q.status)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, q.limit ?? 1000);
  }
  async close() {}
}

interface Doc {
  docId: string;
  title: string;
  heading: string;
  collection: string;
  text: string;
  reviewBy?: string;
}

export const DOCS: Doc[] = [
  {
    docId: 'sepsis-protocol',
    title: 'Sepsis protocol',
    heading: 'Hour-1 bundle',
    collection: 'general',
    text: 'Within one hour of recognising sepsis: measure lactate, take blood cultures before antibiotics, give broad-spectrum antibiotics, give 30 mL/kg crystalloid for hypotension or lactate ≥ 4 mmol/L, and start vasopressors if hypotensive during or after fluids.',
  },
  {
    docId: 'vancomycin-dosing',
    title: 'Vancomycin dosing',
    heading: 'Loading dose',
    collection: 'pharmacy',
    text: 'Give a vancomycin loading dose of 25 mg/kg (maximum 3 g) based on actual body weight, then 15-20 mg/kg every 8 to 12 hours guided by trough levels <script>alert(1)</script>.',
    reviewBy: '2024-01-01',
  },
  {
    docId: 'hand-hygiene',
    title: 'Hand hygiene',
    heading: 'Five moments',
    collection: 'general',
    text: 'Clean hands before touching a patient, before clean or aseptic procedures, after body fluid exposure risk, after touching a patient, and after touching patient surroundings.',
  },
];

const words = (s: string) => new Set(s.toLowerCase().match(/[a-z]{4,}/g) ?? []);

export interface FakeServiceOptions {
  profiles?: ChannelProfile[];
  /** Make ask throw this fault (e.g. ChromaUnavailable). */
  askFault?: RoundsError;
  health?: HealthReport;
}

export function createFakeService(opts: FakeServiceOptions = {}): RoundsService & { store: MemoryStore } {
  const store = new MemoryStore();
  const profiles: ChannelProfile[] = opts.profiles ?? [
    { name: 'general', collections: ['general'], followUps: true, feedbackButtons: true },
    { name: 'pharmacy', collections: ['general', 'pharmacy'], followUps: true, feedbackButtons: true, escalation: '#pharmacy-oncall' },
    { name: 'all', collections: ['*'], followUps: true, feedbackButtons: true },
  ];
  const base = (question: Question, text: string): Omit<Answer, 'status' | 'text' | 'citations' | 'confidence' | 'sentences'> => {
    const profile = profiles.find((p) => p.name === question.channelId) ?? profiles[0]!;
    return {
      id: randomUUID(),
      createdAt: new Date().toISOString(),
      question: text,
      normalizedQuestion: text.toLowerCase(),
      redaction: { redacted: false, kinds: [] },
      composer: 'extractive',
      promptVersion: 'extractive-v1',
      embedder: 'hash-v1',
      collections: profile.collections,
      channelProfile: profile.name,
      warnings: [],
      timings: { redactMs: 0.1, retrievalMs: 4, composeMs: 1, totalMs: 5.2 },
    };
  };
  return {
    store,
    profiles: () => profiles,
    profileFor: (_platform, channelId) => profiles.find((p) => p.name === channelId),
    async ask(question, context) {
      if (opts.askFault) throw opts.askFault;
      const r = redact(question.text);
      const a = base(question, r.text);
      a.redaction = { redacted: r.kinds.length > 0, kinds: r.kinds };
      if (a.redaction.redacted) a.warnings.push(`Removed possible patient identifiers (${r.kinds.join(', ')}) before searching.`);
      let answer: Answer;
      if (!r.text.trim()) {
        answer = {
          ...a,
          status: 'refused',
          refusalCode: 'empty_question',
          text: 'Please type a question.',
          sentences: [],
          citations: [],
          confidence: { label: 'insufficient', score: 0, features: {}, meaning: 'No question.' },
        };
      } else {
        const q = words(r.text);
        const allowed = DOCS.filter((d) => a.collections.includes('*') || a.collections.includes(d.collection));
        const scored = allowed
          .map((d) => ({ d, overlap: [...words(d.text + d.title)].filter((w) => q.has(w)).length }))
          .sort((x, y) => y.overlap - x.overlap);
        const best = scored[0];
        const cite = (d: Doc, n: number, score: number): Citation => ({
          n,
          chunkId: `${d.docId}#0000`,
          docId: d.docId,
          title: d.title,
          headingPath: [d.title, d.heading],
          collection: d.collection,
          version: '2',
          effective: '2025-01-01',
          ...(d.reviewBy ? { reviewBy: d.reviewBy } : {}),
          snippet: d.text,
          score,
          warnings: d.reviewBy ? [{ kind: 'past_review', reviewBy: d.reviewBy }] : [],
        });
        if (!best || best.overlap < 2) {
          answer = {
            ...a,
            status: 'insufficient_evidence',
            text: 'The knowledge base does not contain enough evidence to answer this.',
            sentences: [],
            citations: best ? [cite(best.d, 1, 0.1)] : [],
            confidence: {
              label: 'insufficient',
              score: 0.1,
              features: { overlap: best?.overlap ?? 0 },
              meaning: 'No source covers the question.',
            },
          };
        } else {
          const c = cite(best.d, 1, 0.8);
          if (c.warnings.length) a.warnings.push(`Source [1] is past its review date (${best.d.reviewBy}).`);
          const text = `${best.d.text} [1]`;
          answer = {
            ...a,
            status: 'answered',
            text,
            sentences: [{ text, citations: [1], supported: true }],
            citations: [c],
            confidence: {
              label: best.overlap >= 4 ? 'high' : 'medium',
              score: Math.min(0.95, 0.5 + best.overlap / 20),
              features: { overlap: best.overlap, top_score: 0.8 },
              meaning: 'Most answers with this label were approved by reviewers.',
            },
          };
        }
      }
      await store.recordAnswer(answer, {
        platform: question.platform,
        channelId: question.channelId,
        askerId: question.askerId,
        ...context,
      });
      return answer;
    },
    async rate(input) {
      return store.rate({ ...input, role: input.role ?? 'asker' });
    },
    async health() {
      return (
        opts.health ?? {
          ok: true,
          chroma: { ok: true, location: 'memory', chunks: DOCS.length },
          store: { ok: true },
          llm: { configured: false },
        }
      );
    },
  };
}
