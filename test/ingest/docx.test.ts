/**
 * Word (.docx) ingest: the demo pack's Word policy and documents built here with the `docx` package, read back
 * through mammoth and the HTML parser. Headings become sections, lists and tables stay whole, document properties
 * carry the metadata; bad files are reported with a reason and never stop the folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { chunkText } from '../../src/ingest/chunker.js';
import { loadDocuments } from '../../src/ingest/load-documents.js';
import { docxToText } from '../../src/ingest/parsers/docx.js';
import { REPO_ROOT } from '../helpers/runtime.js';
import { tempDir } from './helpers.js';

const DEMO = join(REPO_ROOT, 'knowledge/general/nasogastric-tube-placement.docx');

async function word(options: { title?: string; custom?: Record<string, string>; body: (Paragraph | Table)[] }): Promise<Buffer> {
  const doc = new Document({
    ...(options.title ? { title: options.title } : {}),
    customProperties: Object.entries(options.custom ?? {}).map(([name, value]) => ({ name, value })),
    sections: [{ children: options.body }],
  });
  return Packer.toBuffer(doc);
}

describe('the demo pack’s Word document', () => {
  it('keeps the title, sections, lists, the table and the metadata from its properties', async () => {
    const { title, text, fields } = await docxToText(readFileSync(DEMO));
    expect(title).toBe('Nasogastric tube placement: confirming the position before use in adults');
    expect(fields).toMatchObject({
      id: 'nasogastric-tube-placement',
      version: '1.2',
      effective: '2025-05-01',
      reviewBy: '2028-05-01',
      collection: 'general',
      publisher: 'Rounds demo pack, adapted from NHS Improvement and the NPSA',
    });
    expect(text.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '# Nasogastric tube placement: confirming the position before use in adults',
      '## When to check the position',
      '## How to confirm the position',
      '### First-line test: pH of the aspirate',
      '### Second-line test: chest X-ray',
      '## Methods that must not be used',
      '## Escalation',
    ]);
    expect(text).toContain('- Check the position again after vomiting, retching or violent coughing.');
    expect(text).toContain('1. Measure and record the external length of the tube at the nostril.\n2. Draw back');
    expect(text).toContain('| Aspirate pH | What it means | Action |\n| --- | --- | --- |\n| pH 1 to 5.5 |');
  });

  it('chunks into sections with heading paths, the pH table whole in one chunk', async () => {
    const { title, text } = await docxToText(readFileSync(DEMO));
    const pieces = await chunkText(text, title!);
    const table = pieces.filter((p) => p.text.includes('| pH 6 or above |'));
    expect(table).toHaveLength(1);
    expect(table[0]!.text).toContain('| No aspirate obtained |');
    expect(table[0]!.headingPath).toEqual([title, 'How to confirm the position', 'First-line test: pH of the aspirate']);
    const never = pieces.find((p) => p.text.includes('Never use blue litmus paper'));
    expect(never?.headingPath.at(-1)).toBe('Methods that must not be used');
  });

  it('is ingested from the knowledge folder like the Markdown documents', async () => {
    const { docs, failures } = await loadDocuments(join(REPO_ROOT, 'knowledge/general'));
    expect(failures).toEqual([]);
    expect(docs.find((d) => d.format === 'docx')).toMatchObject({
      id: 'nasogastric-tube-placement',
      path: 'nasogastric-tube-placement.docx',
      collection: 'general',
      reviewBy: '2028-05-01',
    });
  });
});

describe('Word documents', () => {
  it('without a Title paragraph, Heading 1 is the top level and the first one names the document', async () => {
    const buffer = await word({
      body: [
        new Paragraph({ text: 'Oxygen prescribing', heading: HeadingLevel.HEADING_1 }),
        new Paragraph('Prescribe oxygen to a target saturation range.'),
        new Paragraph({ text: 'Targets', heading: HeadingLevel.HEADING_2 }),
        new Table({
          rows: [
            new TableRow({ children: ['Group', 'Target'].map((t) => new TableCell({ children: [new Paragraph(t)] })) }),
            new TableRow({
              children: ['Most patients', '94 to 98%'].map(
                (t) => new TableCell({ children: [new Paragraph(t), new Paragraph('(adults)')] }),
              ),
            }),
          ],
        }),
      ],
    });
    const { title, text, fields } = await docxToText(buffer);
    expect(title).toBe('Oxygen prescribing');
    expect(fields).toEqual({ supersedes: [] });
    expect(text).toContain('# Oxygen prescribing\n\nPrescribe oxygen to a target saturation range.\n\n## Targets');
    // Paragraphs inside a cell keep a space between them.
    expect(text).toContain('| Most patients (adults) | 94 to 98% (adults) |');
  });

  it('reads metadata from custom properties; several superseded ids in one property', async () => {
    const buffer = await word({
      title: 'VTE prophylaxis',
      custom: { Collection: 'pharmacy', 'Review by': '2027-01-31', supersedes: 'vte-2019, vte-2021', Owner: 'Thrombosis team' },
      body: [new Paragraph('Assess every adult on admission.')],
    });
    const { title, fields, header } = await docxToText(buffer);
    expect(title).toBe('VTE prophylaxis');
    expect(fields).toMatchObject({ collection: 'pharmacy', reviewBy: '2027-01-31', supersedes: ['vte-2019', 'vte-2021'] });
    expect(header).toMatchObject({ owner: 'Thrombosis team' });
  });

  it('reports bad files by reason and ingests the rest of the folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.docx'), await word({ title: 'Good', body: [new Paragraph('Readable text.')] }));
    writeFileSync(join(dir, 'empty.docx'), '');
    writeFileSync(join(dir, 'old.docx'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
    writeFileSync(join(dir, 'legacy.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    writeFileSync(join(dir, 'text.docx'), 'just some text saved with the wrong extension');
    const notWord = new JSZip();
    notWord.file('hello.txt', 'hi');
    writeFileSync(join(dir, 'zip.docx'), await notWord.generateAsync({ type: 'nodebuffer' }));
    writeFileSync(
      join(dir, 'bad-date.docx'),
      await word({ title: 'Bad date', custom: { review_by: 'May 2028' }, body: [new Paragraph('Text.')] }),
    );
    writeFileSync(join(dir, 'blank.docx'), await word({ body: [new Paragraph('')] }));

    const { docs, failures } = await loadDocuments(dir);
    expect(docs.map((d) => d.id)).toEqual(['good']);
    const reasons = Object.fromEntries(failures.map((f) => [f.path, f.reason]));
    expect(reasons['empty.docx']).toBe('empty file');
    expect(reasons['old.docx']).toMatch(/Word 97–2003 .doc file renamed .docx: open it in Word and save it as .docx/);
    expect(reasons['legacy.doc']).toMatch(/^unsupported file type ".doc": a Word 97–2003 document; open it in Word and save it as .docx/);
    expect(reasons['text.docx']).toMatch(/not a Word document/);
    expect(reasons['zip.docx']).toMatch(/^unreadable Word document: /);
    expect(reasons['bad-date.docx']).toBe('bad document property: review_by must be a date written YYYY-MM-DD');
    expect(reasons['blank.docx']).toBe('Word document has no text');
  });
});
