/** Abbreviation definitions a source makes, read with Schwartz and Hearst's algorithm and initials. */
import { describe, expect, it } from 'vitest';
import { definedAbbreviations } from '../../src/core/question/abbreviations.js';

const defined = (text: string) => Object.fromEntries(definedAbbreviations(text));

describe('abbreviations a source defines', () => {
  it.each([
    ['Wear personal protective equipment (PPE) for every contact.', 'PPE', 'personal protective equipment'],
    ['Cutis Verticis Gyrata-Intellectual Disability (CVG-ID) syndrome is rare.', 'CVG-ID', 'Cutis Verticis Gyrata-Intellectual Disability'],
    ['LB-100, a novel Protein Phosphatase 2A (PP2A) inhibitor, sensitizes cells.', 'PP2A', 'Protein Phosphatase 2A'],
    ['Calculate creatinine clearance (CrCl) with the Cockcroft-Gault equation.', 'CrCl', 'creatinine clearance'],
    ['Keep the mean arterial pressure (MAP) at 65 mmHg or more.', 'MAP', 'mean arterial pressure'],
    ['the low density lipoprotein receptor (LDLR) gene', 'LDLR', 'low density lipoprotein receptor'],
  ])('%s → %s', (text, short, long) => {
    expect(defined(text)[short]).toBe(long);
  });

  it('reads no definition from figures, lower-case asides, or a letter only an article matches', () => {
    expect(defined('Mortality fell (p < 0.05; 95% CI 0.2–0.9) in treated mice (n = 5) as expected (see below).')).toEqual({});
    expect(defined('in a myotrophiclateral sclerosis (ALS) cohort')).toEqual({});
    expect(defined('patients with the disease (ALS) were excluded')).toEqual({});
  });

  it('keeps the first definition of a short form', () => {
    expect(defined('mass spectrometry (MS) was used. Patients with multiple sclerosis (MS) were not.')).toEqual({
      MS: 'mass spectrometry',
    });
  });
});
