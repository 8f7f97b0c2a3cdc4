/**
 * The offline composer: the few sentences (or table rows) from the top chunks that best answer the question,
 * each citing its chunk. Nothing is paraphrased, so every sentence is a verbatim quote a clinician can check.
 */
import type { Draft, DraftSentence } from './draft.js';
import { groupCoverage, type TermGroups } from './features.js';
import { terms } from './text.js';
import type { RetrievedChunk } from './types.js';
import { units } from './units.js';

export interface ExtractiveOptions {
  maxSources: number;
  maxSentences: number;
}

interface Scored {
  text: string;
  score: number;
  source: number;
  offset: number;
}

export function bestUnits(
  chunk: RetrievedChunk,
  groups: TermGroups,
  idf: (t: string) => number,
): { text: string; score: number; offset: number }[] {
  const context = terms(`${chunk.meta.title} ${chunk.meta.headingPath.join(' ')}`);
  return units(chunk.text)
    .map((u) => {
      const own = new Set(terms(u.text));
      const withContext = new Set([...own, ...context]);
      // Mostly the unit's own words; the heading helps a row or a short sentence under a matching heading.
      const score = 0.7 * groupCoverage(groups, own, idf) + 0.3 * groupCoverage(groups, withContext, idf);
      return { text: u.text, score, offset: u.offset };
    })
    .sort((a, b) => b.score - a.score);
}

export function composeExtractive(
  query: { groups: TermGroups },
  chunks: RetrievedChunk[],
  idf: (t: string) => number,
  options: ExtractiveOptions,
): Draft {
  const candidates = chunks.slice(0, Math.max(options.maxSources, 1) + 1);
  const scored: Scored[] = [];
  candidates.forEach((chunk, i) => {
    for (const u of bestUnits(chunk, query.groups, idf).slice(0, 2)) {
      // A slight preference for higher-ranked chunks breaks ties between similar sentences.
      scored.push({ ...u, score: u.score * (1 - 0.05 * i), source: i, offset: u.offset });
    }
  });
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0]?.score ?? 0;
  const picked: Scored[] = [];
  const perSource = new Map<number, number>();
  const seenText = new Set<string>();
  for (const s of scored) {
    if (picked.length >= options.maxSentences) break;
    if (s.score < Math.max(0.15, best * 0.6)) break;
    const key = s.text.toLowerCase();
    if (seenText.has(key)) continue;
    const used = perSource.get(s.source) ?? 0;
    if (used >= 2) continue;
    const distinctSources = perSource.size + (used === 0 ? 1 : 0);
    if (distinctSources > options.maxSources) continue;
    picked.push(s);
    seenText.add(key);
    perSource.set(s.source, used + 1);
  }
  picked.sort((a, b) => a.source - b.source || a.offset - b.offset);
  const order = [...new Set(picked.map((p) => p.source))];
  const sources = order.map((i) => candidates[i] as RetrievedChunk);
  const sentences: DraftSentence[] = picked.map((p) => ({ text: p.text, citations: [order.indexOf(p.source) + 1] }));
  return { sentences, sources };
}
