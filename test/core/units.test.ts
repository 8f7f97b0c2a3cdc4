import { describe, expect, it } from 'vitest';
import { plain, units } from '../../src/core/compose/units.js';

describe('quotable units', () => {
  it('links a sentence that introduces a list to the items it introduces', () => {
    const us = units(
      'Start the following within one hour:\n\n1. **Lactate**: measure it.\n2. **Cultures**: two sets.\n   - one peripheral\n\nRecord the time.',
    );
    const intro = us.find((u) => u.introduces);
    expect(intro?.text).toBe('Start the following within one hour:');
    expect(intro?.introduces?.map((i) => us[i]?.text)).toEqual(['Lactate: measure it.', 'Cultures: two sets.']);
    expect(us.at(-1)).toMatchObject({ text: 'Record the time.', kind: 'sentence' });
    expect(us.at(-1)?.introduces).toBeUndefined();
  });

  it('marks an introduction whose list starts in the next chunk', () => {
    const us = units('Any one of the following means high risk:');
    expect(us[0]?.continues).toBe(true);
    expect(units('It does not cover children.')[0]?.continues).toBeUndefined();
  });

  it('rewrites a table row with its headers and keeps its cells', () => {
    const us = units('| Situation | Action |\n|---|---|\n| INR more than 8.0, no bleeding | Stop warfarin |');
    expect(us).toHaveLength(1);
    expect(us[0]).toMatchObject({ kind: 'row', text: 'Situation: INR more than 8.0, no bleeding; Action: Stop warfarin' });
    expect(us[0]?.cells?.[1]).toEqual({ header: 'Action', value: 'Stop warfarin' });
  });

  it('reads the HTML line breaks and emphasis of abstracts copied from the web as breaks and plain text', () => {
    const us = units('Human milk is not sterile.<br><b>RESULTS</b>: Milk bacteria come from the gut via an <i>entero-mammary</i> pathway.');
    expect(us.map((u) => u.text)).toEqual([
      'Human milk is not sterile.',
      'RESULTS: Milk bacteria come from the gut via an entero-mammary pathway.',
    ]);
  });

  it('removes emphasis markup so no surface shows it raw', () => {
    expect(plain('**Loading dose**: 4 g over *5–15* minutes, `IV`')).toBe('Loading dose: 4 g over 5–15 minutes, IV');
    expect(plain('2 * 3 = 6 and snake_case_name')).toBe('2 * 3 = 6 and snake_case_name');
    expect(units('- **Maintenance**: 1 g per hour')[0]?.text).toBe('Maintenance: 1 g per hour');
  });
});
