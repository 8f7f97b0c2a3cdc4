/**
 * Asks every question of an eval set and measures retrieval (document level), abstention, citations and
 * latency. The per-question records feed `rounds calibrate`.
 */
import type { Answer } from '../core/types.js';
import { type BaselineDoc, PlainBm25 } from './bm25-baseline.js';
import type { EvalQuestion } from './eval-set.js';
import {
  abstainedAt,
  auroc,
  itemsStated,
  mean,
  ndcgAt,
  percentile,
  recallAt,
  reciprocalRank,
  round4,
  statesAll,
  statesAny,
} from './metrics.js';

export interface AskResult {
  answer: Answer;
  ranking: string[];
  ms: number;
}

export interface QuestionRecord {
  id: string;
  answerable: boolean;
  status: Answer['status'];
  label: Answer['confidence']['label'];
  score: number;
  hit_at_1: boolean;
  cited_relevant: boolean;
  cited: string[];
  relevant: string[];
  ms: number;
  features: Record<string, number>;
  /** The answer text as shown (an abstention's sentence for an abstention). */
  text: string;
  /** The top 10 document ids, best first. */
  ranking: string[];
  type?: string;
  /** For questions with exact_answer: the share of expected items the text states. */
  stated?: number;
  /**
   * The answer holds: a must-abstain question abstained; an answerable one was answered stating every expected item
   * (or, without exact_answer, citing a relevant source) and none of the numbers it must not state (`must_not`: the
   * other patient group's dose).
   */
  holds: boolean;
  /** The answer states a number the question says it must not. */
  must_not_stated?: boolean;
}

export interface EvalReport {
  set: string;
  counts: { questions: number; answerable: number; unanswerable: number; answered: number; abstained: number; refused: number };
  retrieval: RankingFigures & { 'recall@1': number; 'recall@5': number; 'recall@10': number };
  abstention: { auroc: number; answered_answerable: number; abstained_unanswerable: number; abstained_at_95: number };
  answers?: { factoid: number; factoid_questions: number; list_recall: number; list_questions: number; mean_chars: number };
  /** Share of questions whose answer holds (see QuestionRecord.holds); answers that do not hold, by label. */
  holds: { share: number; wrong_by_label: Record<string, number>; must_not_stated: number };
  /** The reference ranking of ../shared/eval/README.md (plain BM25 over whole documents), measured in the same run. */
  baseline?: { bm25: RankingFigures & { auroc: number } };
  citations: { cited_relevant: number; cited_relevant_when_answered: number };
  by_label: Record<string, { answers: number; cited_relevant: number }>;
  latency_ms: { p50: number; p95: number; mean: number };
  config: Record<string, unknown>;
  questions: QuestionRecord[];
}

export interface RankingFigures {
  'hit@1': number;
  'hit@5': number;
  'mrr@10': number;
  'ndcg@10': number;
}

function rankingFigures(rankings: { ranking: string[]; relevant: string[] }[]): RankingFigures {
  const hit = (r: { ranking: string[]; relevant: string[] }, k: number) =>
    r.ranking.slice(0, k).some((d) => r.relevant.includes(d)) ? 1 : 0;
  return {
    'hit@1': round4(mean(rankings.map((r) => hit(r, 1)))),
    'hit@5': round4(mean(rankings.map((r) => hit(r, 5)))),
    'mrr@10': round4(mean(rankings.map((r) => reciprocalRank(r.ranking, r.relevant, 10)))),
    'ndcg@10': round4(mean(rankings.map((r) => ndcgAt(r.ranking, r.relevant, 10)))),
  };
}

/** Plain BM25 over the set's documents: ranking figures and the AUROC of its top score. */
export function bm25Baseline(docs: BaselineDoc[], questions: EvalQuestion[]): RankingFigures & { auroc: number } {
  const bm25 = new PlainBm25(docs);
  const rankings: { ranking: string[]; relevant: string[] }[] = [];
  const pos: number[] = [];
  const neg: number[] = [];
  for (const q of questions) {
    const hits = bm25.search(q.question, 10);
    if (q.relevant.length > 0) {
      rankings.push({ ranking: hits.map((h) => h.id), relevant: q.relevant });
      pos.push(hits[0]?.score ?? 0);
    } else if (q.expected_status !== 'answered') neg.push(hits[0]?.score ?? 0);
  }
  return { ...rankingFigures(rankings), auroc: round4(auroc(pos, neg)) };
}

function items(q: EvalQuestion, field: 'exact_answer' | 'must_not'): string[][] | undefined {
  const e = (q as Record<string, unknown>)[field];
  if (!Array.isArray(e) || e.length === 0) return undefined;
  const out = e.map((item) => (Array.isArray(item) ? item : [item]).filter((x): x is string => typeof x === 'string'));
  return out.some((i) => i.length) ? out : undefined;
}

