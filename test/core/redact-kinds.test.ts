/** Redaction per identifier kind, in the forms issue 14 found getting through, and what must stay. */
import { describe, expect, it } from 'vitest';
import { MedicineLexicon } from '../../src/core/question/medicines.js';
import { describeRemoved, knownWords, onlyIdentifiers, redact, searchText } from '../../src/core/redact/redact.js';
import { terms } from '../../src/core/text.js';

/** A knowledge base that knows these words (as the lexical index would report them). */
function kb(text: string) {
  const vocab = new Set(terms(text));
  return knownWords({ docFrequency: (t) => (vocab.has(t) ? 1 : 0) }, new MedicineLexicon(['apixaban', 'enoxaparin', 'warfarin']));
}
const known = kb('sepsis bundle potassium replacement INR anticoagulation ICU transfusion falls Waterlow score grace period');

function gone(question: string, ...leaks: string[]) {
  const r = redact(question, { known });
  for (const leak of leaks) expect(r.text.toLowerCase(), `${leak} in "${r.text}"`).not.toContain(leak.toLowerCase());
  return r;
}

describe('redact: names', () => {
  it('finds names without a title, after lower-case cues, with middle initials, hyphens and possessives', () => {
    gone('pt ravi patel on warfarin INR 6, what now?', 'ravi', 'patel');
    gone('asking for grace adeyemi - can she have apixaban?', 'grace', 'adeyemi');
    gone('Harold Fitzwilliam in ICU bed 6 needs a transfusion', 'Harold', 'Fitzwilliam');
    gone('pt John A. Smith on enoxaparin', 'John', 'Smith');
    gone('Mrs Montgomery-Hale fell overnight', 'Montgomery', 'Hale');
    gone("Is Okonkwo's INR ok?", 'Okonkwo');
    gone('mrs baker, mr brown and Ms Nguyen all on warfarin', 'baker', 'brown', 'nguyen');
    gone('spoke to son david, pt harold brannigan 92F', 'david', 'harold', 'brannigan');
  });

  it("keeps a crew's lower-case shorthand that is also a surname, and still takes it as a name where it is one", () => {
    for (const q of ['max dose of atropine adult brady', 'tachy and brady alternating, what next', 'epi for peds in vf']) {
      expect(redact(q, { known }).text).toBe(q);
    }
    gone('Tom Brady fell on the ward', 'tom', 'brady');
    gone('pt named brady needs atropine', 'brady');
    gone('mr brady is brady at 38', 'mr brady');
  });

  it("finds common names that English or the knowledge base also use (St John's wort, green, hall)", () => {
    const pack = kb("St John's wort interacts with warfarin. Green, amber and red flags; the hall; mark the site; white cell count");
    const names = (q: string) => redact(q, { known: pack }).text;
    expect(names('Patient John Smith MRN 12345678: INR?')).toBe('Patient [NAME] MRN [MRN]: INR?');
    expect(names('pt wei green on warfarin')).toBe('pt [NAME] on warfarin');
    expect(names('John Hall in bed 4 has a fever')).toBe('[NAME] in bed [LOCATION] has a fever');
    expect(names('can Mark Green have ibuprofen?')).toBe('can [NAME] have ibuprofen?');
    expect(names('Mark White (DOB 01/02/1940) needs insulin')).toBe('[NAME] (DOB [DOB]) needs insulin');
    expect(names('Brown, Wei - sepsis screen positive')).toBe('[NAME] - sepsis screen positive');
    expect(names("John's sats are 88%")).toBe("[NAME]'s sats are 88%");
    expect(names('Dr Green asked about warfarin')).toBe('Dr [NAME] asked about warfarin');
    expect(names("St John's wort with warfarin?")).toBe("St John's wort with warfarin?");
    expect(names('Treatment of Early Age Mania: green flags?')).toBe('Treatment of Early Age Mania: green flags?');
  });

  it('keeps words the knowledge base, English or the medicines list know, and eponyms', () => {
    for (const q of [
      'Does the patient With sepsis need fluids?',
      "Crohn's disease flare: is Hartmann's solution ok? Bell's palsy and Parkinson's",
      'Patient Group Directions for enoxaparin in falls',
      'What Waterlow score means high risk for a patient on ICU?',
      'Is there a grace period for the sepsis bundle?',
      'MR angiography or MS relapse: what dose of apixaban?',
    ]) {
      expect(redact(q, { known }).text).toBe(q);
    }
  });

  it('a knowledge-base word is not a name after a weak cue, but is after a title', () => {
    expect(redact('for grace period questions', { known }).text).toBe('for grace period questions');
    expect(redact('Mrs Grace on warfarin', { known }).text).toBe('Mrs [NAME] on warfarin');
  });
});

