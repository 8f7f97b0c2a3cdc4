import { describe, expect, it } from 'vitest';
import { onlyIdentifiers, redact } from '../../src/core/redact/redact.js';

describe('redact', () => {
  it('removes MRN, DOB, phone, e-mail, address, postcode and names', () => {
    const r = redact(
      'Patient John Smith MRN 12345678 born 12/03/1980, phone 07700 900123, email j.smith@nhs.net, lives at 221 Baker Street, London NW1 6XE. Vancomycin dose?',
    );
    for (const leaked of ['John', 'Smith', '12345678', '12/03/1980', '07700', 'j.smith@nhs.net', 'Baker', 'NW1 6XE']) {
      expect(r.text).not.toContain(leaked);
    }
    expect(r.kinds.sort()).toEqual(['address', 'dob', 'email', 'mrn', 'name', 'phone']);
    expect(r.text).toContain('Vancomycin dose?');
  });

  it('keeps clinical numbers: doses, ranges, lab values', () => {
    const q = 'Vancomycin 15-20 mg/kg, INR target 2.0-3.0, K+ 3.2 mmol/L, give 40 mmol over 4 hours, MAP 65 mmHg';
    const r = redact(q);
    expect(r.text).toBe(q);
    expect(r.kinds).toEqual([]);
  });

  it('redacts names after titles and NHS numbers with spaces', () => {
    const r = redact('Mrs Patel DOB: 3 March 1954, NHS number 943 476 5919 — can she have apixaban 5 mg?');
    expect(r.text).not.toMatch(/Patel|1954|943 476 5919/);
    expect(r.text).toContain('apixaban 5 mg');
    expect(r.kinds).toEqual(expect.arrayContaining(['name', 'dob', 'mrn']));
  });

  it('does not treat words after "patient" as names when they are ordinary words', () => {
    expect(redact('Does the patient With sepsis need fluids?').kinds).toEqual([]);
  });

  it('redacts long bare digit runs and US phone numbers', () => {
    const r = redact('Record 00123456789, call (555) 123-4567');
    expect(r.text).not.toMatch(/00123456789|555/);
  });

  it('recognises a message made only of identifiers', () => {
    expect(onlyIdentifiers(redact('MRN 12345678').text)).toBe(true);
    expect(onlyIdentifiers(redact('Patient John Smith, DOB 01/02/1990').text)).toBe(true);
    expect(onlyIdentifiers(redact('MRN 12345678 potassium dose?').text)).toBe(false);
  });
});