function holds(q: EvalQuestion, answer: Answer, answerable: boolean, citedRelevant: boolean): { holds: boolean; wrongNumber: boolean } {
  const answered = answer.status === 'answered';
  const mustNot = items(q, 'must_not');
  const wrongNumber = answered && mustNot !== undefined && statesAny(answer.text, mustNot);
  if (!answerable) return { holds: !answered, wrongNumber };
  const expected = items(q, 'exact_answer');
  const stated = expected ? statesAll(answer.text, expected) : citedRelevant;
  return { holds: answered && stated && !wrongNumber, wrongNumber };
}

function exact(q: EvalQuestion): string[][] | undefined {
  const e = (q as { exact_answer?: unknown }).exact_answer;
  if (!Array.isArray(e) || e.length === 0) return undefined;
  const items = e.map((item) => (Array.isArray(item) ? item : [item]).filter((x): x is string => typeof x === 'string'));
  return items.some((i) => i.length) ? items : undefined;
}

export async function runEval(
  set: string,
  questions: EvalQuestion[],
  ask: (q: EvalQuestion) => Promise<AskResult>,
  options: {
    config?: Record<string, unknown>;
    onProgress?: (done: number, total: number) => void;
    /** The set's documents: adds the plain-BM25 reference figures. */
    baselineDocs?: BaselineDoc[];
  } = {},
): Promise<EvalReport> {
  const records: QuestionRecord[] = [];
  const rankings: { ranking: string[]; relevant: string[] }[] = [];
  for (const [i, q] of questions.entries()) {
    const { answer, ranking, ms } = await ask(q);
    const relevant = q.relevant;
    const cited = [...new Set(answer.citations.map((c) => c.docId))];
    // Exported feedback can say a question must be answered without knowing which document holds the answer
    // (a 👎 on an abstention): answerable, but left out of the retrieval metrics.
    const answerable = relevant.length > 0 || q.expected_status === 'answered';
    if (relevant.length > 0) rankings.push({ ranking, relevant });
    const citedRelevant = answer.status === 'answered' && (relevant.length > 0 ? cited.some((d) => relevant.includes(d)) : answerable);
    const held = holds(q, answer, answerable, citedRelevant);
    records.push({
      id: q.id,
      answerable,
      status: answer.status,
      label: answer.confidence.label,
      score: answer.confidence.score,
      hit_at_1: relevant.includes(ranking[0] ?? ''),
      cited_relevant: citedRelevant,
      cited: answer.status === 'answered' ? cited : [],
      relevant,
      ms: Math.round(ms * 100) / 100,
      features: answer.confidence.features,
      text: answer.text,
      ranking: ranking.slice(0, 10),
      ...(typeof q.type === 'string' ? { type: q.type } : {}),
      ...(exact(q) ? { stated: itemsStated(answer.text, exact(q) as string[][]) } : {}),
      holds: held.holds,
      ...(held.wrongNumber ? { must_not_stated: true } : {}),
    });
    options.onProgress?.(i + 1, questions.length);
  }
  const pos = records.filter((r) => r.answerable);
  const neg = records.filter((r) => !r.answerable);
  const answered = records.filter((r) => r.status === 'answered');
  const byLabel: EvalReport['by_label'] = {};
  for (const label of ['high', 'medium', 'low']) {
    const rs = answered.filter((r) => r.label === label);
    byLabel[label] = {
      answers: rs.length,
      cited_relevant: round4(rs.length ? rs.filter((r) => r.cited_relevant).length / rs.length : Number.NaN),
    };
  }
  const abst = records.filter((r) => r.status === 'insufficient_evidence');
  byLabel.insufficient = {
    answers: abst.length,
    cited_relevant: round4(abst.length ? abst.filter((r) => !r.answerable).length / abst.length : Number.NaN),
  };
  const withExact = pos.filter((r) => r.stated !== undefined);
  const factoid = withExact.filter((r) => r.type === 'factoid');
  const list = withExact.filter((r) => r.type === 'list');
  const share = (xs: QuestionRecord[], f: (r: QuestionRecord) => boolean) => (xs.length ? xs.filter(f).length / xs.length : Number.NaN);
  const ms = records.map((r) => r.ms);
  return {
    set,
    counts: {
      questions: records.length,
      answerable: pos.length,
      unanswerable: neg.length,
      answered: answered.length,
      abstained: abst.length,
      refused: records.filter((r) => r.status === 'refused').length,
    },
    retrieval: {
      ...rankingFigures(rankings),
      'recall@1': round4(mean(rankings.map((r) => recallAt(r.ranking, r.relevant, 1)))),
      'recall@5': round4(mean(rankings.map((r) => recallAt(r.ranking, r.relevant, 5)))),
      'recall@10': round4(mean(rankings.map((r) => recallAt(r.ranking, r.relevant, 10)))),
    },
    abstention: {
      auroc: round4(
        auroc(
          pos.map((r) => r.score),
          neg.map((r) => r.score),
        ),
      ),
      answered_answerable: round4(share(pos, (r) => r.status === 'answered')),
      abstained_unanswerable: round4(share(neg, (r) => r.status === 'insufficient_evidence')),
      abstained_at_95: round4(
        abstainedAt(
          pos.map((r) => r.score),
          neg.map((r) => r.score),
          0.95,
        ),
      ),
    },
    ...(withExact.length
      ? {
          answers: {
            factoid: round4(mean(factoid.map((r) => (r.stated === 1 ? 1 : 0)))),
            factoid_questions: factoid.length,
            list_recall: round4(mean(list.map((r) => r.stated as number))),
            list_questions: list.length,
            mean_chars: round4(mean([...factoid, ...list].map((r) => r.text.length))),
          },
        }
      : {}),
    holds: {
      share: round4(share(records, (r) => r.holds)),
      wrong_by_label: Object.fromEntries(
        ['high', 'medium', 'low'].map((l) => [l, answered.filter((r) => r.label === l && !r.holds).length]),
      ),
      must_not_stated: records.filter((r) => r.must_not_stated).length,
    },
    ...(options.baselineDocs ? { baseline: { bm25: bm25Baseline(options.baselineDocs, questions) } } : {}),
    citations: {
      cited_relevant: round4(share(pos, (r) => r.cited_relevant)),
      cited_relevant_when_answered: round4(
        share(
          pos.filter((r) => r.status === 'answered'),
          (r) => r.cited_relevant,
        ),
      ),
    },
    by_label: byLabel,
    latency_ms: { p50: round4(percentile(ms, 50)), p95: round4(percentile(ms, 95)), mean: round4(mean(ms)) },
    config: options.config ?? {},
    questions: records,
  };
}

