/**
 * Coverage reranking with the question's subject when it is a name: abstracts about anlotinib rank above a one-line
 * abstract on another drug's "mechanism of action", which shares two commoner question words.
 */
import { describe, expect, it } from 'vitest';
import { nameSubject, rerankByCoverage } from '../../src/core/retrieve/rerank.js';
import { terms } from '../../src/core/text.js';
import { retrieved } from './factories.js';

const IDF: Record<string, number> = { anlotinib: 5.6, mechan: 4.2, action: 4.6, eclia: 6, amh: 3 };
const idf = (t: string) => IDF[t] ?? 1;
const groupsOf = (q: string) => terms(q).map((t) => [[t]]);
const english = new Set(['what', 'is', 'the', 'mechanism', 'of', 'action', 'warfarin', 'dose', 'for', 'serum']);
const isWord = (w: string) => english.has(w);

describe('the subject as a name', () => {
  it('is the rarest term when typed as a word outside the dictionary, not in capitals', () => {
    const q = 'What is the mechanism of action of anlotinib?';
    expect(nameSubject(q, groupsOf(q), idf, isWord)).toEqual([['anlotinib']]);
    // A dictionary word, an acronym and a subject that is not the rarest term are no names to prefer.
    const w = 'What is the mechanism of action of warfarin?';
    expect(nameSubject(w, groupsOf(w), idf, isWord)).toBeUndefined();
    const a = 'Serum AMH (ECLIA) dose';
    expect(nameSubject(a, groupsOf(a), idf, isWord)).toBeUndefined();
  });

  const q = 'What is the mechanism of action of anlotinib?';
  const other = retrieved('other#0000', 'Losigamone is an anticonvulsant the mechanism of action of which is not known.', {}, 1);
  const about = (n: number) =>
    [1, 2, 3, 4]
      .slice(0, n)
      .map((i) => retrieved(`an${i}#0000`, `Anlotinib is a multi-target tyrosine kinase inhibitor (study ${i}).`, {}, 0.9 - i * 0.01));

  it('prefers the chunks naming it when at least three of the head do', () => {
    const ranked = rerankByCoverage([other, ...about(3)], groupsOf(q), idf, undefined, nameSubject(q, groupsOf(q), idf, isWord));
    expect(ranked[0]?.id).toBe('an1#0000');
    expect(ranked.at(-1)?.id).toBe('other#0000');
  });

  it('leaves the ranking to coverage when fewer name it, or without a subject', () => {
    const subject = nameSubject(q, groupsOf(q), idf, isWord);
    expect(rerankByCoverage([other, ...about(2)], groupsOf(q), idf, undefined, subject)[0]?.id).toBe('other#0000');
    expect(rerankByCoverage([other, ...about(3)], groupsOf(q), idf)[0]?.id).toBe('other#0000');
  });
});
