/**
 * Medicines a question names that the knowledge base never mentions: matched on the list's names (salt and form
 * words ignored), known under any terminology spelling, and the bundled list and MEDICINES_FILE setting.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEDICINES_FILE, loadConfig } from '../../src/config/config.js';
import { isRoundsError } from '../../src/core/errors.js';
import { MedicineLexicon, unknownMedicines } from '../../src/core/question/medicines.js';
import { Terminology } from '../../src/core/question/terminology.js';
import { terms } from '../../src/core/text.js';

const lexicon = new MedicineLexicon([
  '# a comment',
  '',
  'methadone',
  'morphine',
  'ferric carboxymaltose',
  'iron sucrose',
  'tranexamic acid',
  'calcium gluconate',
  'paracetamol',
]);

/** Document frequencies of a knowledge base holding exactly these words. */
function kb(text: string): (term: string) => number {
  const vocab = new Set(terms(text));
  return (t) => (vocab.has(t) ? 1 : 0);
}

const plain = new Terminology([]);

describe('MedicineLexicon', () => {
  it('skips comments, matches a name on all its specific words, and a name of salt words alone on all its words', () => {
    // calcium gluconate is all salt words: both are its name (the salt tells it from calcium chloride), and a lab
    // value ("calcium 2.1") names no medicine.
    expect(lexicon.size).toBe(7);
    expect(lexicon.named(terms('How much ferric carboxymaltose?')).map((m) => m.name)).toEqual(['ferric carboxymaltose']);
    expect(lexicon.named(terms('Is ferric iron toxic?'))).toEqual([]);
    expect(lexicon.named(terms('TRANEXAMIC ACID in PPH')).map((m) => m.terms)).toEqual([['tranexam']]);
    expect(lexicon.named(terms('calcium gluconate for hyperkalaemia')).map((m) => m.name)).toEqual(['calcium gluconate']);
    expect(lexicon.named(terms('corrected calcium 2.1, what now?'))).toEqual([]);
  });

  it('loads the bundled list', () => {
    const bundled = MedicineLexicon.load(DEFAULT_MEDICINES_FILE);
    expect(bundled.size).toBeGreaterThan(400);
    expect(
      bundled
        .named(terms('oral morphine to methadone'))
        .map((m) => m.name)
        .sort(),
    ).toEqual(['methadone', 'morphine']);
  });
});

describe('unknownMedicines', () => {
  const opioidTable = kb('Opioid conversion: oral morphine 10 mg is about oral oxycodone 5 mg. Paracetamol 1 g four times daily.');

  it('names a medicine the knowledge base never mentions, not the ones it does', () => {
    const groups = plain.coverageGroups('What is the conversion ratio from oral morphine to methadone?');
    expect(unknownMedicines(groups, lexicon, opioidTable)).toEqual(['methadon']);
    expect(unknownMedicines(plain.coverageGroups('Oral morphine to oxycodone?'), lexicon, opioidTable)).toEqual([]);
  });

  it('counts a two-word name as unknown when one of its words is missing', () => {
    const iron = kb('Iron sucrose 200 mg IV. Ferric salts are given orally.');
    expect(unknownMedicines(plain.coverageGroups('How much ferric carboxymaltose do I give?'), lexicon, iron)).toEqual(['carboxymaltos']);
    expect(unknownMedicines(plain.coverageGroups('How much iron sucrose do I give?'), lexicon, iron)).toEqual([]);
  });

  it('does not flag unknown words that are not medicines', () => {
    const braden = kb('A Braden score of 9 or less means very high risk of pressure ulcers.');
    expect(unknownMedicines(plain.coverageGroups('What Waterlow score means very high risk?'), lexicon, braden)).toEqual([]);
  });

  it('knows a medicine under any spelling the terminology gives it', () => {
    const terminology = new Terminology([{ canonical: 'paracetamol', names: ['paracetamol', 'acetaminophen'] }]);
    const lexiconUs = new MedicineLexicon(['acetaminophen']);
    const groups = terminology.coverageGroups('Maximum daily acetaminophen dose?');
    expect(unknownMedicines(groups, lexiconUs, opioidTable)).toEqual([]);
    expect(unknownMedicines(plain.coverageGroups('Maximum daily acetaminophen dose?'), lexiconUs, opioidTable)).toEqual(['acetaminophen']);
  });
});

describe('MEDICINES_FILE', () => {
  it('defaults to the bundled list, can be turned off, and a missing file fails at start with the fix', () => {
    expect(loadConfig({}, '/').medicinesFile).toBe(DEFAULT_MEDICINES_FILE);
    expect(loadConfig({ MEDICINES_FILE: 'none' }, '/').medicinesFile).toBeUndefined();
    expect(loadConfig({ MEDICINES_FILE: DEFAULT_MEDICINES_FILE }, '/').medicinesFile).toBe(DEFAULT_MEDICINES_FILE);
    let thrown: unknown;
    try {
      loadConfig({ MEDICINES_FILE: 'no/such/list.txt' }, '/tmp');
    } catch (error) {
      thrown = error;
    }
    expect(isRoundsError(thrown)).toBe(true);
    expect(String((thrown as Error).message)).toMatch(
      /MEDICINES_FILE points to \/tmp\/no\/such\/list\.txt, which is not a file.*set it to none/,
    );
    expect(() => loadConfig({ MEDICINES_FILE: '/tmp' }, '/')).toThrow(/MEDICINES_FILE points to \/tmp, which is not a file/);
  });
});
