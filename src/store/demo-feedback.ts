/**
 * Simulated feedback for the report screenshot and its browser test: three weeks of answers over the demo
 * knowledge pack, rated by reviewers and other staff with a realistic pattern (higher confidence, more 👍).
 * Deterministic (seeded), so the screenshot only changes when the report does. Never used by the running bot.
 */
import type { FeedbackStore, RatingReason } from '../core/ports.js';
import type { Answer, ConfidenceLabel } from '../core/types.js';

const DOCS: { docId: string; title: string; collection: string; quality: number; question: string }[] = [
  {
    docId: 'sepsis-bundle-2024',
    title: 'Sepsis hour-1 bundle',
    collection: 'general',
    quality: 0.9,
    question: 'How quickly should IV antibiotics be given for probable sepsis?',
  },
  {
    docId: 'news2-escalation',
    title: 'NEWS2 escalation',
    collection: 'general',
    quality: 0.85,
    question: 'What NEWS2 score needs an emergency response?',
  },
  {
    docId: 'sepsis-bundle-2021',
    title: 'Sepsis bundle (2021, superseded)',
    collection: 'general',
    quality: 0.35,
    question: 'How much fluid for septic hypotension?',
  },
  {
    docId: 'vancomycin-dosing-monitoring',
    title: 'Vancomycin dosing and monitoring',
    collection: 'pharmacy',
    quality: 0.7,
    question: 'When do we take a vancomycin trough level?',
  },
  {
    docId: 'insulin-sliding-scale',
    title: 'VRIII and correction insulin',
    collection: 'pharmacy',
    quality: 0.75,
    question: 'When should the VRIII be stopped after eating?',
  },
  {
    docId: 'postpartum-haemorrhage',
    title: 'Postpartum haemorrhage',
    collection: 'obstetrics',
    quality: 0.85,
    question: 'First-line uterotonic for postpartum haemorrhage?',
  },
  {
    docId: 'pre-eclampsia-magnesium-sulfate',
    title: 'Severe pre-eclampsia and magnesium',
    collection: 'obstetrics',
    quality: 0.8,
    question: 'What is the magnesium sulfate loading dose in severe pre-eclampsia?',
  },
];
const REASONS: RatingReason[] = ['incorrect', 'outdated_source', 'missing_information', 'irrelevant_source', 'unsafe', 'other'];

/** Mulberry32: a tiny seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function labelOf(score: number): ConfidenceLabel {
  return score >= 0.85 ? 'high' : score >= 0.65 ? 'medium' : score >= 0.5 ? 'low' : 'insufficient';
}

export interface SeedOptions {
  answers?: number;
  start?: string;
  seed?: number;
  /** Called with each rating's simulated time, so a store on a settable clock dates ratings over three weeks. */
  setTime?: (iso: string) => void;
}

export async function seedDemoFeedback(store: FeedbackStore, options: SeedOptions = {}): Promise<void> {
  const random = rng(options.seed ?? 7);
  const start = Date.parse(options.start ?? '2025-03-01T08:00:00Z');
  const n = options.answers ?? 240;
  for (let i = 0; i < n; i++) {
    const doc = DOCS[Math.floor(random() * DOCS.length)]!;
    const score = Math.min(0.99, Math.max(0.05, doc.quality * 0.6 + random() * 0.5));
    const label = labelOf(score);
    const createdAt = new Date(start + Math.floor((i / n) * 21 * 86_400_000) + Math.floor(random() * 3_600_000)).toISOString();
    const answered = label !== 'insufficient';
    const question = doc.question;
    const answer: Answer = {
      id: `demo-${String(i).padStart(4, '0')}`,
      createdAt,
      question,
      normalizedQuestion: question.toLowerCase(),
      redaction: { redacted: false, kinds: [] },
      status: answered ? 'answered' : 'insufficient_evidence',
      text: answered ? `From ${doc.title} [1].` : 'Not enough evidence in the knowledge base.',
      sentences: answered ? [{ text: `From ${doc.title} [1].`, citations: [1], supported: true }] : [],
      citations: [
        {
          n: 1,
          chunkId: `${doc.docId}#0001`,
          docId: doc.docId,
          title: doc.title,
          headingPath: [doc.title],
          collection: doc.collection,
          version: '1',
          snippet: `${doc.title} excerpt`,
          score,
          warnings: [],
        },
      ],
      confidence: { label, score, features: { coverage: score }, meaning: 'demo' },
      composer: 'extractive',
      embedder: 'hash-v1',
      collections: [doc.collection],
      channelProfile: doc.collection,
      warnings: [],
      timings: { redactMs: 0, retrievalMs: 20, composeMs: 2, totalMs: 22 },
    };
    await store.recordAnswer(answer, { platform: i % 3 ? 'slack' : 'teams', channelId: `C-${doc.collection}`, askerId: `U${i % 17}` });
    const raters = random() < 0.7 ? 1 + Math.floor(random() * 2) : 0;
    for (let r = 0; r < raters; r++) {
      options.setTime?.(new Date(Date.parse(createdAt) + (r + 1) * 1_800_000).toISOString());
      // Approval follows the score (what calibration should find) and the document's quality.
      const good = random() < 0.15 + 0.55 * score + 0.3 * doc.quality - 0.1;
      const reason = good ? undefined : REASONS[Math.floor(random() * REASONS.length)];
      await store.rate({
        answerId: answer.id,
        raterId: r === 0 ? `REV${i % 4}` : `U${(i + r) % 23}`,
        role: r === 0 && random() < 0.8 ? 'reviewer' : 'other',
        value: good ? 'up' : 'down',
        ...(reason ? { reason } : {}),
      });
    }
  }
}
