/**
 * The pure arithmetic of a weight-based dose (issue 28): what a quote states (per-kg doses, maxima, strengths) and
 * the line worked out from it, exactly as shown.
 */
import { describe, expect, it } from 'vitest';
import { workOut } from '../../src/core/compose/dose-calculation.js';
import { parseDose } from '../../src/core/compose/dose-parse.js';
import { Dec, parseNumber, roundFigure } from '../../src/core/compose/dose-units.js';

const line = (quote: string, kg: string) => {
  const r = workOut(parseDose(quote), kg);
  return r.ok ? r.dose.text : r.reason;
};

describe('reading a quoted dose', () => {
  it('finds per-kg doses in the ways sources write them', () => {
    for (const [quote, dose] of [
      ['Give 0.1 mg/kg IV', '0.1 mg'],
      ['0.1 mg per kg', '0.1 mg'],
      ['0.1 mg/kilogram', '0.1 mg'],
      ['0.1 mg kg-1', '0.1 mg'],
      ['0,1 mg/kg', '0.1 mg'],
      ['25 mg/kg actual body weight', '25 mg'],
      ['10 mcg/kg', '10 micrograms'],
      ['10 µg/kg', '10 micrograms'],
      ['10 micrograms/kg', '10 micrograms'],
      ['50 IU/kg', '50 units'],
      ['50 international units per kg', '50 units'],
      ['2 mmol/kg', '2 mmol'],
      ['1 mEq/kg', '1 mEq'],
      ['4 joules/kg', '4 J'],
      ['0.3 g/kg', '0.3 g'],
      ['10 mL/kg', '10 mL'],
      ['5 nanograms/kg/minute', '5 nanograms'],
    ] as const) {
      const parts = parseDose(quote).parts;
      expect(parts, quote).toHaveLength(1);
      expect(`${parts[0]?.lo.toFixed()} ${parts[0]?.unit.plural}`, quote).toBe(dose);
    }
  });

  it('reads what a dose is given per: a dose, a day, a whole course, an hour, a minute', () => {
    const period = (q: string) => parseDose(q).parts[0]?.period;
    expect(period('15 mg/kg every 6 hours')).toBe('dose');
    expect(period('60 mg/kg/day')).toBe('day');
    expect(period('60 mg/kg per day')).toBe('day');
    expect(period('60 mg/kg in 24 hours')).toBe('day');
    expect(period('60 mg/kg daily')).toBe('day');
    expect(period('40 mL/kg in total')).toBe('total');
    expect(period('10 micrograms/kg/hour')).toBe('hour');
    expect(period('10 micrograms/kg per hour')).toBe('hour');
    expect(period('0.1 units/kg/h')).toBe('hour');
    expect(period('0.05 micrograms/kg/min')).toBe('minute');
  });

  it('leaves out what is not a dose per kg: levels, doses per m², fixed doses, weights', () => {
    expect(parseDose('Potassium below 3.5 mmol/L; glucose 70 mg/dL').parts).toEqual([]);
    expect(parseDose('Carboplatin 400 mg/m2').parts).toEqual([]);
    expect(parseDose('glucagon 1 mg IM; 500 micrograms for a child under 25 kg').parts).toEqual([]);
    expect(parseDose('In obesity (BMI 40 kg/m2 or more)').parts).toEqual([]);
  });

  it('reads the strengths a volume is worked out from', () => {
    const strengths = (q: string) => parseDose(q).concentrations.map((c) => `${c.perMl.toFixed()} ${c.unit.plural}/mL`);
    expect(strengths('Adenosine 3 mg/mL')).toEqual(['3 mg/mL']);
    expect(strengths('amiodarone 300 mg in 10 mL')).toEqual(['30 mg/mL']);
    expect(strengths('adrenaline 1 in 10 000')).toEqual(['0.1 mg/mL']);
    expect(strengths('adrenaline 1:1000')).toEqual(['1 mg/mL']);
    expect(strengths('one child in 3 children')).toEqual([]);
    expect(strengths('1 in 3 children')).toEqual([]);
  });
});

