import { describe, expect, it } from 'vitest';
import { MedicineLexicon } from '../../src/core/question/medicines.js';
import { cognateKey, correctSpelling, correctWord, derivedRoot, withinOneEdit } from '../../src/core/question/spelling.js';
import { Terminology } from '../../src/core/question/terminology.js';
import { nameLexicon } from '../../src/core/redact/lexicon.js';
import { stem, terms } from '../../src/core/text.js';

/** A knowledge base's vocabulary, as the lexical index sees it (stemmed terms with chunk counts). */
function vocabulary(text: string): (t: string) => number {
  const df = new Map<string, number>();
  for (const t of terms(text)) df.set(t, (df.get(t) ?? 0) + 1);
  return (t) => df.get(t) ?? 0;
}

const kb = vocabulary(
  'nitrofurantoin renal impairment tauopathy positions hormone equal part oxytocin methanol insulin heparin morphine dose kidney patient',
);
const medicines = new MedicineLexicon(['nitrofurantoin', 'methadone', 'morphine', 'heparin', 'metformin', 'oxytocin']);

describe('spelling correction', () => {
  it('corrects a word the knowledge base does not use to the spelling it uses', () => {
    expect(correctWord('nitrofurantion', kb)).toBe('nitrofurantoin');
    expect(correctWord('taupathy', kb)).toBe('tauopathy');
    expect(correctWord('posisitions', kb)).toBe('positions');
    expect(correctWord('hepairn', kb)).toBe('heparin');
  });

  it('does not correct short words by adding or dropping letters, nor words of four letters', () => {
    // "quale" (Italian) is one insertion from "equale"/"equal"; "parto" one substitution from "parte" ("part").
    expect(correctWord('quale', kb)).toBeUndefined();
    expect(correctWord('parto', kb)).toBeUndefined();
    expect(correctWord('dosa', kb)).toBeUndefined();
    // Six letters: only a substitution or a transposition ("oxytocin" is eight: "oxitocin" is corrected).
    expect(correctWord('heapxx', kb)).toBeUndefined();
    expect(correctWord('oxitocin', kb)).toBe('oxytocin');
  });

  it('never turns an unknown medicine into a known word, and keeps a misspelt unknown medicine that medicine', () => {
    // "methadone" is listed but the knowledge base lacks it: not corrected to anything.
    expect(correctSpelling('methadone conversion', { docFrequency: kb, medicines }).corrections).toEqual([]);
    // "methadine" is one edit from methadone: it stays methadone (so Rounds abstains on it), never "methanol".
    const typo = correctSpelling('methadine conversion', { docFrequency: kb, medicines });
    expect(typo.corrections).toEqual([{ typed: 'methadine', corrected: 'methadone', medicine: 'methadone' }]);
    // A misspelt medicine the knowledge base has is corrected to it.
    const known = correctSpelling('nitrofurantion in kidney impairment ok?', { docFrequency: kb, medicines });
    expect(known.text).toBe('nitrofurantoin in kidney impairment ok?');
    expect(known.corrections.map((c) => c.corrected)).toEqual(['nitrofurantoin']);
  });

  it('leaves dictionary words the knowledge base does not use: "familiar" is not a misspelt "familial"', () => {
    const known = vocabulary('familial hypercholesterolaemia comprised stable positions');
    const english = (w: string) => nameLexicon().english.has(w);
    for (const text of ['familiar teammates', 'outcome compromised', 'staple line leakage', 'positron emission']) {
      expect(correctSpelling(text, { docFrequency: known }).corrections.length, text).toBeGreaterThan(0);
      expect(correctSpelling(text, { docFrequency: known, isWord: english }).corrections, text).toEqual([]);
    }
    // A misspelling is still corrected.
    expect(correctSpelling('posisitions', { docFrequency: known, isWord: english }).text).toBe('positions');
  });

  it('leaves words the knowledge base knows and words the terminology matched', () => {
    expect(correctSpelling('heparin dose', { docFrequency: kb, medicines }).corrections).toEqual([]);
    expect(correctSpelling('ormone basso', { docFrequency: kb, isTerm: (w) => w === 'ormone' }).corrections).toEqual([]);
    expect(stem('positions')).toBe(stem('position'));
  });
});