export function formatReport(r: EvalReport): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
  const lines = [
    `Eval: ${r.set}`,
    `  questions ${r.counts.questions} (answerable ${r.counts.answerable}, must abstain ${r.counts.unanswerable}); answered ${r.counts.answered}, abstained ${r.counts.abstained}, refused ${r.counts.refused}`,
    `  retrieval  hit@1 ${r.retrieval['hit@1'].toFixed(3)}  recall@1 ${r.retrieval['recall@1'].toFixed(3)}  recall@5 ${r.retrieval['recall@5'].toFixed(3)}  recall@10 ${r.retrieval['recall@10'].toFixed(3)}  mrr@10 ${r.retrieval['mrr@10'].toFixed(3)}  ndcg@10 ${r.retrieval['ndcg@10'].toFixed(3)}`,
    `  abstention AUROC ${r.abstention.auroc.toFixed(3)}  answered answerable ${pct(r.abstention.answered_answerable)}  abstained unanswerable ${pct(r.abstention.abstained_unanswerable)}  abstained at 95% answered ${pct(r.abstention.abstained_at_95)}`,
    ...(r.baseline
      ? [
          `  plain BM25 hit@1 ${r.baseline.bm25['hit@1'].toFixed(3)}  hit@5 ${r.baseline.bm25['hit@5'].toFixed(3)}  mrr@10 ${r.baseline.bm25['mrr@10'].toFixed(3)}  ndcg@10 ${r.baseline.bm25['ndcg@10'].toFixed(3)}  AUROC ${r.baseline.bm25.auroc.toFixed(3)} (reference, same run)`,
        ]
      : []),
    ...(r.answers
      ? [
          `  answers    factoid ${r.answers.factoid.toFixed(3)} (${r.answers.factoid_questions})  list recall ${r.answers.list_recall.toFixed(3)} (${r.answers.list_questions})  mean ${Math.round(r.answers.mean_chars)} chars`,
        ]
      : []),
    `  holds      ${pct(r.holds.share)} of questions (wrong or unhelpful answers: high ${r.holds.wrong_by_label.high ?? 0}, medium ${r.holds.wrong_by_label.medium ?? 0}, low ${r.holds.wrong_by_label.low ?? 0}; a number it must not state ${r.holds.must_not_stated})`,
    `  citations  answerable questions answered with a relevant citation ${pct(r.citations.cited_relevant)} (${pct(r.citations.cited_relevant_when_answered)} of those answered)`,
    `  by label   ${['high', 'medium', 'low'].map((l) => `${l} ${r.by_label[l]?.answers ?? 0} (${pct(r.by_label[l]?.cited_relevant ?? Number.NaN)} relevant)`).join('  ')}  insufficient ${r.by_label.insufficient?.answers ?? 0}`,
    `  latency    p50 ${r.latency_ms.p50.toFixed(1)} ms  p95 ${r.latency_ms.p95.toFixed(1)} ms`,
  ];
  return lines.join('\n');
}
