import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agesIn, Qualifiers } from '../../src/core/question/qualifiers.js';
import { DEMO_KNOWLEDGE } from '../helpers/runtime.js';

const q = Qualifiers.load(join(DEMO_KNOWLEDGE, 'qualifiers.yaml'));

describe('qualifiers (knowledge/qualifiers.yaml)', () => {
  it('reads lab values against reference ranges', () => {
    const high = q.read("Patient's potassium is 6.1 mmol/L, what do I do?");
    expect(high.conditions).toEqual(['hyperkalaemia']);
    expect(high.notes[0]).toBe('Potassium 6.1 mmol/L is above the reference range (3.5–5.3 mmol/L): hyperkalaemia.');
    expect(q.read('K+ 2.8, what do I give?').conditions).toEqual(['hypokalaemia']);
    expect(q.read('potassium 4.2 today').conditions).toEqual([]);
    expect(q.read('glucose 54 mg/dL').conditions).toEqual(['hypoglycaemia']);
  });

  it('converts units with the factors in the file', () => {
    const amh = q.read('An AMH of 1.2 ng/mL: what is that in pmol/L?');
    expect(amh.conversion).toBe(true);
    expect(amh.notes).toEqual([
      "1.2 ng/mL of anti-Müllerian hormone is 8.57 pmol/L (1 ng/mL = 7.14 pmol/L; from the knowledge team's reference file).",
    ]);
  });

  it('finds patient groups and the guidelines they conflict with', () => {
    expect(q.read('Neonatal hypoglycaemia in a newborn').groups).toEqual(['neonate']);
    expect(q.conflict(['neonate'], 'Hypoglycaemia in adults with diabetes in hospital')).toEqual(['adult', 'neonate']);
    expect(q.conflict(['child'], 'Sepsis in adults and children')).toBeUndefined();
    expect(q.conflict([], 'Hypoglycaemia in adults')).toBeUndefined();
  });

  it('reads a patient group from an age, and searches for it by name where no word names it', () => {
    expect(agesIn('a 5 year old, a 3-week-old, 2 months old, aged 12, aged 3 months')).toEqual([5, 3 / 52, 2 / 12, 12]);
    expect(q.read('sepsis in a 5 year old').groups).toEqual(['child']);
    expect(q.read('sepsis in a 5 year old').conditions).toEqual(['child']);
    expect(q.read('3 week old baby glucose 2.0').groups).toEqual(['neonate']);
    expect(q.read('falls risk in a 70 year old').groups).toEqual(['adult']);
    // An adult is no group a guideline excludes: nothing is added to the search.
    expect(q.read('falls risk in a 70 year old').conditions).toEqual([]);
  });

  it('takes the side of an opposite pair the question asks about', () => {
    const m = q.read('What is the magnesium sulfate maintenance dose?');
    expect(m.prefer).toContain('mainten');
    expect(m.avoid).toContain('load');
    expect(q.read('loading and maintenance doses').sides).toEqual([]);
  });

  it('refuses a malformed file with the key and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-qual-'));
    const bad = join(dir, 'qualifiers.yaml');
    writeFileSync(bad, 'analytes:\n  - name: potassium\n    names: [K]\n    unit: mmol/L\n    range: [5.3, 3.5]\n');
    expect(() => Qualifiers.load(bad)).toThrow(/analytes\.0.*range must be \[low, high\]/);
    writeFileSync(bad, 'groups: { adult: [adult] }\nconflicts: { adult: [infant] }\n');
    expect(() => Qualifiers.load(bad)).toThrow(/conflicts\.adult.*names group "infant"/);
    writeFileSync(bad, 'groups: { child: [child] }\nages: { child: [16, 0.1] }\n');
    expect(() => Qualifiers.load(bad)).toThrow(/ages.*\[from, below\]/);
    writeFileSync(bad, 'groups: { child: [child] }\nages: { infant: [0, 1] }\n');
    expect(() => Qualifiers.load(bad)).toThrow(/ages\.infant.*names group "infant"/);
    writeFileSync(bad, 'analytes: [\n');
    expect(() => Qualifiers.load(bad)).toThrow(/not valid YAML/);
    expect(Qualifiers.load(join(dir, 'missing.yaml')).read('potassium 6.1 mmol/L').conditions).toEqual([]);
  });
});
