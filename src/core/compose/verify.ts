/**
 * Citation verification: every sentence must cite a source that exists and supports it. Support is the share of
 * the sentence's content words found in the cited chunk, and every number in the sentence (doses, thresholds,
 * timings) must appear in the chunk: a dose the source does not state is never shown as fact. Unsupported
 * sentences are removed from the answer text (kept, flagged, in `sentences` for audit); sources nothing cites
 * are dropped and the rest renumbered [1..n] in order of first use.
 */

import { terms, words } from '../text.js';
import type { AnswerSentence, Citation, RetrievedChunk } from '../types.js';
import { workOut } from './dose-calculation.js';
import { parseDose } from './dose-parse.js';
import { Dec } from './dose-units.js';
import type { Draft } from './draft.js';
import { freshnessWarnings } from './freshness.js';
import { trimSnippet } from './present.js';
import { plain, units } from './units.js';

export const SUPPORT_THRESHOLD = 0.6;

export interface Verified {
  /** Every draft sentence with its renumbered citations and whether it is supported. */
  sentences: AnswerSentence[];
  citations: Citation[];
  removed: number;
  /** Mean support of the kept sentences (0 when none). */
  meanSupport: number;
}

const NUMBER = /\d+(?:[.,]\d+)?/g;

function numbersIn(text: string): string[] {
  return (text.match(NUMBER) ?? []).map((n) => n.replace(',', '.'));
}

export function support(sentence: string, chunk: RetrievedChunk): number {
  const chunkText = `${chunk.meta.title} ${chunk.meta.headingPath.join(' ')} ${chunk.text}`;
  const chunkTerms = new Set(terms(chunkText));
  const own = [...new Set(terms(sentence.replace(/\[\d+\]/g, ' ')))].filter((t) => !/^\d/.test(t));
  const share = own.length ? own.filter((t) => chunkTerms.has(t)).length / own.length : 0;
  const chunkNumbers = new Set(numbersIn(chunkText));
  const missingNumber = numbersIn(sentence.replace(/\[\d+\]/g, ' ')).some((n) => !chunkNumbers.has(n));
  return missingNumber ? Math.min(share, 0.3) : share;
}

function snippetFor(chunk: RetrievedChunk, citing: string[]): string {
  const all = units(chunk.text);
  if (all.length === 0) return trimSnippet(chunk.text);
  const wanted = citing.map((s) => new Set(words(s)));
  const scored = all.map((u, i) => {
    const w = words(u.text);
    const score = Math.max(0, ...wanted.map((set) => w.filter((x) => set.has(x)).length / Math.max(1, w.length)));
    return { i, score };
  });
  const keep = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 2)
    .sort((a, b) => a.i - b.i)
    .map((s) => all[s.i]?.text ?? '');
  return trimSnippet(keep.length ? keep.join(' … ') : (all[0]?.text ?? chunk.text), 400);
}

export function toCitation(n: number, chunk: RetrievedChunk, snippet: string, today: string): Citation {
  const m = chunk.meta;
  return {
    n,
    chunkId: chunk.id,
    docId: m.docId,
    title: m.title,
    headingPath: m.headingPath,
    collection: m.collection,
    ...(m.version ? { version: m.version } : {}),
    ...(m.effective ? { effective: m.effective } : {}),
    ...(m.reviewBy ? { reviewBy: m.reviewBy } : {}),
    ...(m.source ? { source: m.source } : {}),
    ...(m.publisher ? { publisher: m.publisher } : {}),
    // Quoted as plain text on every surface: emphasis marks ("*C. difficile*") are never shown raw.
    snippet: plain(snippet),
    score: chunk.score,
    warnings: freshnessWarnings(m, today),
  };
}

export function verifyDraft(draft: Draft, today: string): Verified {
  const renumber = new Map<number, number>();
  const citing = new Map<number, string[]>();
  const sentences: AnswerSentence[] = [];
  const supports: number[] = [];
  let removed = 0;
  for (const s of draft.sentences) {
    const kept: number[] = [];
    let best = 0;
    for (const c of new Set(s.citations)) {
      const chunk = draft.sources[c - 1];
      if (!chunk) continue;
      const sup = support(s.text, chunk);
      if (sup >= SUPPORT_THRESHOLD) {
        kept.push(c);
        best = Math.max(best, sup);
      }
    }
    if (kept.length === 0) {
      removed += 1;
      sentences.push({ text: s.text, citations: [], supported: false });
      continue;
    }
    supports.push(best);
    const numbers = kept.map((c) => {
      let n = renumber.get(c);
      if (n === undefined) {
        n = renumber.size + 1;
        renumber.set(c, n);
      }
      citing.set(c, [...(citing.get(c) ?? []), s.text]);
      return n;
    });
    sentences.push({ text: s.text.replace(/\s*\[\d+\]/g, '').trim(), citations: numbers, supported: true });
  }
  const citations = [...renumber.entries()].map(([orig, n]) => {
    const chunk = draft.sources[orig - 1] as RetrievedChunk;
    return toCitation(n, chunk, snippetFor(chunk, citing.get(orig) ?? []), today);
  });
  return {
    sentences,
    citations,
    removed,
    meanSupport: supports.length ? supports.reduce((a, b) => a + b, 0) / supports.length : 0,
  };
}

/** Answer text: supported sentences with their [n] markers. */
export function renderText(sentences: AnswerSentence[]): string {
  return sentences
    .filter((s) => s.supported)
    .map((s) => {
      const body = s.text.replace(/\s+/g, ' ').trim();
      const marks = s.citations.map((n) => `[${n}]`).join('');
      const end = /[.!?:;]$/.test(body) ? body.slice(0, -1) : body;
      const punct = /[.!?]$/.test(body) ? body.slice(-1) : '.';
      return `${end} ${marks}${punct}`;
    })
    .join(' ');
}

/**
 * A worked-out dose is verified like a quote: it is re-derived from the quoted unit and the question's weight and
 * must come out the same, figure for figure. The quote must be a unit of the cited chunk word for word, the weight
 * the one the question (or thread) gives, every per-kg dose and maximum a figure the quote states, and every
 * product the exact product. Anything else drops it (the answer says so).
 */
export function verifyCalculation(sentence: AnswerSentence, source: RetrievedChunk | undefined, weightKg: string | undefined): boolean {
  const calc = sentence.calculation;
  if (!calc || !source || source.id !== calc.chunkId || weightKg === undefined) return false;
  if (!units(source.text).some((u) => u.text === calc.quote)) return false;
  const weight = new Dec(weightKg);
  if (!weight.equals(calc.weightKg)) return false;
  const quoted = numbersIn(calc.quote).map((n) => new Dec(n));
  const stated = (v: string | undefined) => v === undefined || quoted.some((q) => q.equals(v));
  for (const p of calc.parts) {
    if (!stated(p.dose.lo) || !stated(p.dose.hi) || !stated(p.maximum?.value)) return false;
    if (!new Dec(p.dose.lo).times(weight).equals(p.product.lo)) return false;
    if (p.dose.hi !== undefined && (p.product.hi === undefined || !new Dec(p.dose.hi).times(weight).equals(p.product.hi))) return false;
    if (new Dec(p.result.lo).greaterThan(p.product.lo)) return false;
  }
  const again = workOut(parseDose(calc.quote), weight);
  return again.ok && again.dose.text === sentence.text && JSON.stringify(again.dose.parts) === JSON.stringify(calc.parts);
}
