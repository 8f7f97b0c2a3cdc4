/**
 * What the knowledge base could not answer, for the knowledge team: abstentions, answers rated 👎 "missing
 * information", and questions handed to a person (escalations), grouped by topic and ordered most frequent, then
 * newest first. A topic is a greedy cluster of questions sharing content words (stemmed, stop words out): two
 * questions join when they share at least half of the smaller one's words, or two words. Named by its commonest
 * words as the askers typed them. Reads through the FeedbackStore port only, so PostgreSQL gets it for free.
 */
import type { AnswerRecord, Escalation, EscalationStatus, FeedbackStore } from '../core/ports.js';
import { terms, typedWords } from '../core/text.js';
import { allAnswers } from './all-answers.js';

export type GapKind = 'abstention' | 'missing_information' | 'escalation';

export interface GapItem {
  answerId: string;
  createdAt: string;
  /** The redacted question as stored. */
  question: string;
  kinds: GapKind[];
  channelProfile: string;
  escalation?: { id: string; status: EscalationStatus; reply?: string; replyBy?: string };
}

export interface GapTopic {
  topic: string;
  count: number;
  /** Newest question's time. */
  latest: string;
  kinds: Record<GapKind, number>;
  /** Newest first. */
  items: GapItem[];
}

const TOPIC_WORDS = 3;

function gapItem(record: AnswerRecord, escalation: Escalation | undefined): GapItem | undefined {
  const { answer } = record;
  if (answer.status === 'refused' || answer.question === '') return undefined;
  const kinds: GapKind[] = [];
  if (answer.status === 'insufficient_evidence') kinds.push('abstention');
  if (record.ratings.some((r) => r.value === 'down' && r.reason === 'missing_information')) kinds.push('missing_information');
  if (escalation) kinds.push('escalation');
  if (kinds.length === 0) return undefined;
  return {
    answerId: answer.id,
    createdAt: answer.createdAt,
    question: answer.question,
    kinds,
    channelProfile: answer.channelProfile,
    ...(escalation
      ? {
          escalation: {
            id: escalation.id,
            status: escalation.status,
            ...(escalation.reply ? { reply: escalation.reply.text, replyBy: escalation.reply.by } : {}),
          },
        }
      : {}),
  };
}

function joins(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared += 1;
  return shared >= 2 || shared >= Math.ceil(Math.min(a.size, b.size) / 2);
}

/** The commonest stems of a cluster, shown as the first spelling an asker used. */
function topicName(items: GapItem[]): string {
  const counts = new Map<string, number>();
  const spelling = new Map<string, string>();
  for (const item of items) {
    const seen = new Set<string>();
    for (const word of typedWords(item.question)) {
      const [stem] = terms(word);
      if (!stem || seen.has(stem) || /^\[.*\]$/.test(word)) continue;
      seen.add(stem);
      counts.set(stem, (counts.get(stem) ?? 0) + 1);
      if (!spelling.has(stem)) spelling.set(stem, word.toLowerCase());
    }
  }
  const top = [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, TOPIC_WORDS);
  return top.map(([stem]) => spelling.get(stem) ?? stem).join(', ') || '(no content words)';
}

/** Groups gap items (newest first in, newest first out within each topic). */
export function groupGaps(items: GapItem[]): GapTopic[] {
  const clusters: { terms: Set<string>; items: GapItem[] }[] = [];
  for (const item of [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))) {
    const t = new Set(terms(item.question).filter((w) => !/^\d+$/.test(w)));
    const home = clusters.find((c) => joins(c.terms, t));
    if (home) {
      home.items.push(item);
      for (const w of t) home.terms.add(w);
    } else clusters.push({ terms: t, items: [item] });
  }
  return clusters
    .map((c) => ({
      topic: topicName(c.items),
      count: c.items.length,
      latest: c.items[0]?.createdAt ?? '',
      kinds: {
        abstention: c.items.filter((i) => i.kinds.includes('abstention')).length,
        missing_information: c.items.filter((i) => i.kinds.includes('missing_information')).length,
        escalation: c.items.filter((i) => i.kinds.includes('escalation')).length,
      },
      items: c.items,
    }))
    .sort((a, b) => b.count - a.count || b.latest.localeCompare(a.latest));
}

export async function knowledgeGaps(store: FeedbackStore, opts: { since?: string } = {}): Promise<GapTopic[]> {
  const records = await allAnswers(store, opts.since ? { since: opts.since } : {});
  const escalations = new Map((await store.listEscalations(opts.since ? { since: opts.since } : {})).map((e) => [e.answerId, e]));
  const items = records.map((r) => gapItem(r, escalations.get(r.answer.id))).filter((i): i is GapItem => i !== undefined);
  return groupGaps(items);
}
