/**
 * Honorifics and postal codes of every country the docs list (UK, IE, NL, DE, FR, BE, US, CA, AU), covered the
 * same general way: a title takes the name after it (with its particles), a postal code with a shape of its own
 * is removed bare, one made only of digits needs its context (a country letter, "lives in", a comma and a town).
 * Clinical numbers beside them stay: doses, units, scores, vertebrae, wards.
 */
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact/redact.js';

const leaks = (text: string, values: string[]) => values.filter((v) => text.toLowerCase().includes(v.toLowerCase()));

describe('redact: honorifics of the countries the docs list', () => {
  it.each([
    // The case that reached the store: a Dutch name after "mevrouw", particles and all.
    ['NL', 'mevrouw van der Heijkoop heeft koorts, welke dosis paracetamol?', ['Heijkoop'], 'mevrouw [NAME] heeft koorts'],
    ['NL', 'Mevrouw de Wildenberg needs 5 mg apixaban?', ['Wildenberg'], 'Mevrouw [NAME] needs 5 mg apixaban?'],
    ['NL', 'mw. Veldkamp en dhr. Oosterhuis, NEWS2 7', ['Veldkamp', 'Oosterhuis'], 'mw. [NAME] en dhr. [NAME], NEWS2 7'],
    ['NL', 'meneer kuipersma bed 4 pijn', ['kuipersma'], 'meneer [NAME] bed [LOCATION]'],
    ['BE', 'Mevr. Vandermeulen, 82 jaar, sepsis?', ['Vandermeulen'], 'Mevr. [NAME], 82 jaar'],
    [
      'DE',
      'Frau Weißgerber has a fever, Herr von Brückenhauer too',
      ['Weißgerber', 'Brückenhauer'],
      'Frau [NAME] has a fever, Herr [NAME] too',
    ],
    ['DE', 'Fräulein Oberleitner 4 mg Morphin?', ['Oberleitner'], 'Fräulein [NAME] 4 mg'],
    ['FR', 'Madame Duvernoy a de la fièvre', ['Duvernoy'], 'Madame [NAME] a de la fièvre'],
    ['FR', 'Mademoiselle Chardonnet et M. Lavalette', ['Chardonnet', 'Lavalette'], 'Mademoiselle [NAME] et M. [NAME]'],
    ['BE', 'monsieur de la Rochefaucon, 75 ans', ['Rochefaucon'], 'monsieur [NAME], 75 ans'],
    ['UK', "Mrs O'Shaughnessy on warfarin, INR 6", ["O'Shaughnessy"], 'Mrs [NAME] on warfarin, INR 6'],
    ['IE', 'Ms Ní Bhriain, NEWS2 score 5, ward 7', ['Bhriain'], 'Ms [NAME], NEWS2 score 5, ward [LOCATION]'],
    ['US', 'Mx Whitcombe needs vancomycin 15-20 mg/kg', ['Whitcombe'], 'Mx [NAME] needs vancomycin 15-20 mg/kg'],
    ['CA', 'Dr. Tremblay-Gagnon asked about enoxaparin', ['Tremblay'], 'Dr. [NAME] asked about enoxaparin'],
    ['AU', 'Mr Wirrpanda needs 1 g paracetamol QDS', ['Wirrpanda'], 'Mr [NAME] needs 1 g paracetamol QDS'],
  ])('%s: %s', (_country, question, names, kept) => {
    const r = redact(question);
    expect(leaks(r.text, names)).toEqual([]);
    expect(r.text).toContain(kept);
    expect(r.kinds).toContain('name');
  });
});

describe('redact: postal codes of the countries the docs list', () => {
  it.each([
    // The case that reached the store: an Irish Eircode, bare and after its cue.
    ['IE', 'lives at D02 X285, on warfarin', 'D02 X285'],
    ['IE', 'discharge home to A65 F4E2, NEWS2 7', 'A65 F4E2'],
    ['IE', 'Eircode T12XHT9 - sepsis bundle?', 'T12XHT9'],
    ['UK', 'discharge to Cardiff CF10 3AT', 'CF10 3AT'],
    ['NL', 'woont in 3511LH Utrecht, koorts', '3511LH'],
    ['NL', 'address: 1012 AB Amsterdam', '1012 AB'],
    ['NL', 'adres NL-1012 AB', '1012'],
    ['DE', 'wohnt in 80331 München', '80331'],
    ['DE', 'Hauptstraße 12, 10115 Berlin', '10115'],
    ['FR', 'habite à 75008 Paris', '75008'],
    ['FR', 'code postal 69003', '69003'],
    ['BE', 'Rue de la Loi 16, 1000 Bruxelles', '1000'],
    ['BE', 'domicilie B-1050 Ixelles', '1050'],
    ['US', 'lives in Springfield, IL 62704 - dose?', '62704'],
    ['US', 'zip 94103-1234', '94103-1234'],
    ['CA', 'Toronto, ON M5V 3L9 — insulin?', 'M5V 3L9'],
    ['CA', 'postal code K1A0B1', 'K1A0B1'],
    ['AU', 'Parramatta NSW 2150, potassium 3.1', '2150'],
    ['AU', 'lives in Melbourne VIC 3004', '3004'],
  ])('%s: %s', (_country, question, code) => {
    const r = redact(question);
    expect(r.text).not.toContain(code);
    expect(r.kinds).toContain('address');
  });

  it('keeps the cue word of a postal code readable', () => {
    expect(redact('Mevrouw Heijkoop, Eircode D02 X285: sepsis bundle?').text).toBe('Mevrouw [NAME], Eircode [POSTCODE]: sepsis bundle?');
  });

  it('keeps clinical numbers that share a shape with postal codes', () => {
    for (const q of [
      'give 4 mg then 2000 mg, NEWS2 7, 3000 mL fluid',
      'heparin, 5000 Units subcut twice daily',
      'T12 fracture with C5 6 radiculopathy, K56 obstruction',
      'vitamin D 1000 IU daily; B12 1000 micrograms',
      'ward 7 bay 3 has 1000 mg paracetamol QDS, max 4000 mg',
      'SA node rhythm at 1000 ms',
      'HbA1c 48 mmol/mol; A1C 6.5%',
      'Calculate 1000 mL over 8 hours',
    ]) {
      const r = redact(q);
      expect(
        r.kinds.filter((k) => k === 'address'),
        q,
      ).toEqual([]);
    }
  });
});