describe('redact: patterned identifiers', () => {
  it.each([
    ['96 y/o with AKI', '96', 'age'],
    ['aged 94, on apixaban', '94', 'age'],
    ['93-year-old man', '93', 'age'],
    ['101 years old', '101', 'age'],
    ['ninety-three year old lady', 'ninety', 'age'],
    ['Bay 3 bed 2, Nightingale Ward', 'Nightingale', 'location'],
    ['side room 4 with C diff', 'room 4', 'location'],
    ['ZIP 90210 and 02139-4307', '90210', 'address'],
    ['Springfield, IL 62704', '62704', 'address'],
    ['lives at 14 Elm Grove', 'Elm', 'address'],
    ['1600 W Oak St', 'Oak', 'address'],
    ['home is 7 Heol y Parc, Cardiff CF10 3AT', 'Parc', 'address'],
    ['dob 03-Nov-1942', 'Nov', 'dob'],
    ['born on March 3, 1935', '1935', 'dob'],
    ['admitted 12 March 2025', 'March', 'date'],
    ['call +44 7700 900456', '900456', 'phone'],
    ['(555) 123-4567', '4567', 'phone'],
    ['unit no. K204871', 'K204871', 'mrn'],
    ['NHS 943 476 5919', '5919', 'mrn'],
    ['SSN 123-45-6789', '6789', 'id'],
    ['NI number QQ 12 34 56 C', '34 56', 'id'],
    ['codice fiscale RSSMRA85T10A562S', 'RSSMRA', 'id'],
    ['Medicare 1EG4-TE5-MK73', 'MK73', 'insurance'],
    ['IBAN GB82 WEST 1234 5698 7654 32', 'WEST', 'account'],
    ['driving licence MORGA753116SM9IJ', 'MORGA', 'licence'],
    ['hit by car AB12 CDE', 'CDE', 'vehicle'],
    ['pacemaker serial PJN123456', 'PJN', 'device'],
    ['see https://example.org/p/1', 'example', 'url'],
    ['monitor at 192.168.1.20', '192.168', 'ip'],
    ['j.smith@example.com', 'smith', 'email'],
  ])('%s', (question, leak, kind) => {
    const r = gone(question, leak);
    expect(r.kinds).toContain(kind);
  });

  it('keeps clinical numbers, doses, lab values, scores and young ages', () => {
    const q =
      'Vancomycin 15-20 mg/kg, INR 2.0-3.0, K+ 3.2 mmol/L, 40 mmol over 4 hours, MAP 65 mmHg, GCS 14, NEWS2 5, temp 101 F, ' +
      'pH 7.35 7.40, 10000 units heparin, platelets 150000, 45 year old, aged 89, Hb 92 g/L, HbA1c 48, CD4 350, BRCA1, rs7903146, NCT01234567';
    expect(redact(q, { known }).text).toBe(q);
  });
});

describe('redact: what the answer says and searches', () => {
  it('says in plain words which kinds were removed', () => {
    expect(describeRemoved(['name', 'age'])).toBe('A name and an age over 89 were removed before searching.');
    expect(describeRemoved(['mrn'])).toBe('A record number was removed before searching.');
    expect(describeRemoved(['name', 'location', 'phone'])).toBe('A name, a bed or ward and a phone number were removed before searching.');
  });

  it('keeps redaction tokens out of the search text, so "[NAME]" is no question word', () => {
    const r = redact('pt ravi patel 96 y/o in bed 4: potassium replacement?', { known });
    expect(r.text).toContain('[NAME]');
    expect(terms(searchText(r.text))).toEqual(terms('pt in bed: potassium replacement?'));
  });

  it('recognises a message made only of identifiers, new kinds included', () => {
    expect(onlyIdentifiers(redact('bed 4, aged 96, ZIP 90210').text)).toBe(true);
    expect(onlyIdentifiers(redact('bed 4, aged 96: potassium?').text)).toBe(false);
  });

  it('stays fast: a thousand questions in well under a second once the word lists are loaded', () => {
    redact('warm up');
    const start = performance.now();
    for (let i = 0; i < 1000; i++) redact(`pt ravi patel ${i} aged 96 in Bay 3 bed 2 on warfarin, INR 6, what now?`, { known });
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
