import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocuments } from '../../src/ingest/load-documents.js';
import { toMarkdown } from '../../src/ingest/manual/layout.js';
import { readManual } from '../../src/ingest/manual/read-manual.js';
import { tempDir } from './helpers.js';
import { countyManual, trustBinder } from './manual-fixtures.js';

describe('readManual: a paged manual extracted from PDF, read as its documents', () => {
  it('splits a header-numbered manual into its protocols by their running titles, each with its reference and version', () => {
    const sections = readManual(countyManual()) ?? [];
    expect(sections.map((s) => [s.reference, s.version, s.pages])).toEqual([
      ['701', 'revised 03-01-24', [1, 2]],
      ['701-P', 'revised 06-15-24', [3, 4]],
      ['702', 'revised 03-01-24', [5, 6]],
      ['702-P', 'revised 03-01-24', [7, 8]],
    ]);
    expect(sections[0]?.title).toBe('Treatment Protocol: ASTHMA Ref. No. 701');
  });

  it('removes the page furniture and the layout debris, and keeps numbered steps with the lines under them', () => {
    const [adult, child] = readManual(countyManual()) ?? [];
    const text = adult?.text ?? '';
    for (const furniture of ['REGIONAL HEALTH DEPARTMENT', 'MIDLAND COUNTY', 'PAGE', 'Return to Index', 'Treatment Protocol'])
      expect(text).not.toContain(furniture);
    expect(text).not.toMatch(/[❶-❿]/u);
    expect(text).not.toContain('S  P  E  C');
    // The subscript split onto its own line is joined back ("SpO" / "2" → "SpO2").
    expect(text).toContain('2. Administer Oxygen to keep SpO2 between 94 and 98%');
    // A dose stays a sub-item of the step that says when to give it; "OR" stays with the alternative it joins.
    expect(text).toContain(
      '3. For wheezing or bronchospasm:\n   - Salbutamol 5mg via nebuliser, repeat every 20 minutes x2 prn OR\n   - Salbutamol 8 puffs via spacer if no nebuliser',
    );
    expect(text).toContain('## SPECIAL CONSIDERATIONS');
    // A wrapped footnote is one item again.
    expect(text).toContain('call to the receiving hospital, because they are at risk of tiring');
    // Age bands stay apart: each opens a line of its own.
    expect(child?.text).toContain(
      '   - < 5 years of age: Salbutamol 2.5mg via nebuliser\n   - ≥ 5 years of age: Salbutamol 5mg via nebuliser',
    );
    // A step continued on the next page stays in its protocol.
    expect(child?.text).toContain('5. Reassess every 5 minutes');
  });

  it('reads a footer-numbered binder: the running title in the footer names the text above it', () => {
    const sections = readManual(trustBinder()) ?? [];
    expect(sections.map((s) => s.title)).toEqual(['Blood glucose monitoring in adults — Policy 4.1', 'Insulin pump care — Policy 4.2']);
    expect(sections[0]?.text).toContain('3. Record every reading on the glucose chart');
    expect(sections[0]?.text).not.toContain('pump');
    expect(sections[1]?.text).toContain('2. Remove the pump before an MRI scan');
    expect(sections.map((s) => s.text).join('\n')).not.toMatch(/Page \d|Document control/);
  });

  it('leaves text that is not paged alone', () => {
    expect(readManual('# Falls\n\nCheck lying and standing blood pressure.\n\nPage 2 says nothing here.')).toBeUndefined();
  });
});

describe('loadDocuments with a paged manual', () => {
  it('gives one document per protocol, typed for its patient group, and reports how many sections the file gave', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'county-protocols.txt'), countyManual());
    writeFileSync(join(dir, 'binder.md'), `---\ncollection: wards\n---\n${trustBinder()}`);
    const result = await loadDocuments(dir);
    expect(result.failures).toEqual([]);
    expect(result.manuals).toEqual([
      { path: 'binder.md', sections: 2 },
      { path: 'county-protocols.txt', sections: 4 },
    ]);
    const byId = new Map(result.docs.map((d) => [d.id, d]));
    expect([...byId.keys()].sort()).toEqual(
      [
        'binder/4.1',
        'binder/4.2',
        'county-protocols/701',
        'county-protocols/701-p',
        'county-protocols/702',
        'county-protocols/702-p',
      ].sort(),
    );
    expect(byId.get('binder/4.2')).toMatchObject({ collection: 'wards', title: 'Insulin pump care — Policy 4.2', path: 'binder.md' });
    expect(byId.get('county-protocols/701-p')).toMatchObject({ version: 'revised 06-15-24', path: 'county-protocols.txt' });
    // Versions of one topic: the one dosing by weight (or by age band) is the children's, the other the adults'.
    expect(byId.get('county-protocols/701-p')?.population).toEqual(['paediatric']);
    expect(byId.get('county-protocols/701')?.population).toEqual(['adult']);
    expect(byId.get('county-protocols/702-p')?.population).toEqual(['paediatric']);
    expect(byId.get('county-protocols/702')?.population).toEqual(['adult']);
    // A title naming its group is read as such.
    expect(byId.get('binder/4.1')?.population).toEqual(['adult']);
  });
});

describe('toMarkdown: notes numbered on lines of their own', () => {
  it('reads each note as its own numbered line, not as subscripts glued into one run-on line', () => {
    const md = toMarkdown(
      [
        'Ketorolac slow IV/IO 15mg 1mL Tranexamic Acid (TXA)',
        '8',
        ' 1gm 50/100mL',
        '',
        'NOTES:',
        '1',
        ' Dextrose: 125mL IV and reassess, repeat x1 for a total of 250mL',
        '2 ',
        'Fentanyl: 50mcg (1mL) slow IV push or IM/IN, maximum total dose prior to Base Contact 150mcg',
        '3',
        ' Nitroglycerin',
        'Chest Pain – Suspected Cardiac',
        '0.4 mg SL prn, repeat every 5min prn x2, total 3 doses',
        '4',
        ' Ondansetron IV/IM – only for 15 years of age or older',
        'Keep SpO',
        '2',
        ' between 94 and 98%',
      ].join('\n'),
    );
    expect(md).toContain('1. Dextrose: 125mL IV');
    expect(md).toContain('2. Fentanyl: 50mcg');
    expect(md).toMatch(/3\. Nitroglycerin\n\s+- Chest Pain – Suspected Cardiac 0\.4 mg SL prn/);
    expect(md).toContain('4. Ondansetron IV/IM');
    expect(md).not.toMatch(/250mL ?2 ?Fentanyl/);
    // A footnote marker inside a row, and a subscript, are still joined.
    expect(md).toContain('(TXA)8 1gm');
    expect(md).toContain('SpO2 between 94 and 98%');
  });
});
