import { describe, expect, it } from 'vitest';
import { chunkText } from '../../src/ingest/chunker.js';

const protocol = `# Sepsis protocol

Screen every adult with suspected infection.

## Hour-1 bundle

Complete every step within one hour.

### Antibiotics

Give antibiotics within one hour.

| Drug | Dose |
| --- | --- |
| Meropenem | 1 g |
| Gentamicin | 5 mg/kg |

### Fluids

- 500 mL crystalloid
- Reassess after each bolus

## Monitoring

Observations every 30 minutes.
`;

describe('chunkText', () => {
  it('keeps the heading path from the document title down', async () => {
    const pieces = await chunkText(protocol, 'Sepsis protocol');
    expect(pieces.map((p) => p.headingPath)).toEqual([
      ['Sepsis protocol'],
      ['Sepsis protocol', 'Hour-1 bundle'],
      ['Sepsis protocol', 'Hour-1 bundle', 'Antibiotics'],
      ['Sepsis protocol', 'Hour-1 bundle', 'Fluids'],
      ['Sepsis protocol', 'Monitoring'],
    ]);
  });

  it('prefixes the title when the document has no level-1 heading', async () => {
    const pieces = await chunkText('Intro text.\n\n## Doses\n\nOne gram.\n', 'Vancomycin');
    expect(pieces.map((p) => p.headingPath)).toEqual([['Vancomycin'], ['Vancomycin', 'Doses']]);
  });

  it('gives offsets into the document text', async () => {
    for (const piece of await chunkText(protocol, 'Sepsis protocol')) {
      expect(protocol.slice(piece.start, piece.end)).toBe(piece.text);
    }
  });

  it('ignores headings inside code fences', async () => {
    const text = '# Title\n\n```\n# not a heading\n```\n\nAfter.\n';
    const pieces = await chunkText(text, 'Title');
    expect(pieces).toHaveLength(1);
    expect(pieces[0]?.text).toContain('# not a heading');
  });

  it('does not cut a table that fits in one chunk, even when the section must be split', async () => {
    const intro = 'Long introduction sentence about the drug. '.repeat(6);
    const table = [
      '| Weight | Dose |',
      '| --- | --- |',
      ...Array.from({ length: 8 }, (_, i) => `| ${40 + i * 10} kg | ${750 + i * 250} mg |`),
    ].join('\n');
    const text = `# Doses\n\n${intro}\n\n${table}\n\nAfter the table: monitor levels.\n`;
    const pieces = await chunkText(text, 'Doses', { targetSize: 300, overlap: 30 });
    const withTable = pieces.filter((p) => p.text.includes('| Weight | Dose |'));
    expect(withTable).toHaveLength(1);
    expect(withTable[0]?.text).toContain(table);
  });

  it('splits an oversized table between rows and repeats the header rows in every piece', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| Drug ${i} | ${i * 10} mg every 8 hours |`);
    const text = `# Interactions\n\n| Drug | Dose |\n| --- | --- |\n${rows.join('\n')}\n`;
    const pieces = await chunkText(text, 'Interactions', { targetSize: 400 });
    expect(pieces.length).toBeGreaterThan(1);
    const seen: string[] = [];
    for (const piece of pieces) {
      expect(piece.text.startsWith('| Drug | Dose |\n| --- | --- |\n')).toBe(true);
      const body = piece.text.split('\n').slice(2);
      for (const line of body) expect(rows).toContain(line);
      seen.push(...body);
      expect(text.slice(piece.start, piece.end)).toBe(body.join('\n'));
    }
    expect(seen).toEqual(rows);
  });

  it('keeps a list whole when it fits and splits a long one between items', async () => {
    const items = Array.from({ length: 30 }, (_, i) => `- Step ${i}: check the patient and record the result in the chart.`);
    const pieces = await chunkText(`# Checklist\n\n${items.join('\n')}\n`, 'Checklist', { targetSize: 500 });
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) for (const line of piece.text.split('\n')) expect(items).toContain(line);
  });

  it('splits long prose by size with overlap', async () => {
    const sentences = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} explains one more detail of the procedure.`);
    const text = `# Long\n\n${sentences.join(' ')}\n`;
    const pieces = await chunkText(text, 'Long', { targetSize: 400, overlap: 80 });
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) {
      expect(piece.text.length).toBeLessThanOrEqual(400);
      expect(text.slice(piece.start, piece.end)).toBe(piece.text);
    }
    const overlapping = pieces.slice(1).filter((p, i) => p.start < (pieces[i]?.end ?? 0));
    expect(overlapping.length).toBeGreaterThan(0);
  });

  it("tells a piece that starts mid-block which label line its first lines sit under ('Adult Dose' above them)", async () => {
    // A drug reference sheet as PDF extraction gives it: label lines, then dose lines, no headings.
    const adult = Array.from({ length: 8 }, (_, i) => `Indication ${i} with wheezing 5mg (6mL) via neb, may repeat x${i + 1} prn`);
    const child = Array.from({ length: 8 }, (_, i) => `Indication ${i}: < 4 year of age 2.5mg (3mL) via neb, repeat x${i + 1} prn`);
    const text = `# Albuterol

Classification
Bronchodilator
Adult Dose
${adult.join('\n')}
Pediatric Dose
${child.join('\n')}
`;
    const pieces = await chunkText(text, 'Albuterol', { targetSize: 400, overlap: 80 });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces[0]?.label).toBeUndefined();
    for (const piece of pieces.slice(1)) {
      const first = piece.text.split('\n')[0] as string;
      const under = adult.includes(first) ? 'Adult Dose' : child.includes(first) ? 'Pediatric Dose' : undefined;
      expect(piece.label, first).toBe(first === 'Pediatric Dose' ? undefined : under);
    }
    // At least one piece opens with adult lines cut off from their label.
    expect(pieces.some((p) => p.label === 'Adult Dose')).toBe(true);
  });

  it('returns nothing for a document with only headings', async () => {
    expect(await chunkText('# Title\n\n## Empty\n', 'Title')).toEqual([]);
  });
});