describe('the worked-out line', () => {
  it('is the exact product, with no floating-point artefact', () => {
    expect(0.1 * 3).not.toBe(0.3);
    expect(line('0.1 mg/kg', '3')).toBe('For 3 kg: 0.1 mg/kg × 3 kg = 0.3 mg (300 micrograms)');
    expect(line('0.15 mg/kg', '13.7')).toBe('For 13.7 kg: 0.15 mg/kg × 13.7 kg = 2.055 mg');
    expect(line('0.07 mg/kg', '0.7')).toBe('For 0.7 kg: 0.07 mg/kg × 0.7 kg = 0.049 mg (49 micrograms)');
  });

  it('states a maximum it stays within, and caps the dose at a maximum it would exceed', () => {
    expect(line('0.1 mg/kg IV (max 2.5 mg per dose)', '15')).toBe(
      'For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg (within the 2.5 mg maximum per dose)',
    );
    expect(line('0.1 mg/kg IV (max 2.5 mg per dose)', '30')).toBe(
      'For 30 kg: 0.1 mg/kg × 30 kg = 3 mg, capped at the 2.5 mg maximum per dose',
    );
    expect(line('0.1 mg/kg IV (max 2.5 mg per dose)', '25')).toBe(
      'For 25 kg: 0.1 mg/kg × 25 kg = 2.5 mg (within the 2.5 mg maximum per dose)',
    );
    // A maximum stated before the dose caps it too.
    expect(line('Maximum 500 mg: 10 mg/kg', '60')).toBe('For 60 kg: 10 mg/kg × 60 kg = 600 mg, capped at the 500 mg maximum');
  });

  it('gives a range for a range, capping the part above the maximum', () => {
    expect(line('10–20 mL/kg (maximum 500 mL per bolus)', '15')).toBe(
      'For 15 kg: 10–20 mL/kg × 15 kg = 150–300 mL (within the 500 mL maximum per dose)',
    );
    expect(line('10 to 20 mL/kg (maximum 500 mL per bolus)', '40')).toBe(
      'For 40 kg: 10–20 mL/kg × 40 kg = 400–800 mL, capped at the 500 mL maximum per dose: 400–500 mL',
    );
    expect(line('10-20 mL/kg (maximum 500 mL)', '60')).toBe('For 60 kg: 10–20 mL/kg × 60 kg = 600–1200 mL, capped at the 500 mL maximum');
  });

  it('compares micrograms with milligrams exactly and shows both where they are easily misread', () => {
    expect(line('10 micrograms/kg (maximum 0.5 mg)', '60')).toBe(
      'For 60 kg: 10 micrograms/kg × 60 kg = 600 micrograms, capped at the 0.5 mg maximum: 500 micrograms',
    );
    expect(line('10 mcg/kg (maximum 1 mg)', '120')).toBe(
      'For 120 kg: 10 micrograms/kg × 120 kg = 1200 micrograms (1.2 mg), capped at the 1 mg maximum: 1000 micrograms (1 mg)',
    );
    expect(line('0.01 mg/kg (maximum 500 micrograms)', '20')).toBe(
      'For 20 kg: 0.01 mg/kg × 20 kg = 0.2 mg (200 micrograms) (within the 500 microgram maximum)',
    );
    expect(line('0.3 g/kg (maximum 15000 mg)', '60')).toBe('For 60 kg: 0.3 g/kg × 60 kg = 18 g, capped at the 15000 mg maximum: 15 g');
  });

  it('caps a single dose by a daily or total maximum too, but never a daily total by a per-dose maximum', () => {
    expect(line('3 mg/kg (maximum total dose 200 mg)', '70')).toBe(
      'For 70 kg: 3 mg/kg × 70 kg = 210 mg, capped at the 200 mg maximum in total',
    );
    expect(line('50 mg/kg (maximum 4 g in 24 hours)', '100')).toBe(
      'For 100 kg: 50 mg/kg × 100 kg = 5000 mg, capped at the 4 g maximum per day: 4000 mg',
    );
    expect(line('60 mg/kg/day (maximum 1 g per dose)', '30')).toBe('For 30 kg: 60 mg/kg/day × 30 kg = 1800 mg/day');
    expect(line('up to 40 mL/kg in total (maximum 2000 mL)', '60')).toBe(
      'For 60 kg: maximum 40 mL/kg in total × 60 kg = 2400 mL in total, capped at the 2000 mL maximum',
    );
  });

  it('works out infusion rates per hour and per minute, converting a maximum given per the other', () => {
    expect(line('10–40 micrograms/kg/hour', '15')).toBe('For 15 kg: 10–40 micrograms/kg/hour × 15 kg = 150–600 micrograms/hour');
    expect(line('0.1 units/kg/hour (maximum 15 units/hour)', '160')).toBe(
      'For 160 kg: 0.1 units/kg/hour × 160 kg = 16 units/hour, capped at the 15 unit maximum per hour',
    );
    // 3 mg/hour is 50 micrograms/minute.
    expect(line('1 microgram/kg/minute (maximum 3 mg/hour)', '40')).toBe(
      'For 40 kg: 1 microgram/kg/minute × 40 kg = 40 micrograms/minute (within the 3 mg maximum per hour)',
    );
    expect(line('1 microgram/kg/minute (maximum 3 mg/hour)', '80')).toBe(
      'For 80 kg: 1 microgram/kg/minute × 80 kg = 80 micrograms/minute, capped at the 3 mg maximum per hour: 50 micrograms/minute',
    );
  });

  it('works out energy, mmol, mEq and units', () => {
    expect(line('4 J/kg (maximum 120 J)', '45')).toBe('For 45 kg: 4 J/kg × 45 kg = 180 J, capped at the 120 J maximum');
    expect(line('1 mmol/kg (maximum 50 mmol); strength 1 mmol/mL', '12.5')).toBe(
      'For 12.5 kg: 1 mmol/kg × 12.5 kg = 12.5 mmol (within the 50 mmol maximum) = 12.5 mL of 1 mmol/mL',
    );
    expect(line('1 mEq/kg IV (maximum 100 mEq)', '80')).toBe('For 80 kg: 1 mEq/kg × 80 kg = 80 mEq (within the 100 mEq maximum)');
    expect(line('80 units/kg IV (maximum 5000 units), then 18 units/kg/hour (maximum 1000 units/hour)', '50')).toBe(
      'For 50 kg: 80 units/kg × 50 kg = 4000 units (within the 5000 unit maximum); 18 units/kg/hour × 50 kg = 900 units/hour (within the 1000 unit maximum per hour)',
    );
  });

  it('gives a volume only where the quote states the strength', () => {
    expect(line('Adenosine 3 mg/mL 0.1 mg/kg (maximum 6 mg)', '15')).toBe(
      'For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg (within the 6 mg maximum) = 0.5 mL of 3 mg/mL',
    );
    expect(line('Adenosine 0.1 mg/kg (maximum 6 mg)', '15')).toBe('For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg (within the 6 mg maximum)');
    // The capped dose's volume, not the product's.
    expect(line('Strength: 100 micrograms/mL (1 in 10 000); Dose: 10 micrograms/kg (0.1 mL/kg); Maximum: 1 mg per dose', '120')).toBe(
      'For 120 kg: 10 micrograms/kg × 120 kg = 1200 micrograms (1.2 mg), capped at the 1 mg maximum per dose: 1000 micrograms (1 mg) = 10 mL of 100 micrograms/mL',
    );
    // A stated volume per kg beside the dose is its strength.
    expect(line('10 micrograms/kg (0.1 mL/kg), maximum 1 mg', '15')).toBe(
      'For 15 kg: 10 micrograms/kg × 15 kg = 150 micrograms (within the 1 mg maximum) = 1.5 mL (0.1 mL/kg)',
    );
    // Two strengths that differ: which one is in the syringe is not Rounds' call.
    expect(line('0.1 mg/kg of 1 mg/mL or 3 mg/mL', '15')).toBe('For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg');
    expect(line('1 mg/kg of 3 mg/mL', '14')).toBe('For 14 kg: 1 mg/kg × 14 kg = 14 mg ≈ 4.666 mL of 3 mg/mL');
  });

  it('shows the exact product, and rounds only the dose to give or a volume that needs more than 4 significant figures, down', () => {
    expect(line('12.35 mg/kg', '45.5')).toBe('For 45.5 kg: 12.35 mg/kg × 45.5 kg = 561.925 mg, rounded down to 561.9 mg');
    // A maximum is a quoted figure: never rounded.
    expect(line('0.733 mg/kg (maximum 100.31 mg)', '136.85')).toBe(
      'For 136.85 kg: 0.733 mg/kg × 136.85 kg = 100.31105 mg, capped at the 100.31 mg maximum',
    );
    const r = workOut(parseDose('12.35 mg/kg'), '45.5');
    expect(r.ok && r.dose.rounded).toBe(true);
    expect(r.ok && r.dose.parts[0]?.product.lo).toBe('561.925');
    expect(roundFigure(new Dec('561.925'))).toEqual({ value: new Dec('561.9'), rounded: true });
    expect(roundFigure(new Dec('1.5'))).toEqual({ value: new Dec('1.5'), rounded: false });
  });

  it('works out nothing rather than something unchecked', () => {
    expect(line('glucagon 1 mg IM', '70')).toBe('no_per_kg_dose');
    // A rate beside a maximum amount, or mL beside mg with no strength: the maximum cannot be applied.
    expect(line('1 mg/kg (maximum 2 mg/hour)', '30')).toBe('maximum_not_comparable');
    expect(line('1 mg/kg (maximum 10 mL)', '30')).toBe('maximum_not_comparable');
    // A restatement that disagrees with the dose.
    expect(line('0.1 mg/kg (200 micrograms/kg)', '10')).toBe('inconsistent_quote');
    expect(line('0.1 mg/kg (100 micrograms/kg)', '10')).toBe('For 10 kg: 0.1 mg/kg × 10 kg = 1 mg');
  });

  it('reads numbers as sources and questions write them', () => {
    expect(parseNumber('1,000')?.toFixed()).toBe('1000');
    expect(parseNumber('0,5')?.toFixed()).toBe('0.5');
    expect(parseNumber('10 000')?.toFixed()).toBe('10000');
    expect(parseNumber('abc')).toBeUndefined();
  });
});
