/**
 * Reads every matching answer through the FeedbackStore port in pages, so exports and reports work the same on
 * SQLite today and on a shared PostgreSQL later (the port caps a page at 1000 rows).
 */
import type { AnswerQuery, AnswerRecord, FeedbackStore } from '../core/ports.js';

const PAGE = 500;

export async function allAnswers(store: FeedbackStore, query: Omit<AnswerQuery, 'limit' | 'offset'> = {}): Promise<AnswerRecord[]> {
  const out: AnswerRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.listAnswers({ ...query, limit: PAGE, offset });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}
