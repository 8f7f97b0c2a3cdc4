/**
 * A PDF-extracted manual's reference sheets: the lines that recur as labels in section after section are marked as
 * labels (bold), so "Age < 4 years or > 65 years" is read under "Contraindications", not under the item above it. The
 * sheets are written here in the style of an EMS drug reference (no third-party text).
 */
import { describe, expect, it } from 'vitest';
import { unitContexts } from '../../src/core/compose/unit-context.js';
import { units } from '../../src/core/compose/units.js';
import { chunkText } from '../../src/ingest/chunker.js';
import { type ManualSection, markSectionLabels } from '../../src/ingest/manual/read-manual.js';

const DRUGS = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliet', 'Kilo', 'Lima'];

function sheet(drug: string, i: number): ManualSection {
  // Items differ from sheet to sheet, though a few sheets share one ("Hypotension"); the labels are in every sheet.
  const items = ['Active bleeding', 'Known pregnancy', 'Renal failure', 'Head injury'];
  // Half the sheets write the dose label on its own line, half run it into the dose.
  const doses =
    i % 2 === 0
      ? ['Adult Dose', `Seizure ${i + 1}mg IM, may repeat once`, 'Pediatric Dose', `Seizure 0.${i + 1}mg/kg IM`]
      : [`Adult Dose ${i + 1}mg IV/IO, may repeat once`, `Pediatric Dose 0.${i + 1}mg/kg IV/IO`];
  const lines = [
    'Classification',
    `${drug} class ${i}`,
    'Other Common Indications (Not authorized for EMS administration)',
    i % 3 === 0 ? 'Stable tachycardia with a pulse,' : 'None',
    ...doses,
    'Contraindications',
    items[i % items.length] as string,
    `Age < 4 years old or > ${60 + i} years old`,
    'Adverse Effects',
    i < 3 ? 'Hypotension' : `${drug} rash`,
    `${drug}ol may cause drowsiness.`,
  ];
  return { title: `Drug Reference – ${drug}ol Ref. No. ${i}`, text: lines.join('\n'), pages: [i + 1, i + 1] };
}

describe('labels a manual repeats in its reference sheets', () => {
  const marked = markSectionLabels(DRUGS.map(sheet));

  it('are marked as labels; items and values stay lines', () => {
    const text = marked[0]?.text ?? '';
    expect(text).toMatch(/^\*\*Contraindications\*\*$/m);
    expect(text).toMatch(/^\*\*Adverse Effects\*\*$/m);
    expect(text).toMatch(/^\*\*Other Common Indications \(Not authorized for EMS administration\)\*\*$/m);
    expect(text).toMatch(/^Hypotension$/m);
    expect(text).toMatch(/^Active bleeding$/m);
    expect(marked[1]?.text).toMatch(/^None$/m);
  });

  it('head a line they open, which stays as written', () => {
    expect(marked[1]?.text).toMatch(/^\*\*Adult Dose\*\*\nAdult Dose 2mg IV\/IO, may repeat once$/m);
    expect(marked[1]?.text).toMatch(/^\*\*Pediatric Dose\*\*\nPediatric Dose 0\.2mg\/kg IV\/IO$/m);
  });

  it('put each line under its label: an item is not the label of the line after it', async () => {
    const section = marked[0] as ManualSection;
    const [chunk] = await chunkText(section.text, section.title);
    const all = units(chunk?.text ?? '');
    const ctx = unitContexts(all);
    const labelOf = (start: string) => ctx[all.findIndex((u) => u.text.startsWith(start))]?.label?.text;
    expect(labelOf('Age < 4 years')).toBe('Contraindications');
    expect(labelOf('Active bleeding')).toBe('Contraindications');
    expect(labelOf('Stable tachycardia')).toMatch(/Not authorized/);
    expect(labelOf('Seizure 1mg IM')).toBe('Adult Dose');
    // A part names no patient group of its own: the contraindications are not the children's dose lines.
    expect(ctx[all.findIndex((u) => u.text.startsWith('Age < 4 years'))]?.groups).toEqual([]);
  });

  it('are not read from a manual of a few sections', () => {
    const few = DRUGS.slice(0, 5).map(sheet);
    expect(markSectionLabels(few)).toEqual(few);
  });
});