describe('everyday adjectives read for their root', () => {
  const protocols = vocabulary('wheezing wheeze itch pruritus sweating fever runny nose bleeding blood');
  const english = (w: string) => nameLexicon().english.has(w);

  it('searches the root the knowledge base uses: "wheezy" as "wheeze", "feverish" as "fever"', () => {
    expect(derivedRoot('wheezy', protocols, english)).toBe('wheeze');
    expect(derivedRoot('itchy', protocols, english)).toBe('itch');
    expect(derivedRoot('sweaty', protocols, english)).toBe('sweat');
    expect(derivedRoot('feverish', protocols, english)).toBe('fever');
    expect(derivedRoot('bloody', protocols, english)).toBe('blood');
    // A doubled consonant before -y ("runny" → "run") is undoubled when the index knows only the short form.
    expect(derivedRoot('runny', vocabulary('run a line'), english)).toBe('run');
  });

  it('only for -y and -ish, only to a root of four letters or more the index knows', () => {
    expect(derivedRoot('shaky', protocols, english)).toBeUndefined();
    expect(derivedRoot('wheezing', protocols, english)).toBeUndefined();
    expect(derivedRoot('tiny', vocabulary('tin'), english)).toBeUndefined();
    // Not adverbs, and not a root that is no word ("psychiatry" is not made from "psychiatr").
    expect(derivedRoot('really', vocabulary('real world'), english)).toBeUndefined();
    expect(derivedRoot('psychiatry', vocabulary('psychiatric care'), english)).toBeUndefined();
  });

  it('is told to the asker as the form searched, and is a dictionary word that would otherwise stay unknown', () => {
    const r = correctSpelling('albuterol for a wheezy 2 year old', { docFrequency: protocols, isWord: english });
    expect(r.text).toBe('albuterol for a wheeze 2 year old');
    expect(r.corrections).toEqual([{ typed: 'wheezy', corrected: 'wheeze', root: true }]);
    // A medicine is never read for a root.
    const meds = new MedicineLexicon(['bloody']);
    expect(correctSpelling('bloody', { docFrequency: protocols, medicines: meds, isWord: english }).corrections).toEqual([]);
  });
});

describe('cognates of listed terms', () => {
  it('folds the letters European spellings differ by', () => {
    expect(cognateKey('ipoglicemia')).toBe(cognateKey('hypoglycaemia'));
    expect(cognateKey('hypoglykemie')).toBe(cognateKey('hypoglycaemia'));
    expect(withinOneEdit(cognateKey('antimulleriano'), cognateKey('antimülleriana'))).toBe(true);
    expect(withinOneEdit('abc', 'acb')).toBe(true);
    expect(withinOneEdit('abc', 'cab')).toBe(false);
  });

  const terminology = new Terminology([
    { canonical: 'hypoglycaemia', names: ['hypoglycaemia', 'hypoglycemia', 'hipoglucemia', 'hypo'] },
    { canonical: 'postpartum haemorrhage', names: ['postpartum haemorrhage', 'PPH', 'hémorragie du post-partum', 'hemorragia posparto'] },
    { canonical: 'anti-müllerian hormone', names: ['anti-müllerian hormone', 'AMH', 'hormone antimullerienne', 'hormona antimülleriana'] },
    { canonical: 'hyperkalaemia', names: ['hyperkalaemia', 'hyperkalemia'] },
  ]);
  const unknown = { fuzzy: () => true };

  it('matches Italian, Portuguese and Dutch forms without listing them', () => {
    const canon = (text: string) => terminology.match(text, unknown).map((m) => m.group.canonical);
    expect(canon('ipoglicemia')).toEqual(['hypoglycaemia']);
    expect(canon('hypoglykemie behandeling')).toEqual(['hypoglycaemia']);
    expect(canon('emorragia post-partum')).toEqual(['postpartum haemorrhage']);
    expect(canon('hemorragia pós-parto')).toEqual(['postpartum haemorrhage']);
    expect(canon('ormone antimulleriano')).toEqual(['anti-müllerian hormone']);
  });

  it('does not match a cognate where it must not', () => {
    // Only words the knowledge base does not use are read as cognates.
    expect(terminology.match('ipoglicemia', { fuzzy: () => false })).toEqual([]);
    // The opposite condition is more than one edit away once folded.
    expect(terminology.match('hypokalaemia', unknown)).toEqual([]);
    // Short words are not guessed at.
    expect(terminology.match('hype', unknown)).toEqual([]);
  });
});
