import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/types.js';
import { statesAll, statesAny } from '../../src/eval/metrics.js';
import { runEval } from '../../src/eval/run-eval.js';

function answer(text: string, status: Answer['status'], label: Answer['confidence']['label'], docId = 'p/1219'): Answer {
  return {
    id: 'a',
    createdAt: '2026-12-07T00:00:00Z',
    question: 'q',
    normalizedQuestion: 'q',
    redaction: { redacted: false, kinds: [] },
    status,
    text,
    sentences: [],
    citations:
      status === 'answered'
        ? [{ n: 1, chunkId: `${docId}#0000`, docId, title: 't', headingPath: [], collection: 'c', snippet: '', score: 1, warnings: [] }]
        : [],
    confidence: { label, score: 0.8, features: {}, meaning: '' },
    composer: 'extractive',
    embedder: 'hash',
    collections: ['c'],
    channelProfile: 'all',
    warnings: [],
    timings: { redactMs: 0, retrievalMs: 0, composeMs: 0, totalMs: 0 },
  };
}

describe('answers that hold', () => {
  it('compares doses however they are spaced', () => {
    expect(statesAny('Epinephrine (1mg/mL) administer 0.5 mg (0.5mL) IM [1].', [['0.5mg (0.5mL)']])).toBe(true);
    expect(statesAny('Epinephrine 0.01mg/kg IM [1].', [['0.5mg']])).toBe(false);
    expect(statesAll('Repeat every 5 min, 1 mg [1].', [['1mg', '1 mg'], ['5 min']])).toBe(true);
    expect(statesAll('Repeat every 5 min [1].', [['1mg'], ['5 min']])).toBe(false);
  });

  it('counts an answer stating the other group’s dose, an abstention on an answerable question and an answer to a must-abstain one as not holding', async () => {
    const questions = [
      { id: 'ok', question: 'adult epi', relevant: ['p/1219'], exact_answer: [['0.5mg']], must_not: [['0.01mg/kg']] },
      { id: 'wrong-group', question: 'adult epi', relevant: ['p/1219'], exact_answer: [['0.5mg']], must_not: [['0.01mg/kg']] },
      { id: 'abstained', question: 'adult epi', relevant: ['p/1219'], exact_answer: [['0.5mg']] },
      { id: 'answered-unanswerable', question: 'ketamine dose', relevant: [] },
      { id: 'abstained-unanswerable', question: 'ketamine dose', relevant: [] },
    ];
    const replies: Record<string, Answer> = {
      ok: answer('Epinephrine 0.5mg IM [1].', 'answered', 'medium'),
      'wrong-group': answer('Epinephrine 0.5mg IM, or 0.01 mg/kg [1].', 'answered', 'medium'),
      abstained: answer('Not enough evidence.', 'insufficient_evidence', 'insufficient'),
      'answered-unanswerable': answer('Fentanyl 50 mcg [1].', 'answered', 'high'),
      'abstained-unanswerable': answer('Not enough evidence.', 'insufficient_evidence', 'insufficient'),
    };
    const report = await runEval('t', questions, async (q) => ({ answer: replies[q.id] as Answer, ranking: ['p/1219'], ms: 1 }));
    expect(report.questions.map((r) => [r.id, r.holds])).toEqual([
      ['ok', true],
      ['wrong-group', false],
      ['abstained', false],
      ['answered-unanswerable', false],
      ['abstained-unanswerable', true],
    ]);
    expect(report.holds).toEqual({ share: 0.4, wrong_by_label: { high: 1, medium: 1, low: 0 }, must_not_stated: 1 });
  });
});
