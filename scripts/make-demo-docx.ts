/**
 * Writes the demo pack's Word document, knowledge/general/nasogastric-tube-placement.docx, with the `docx`
 * package: a Title, Heading 1/2 sections, a numbered and a bulleted list, a table and custom document properties
 * carrying the metadata Markdown documents keep in front matter. Hospital policies are mostly Word files; this one
 * shows (and tests) that Rounds ingests them with their structure.
 *
 *   npx tsx scripts/make-demo-docx.ts [--out FILE]
 *
 * The output is deterministic (fixed creation dates), so re-running it gives the committed file unless this script
 * changed. Demo content written for Rounds from public guidance; not clinical advice.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Document, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? 'knowledge/general/nasogastric-tube-placement.docx');

const TITLE = 'Nasogastric tube placement: confirming the position before use in adults';

const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const h1 = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
const h2 = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } });
const step = (text: string) => new Paragraph({ text, numbering: { reference: 'steps', level: 0 } });

const cell = (text: string, header = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })] });
const row = (cells: string[], header = false) => new TableRow({ children: cells.map((c) => cell(c, header)), tableHeader: header });

const phTable = new Table({
  width: { size: 100, type: WidthType.PERCENTAGE },
  rows: [
    row(['Aspirate pH', 'What it means', 'Action'], true),
    row([
      'pH 1 to 5.5',
      'Gastric placement is confirmed (the aspirate is acidic)',
      'The tube may be used. Record the pH, the external length at the nostril and who checked it.',
    ]),
    row([
      'pH 6 or above',
      'Placement is not confirmed; the tip may be in the lung, oesophagus or small bowel',
      'Do not use the tube. Wait 15 to 30 minutes and test again, or refer for a chest X-ray.',
    ]),
    row([
      'No aspirate obtained',
      'Placement is not confirmed',
      'Turn the patient onto their left side, inject 10 to 20 mL of air, wait 15 to 30 minutes and aspirate again; if there is still no aspirate, refer for a chest X-ray.',
    ]),
  ],
});

const doc = new Document({
  creator: 'Rounds demo pack',
  title: TITLE,
  description: 'Demo content written for Rounds from public guidance; not clinical advice.',
  customProperties: [
    { name: 'id', value: 'nasogastric-tube-placement' },
    { name: 'version', value: '1.2' },
    { name: 'effective', value: '2025-05-01' },
    { name: 'review_by', value: '2028-05-01' },
    { name: 'collection', value: 'general' },
    {
      name: 'source',
      value:
        'NHS Improvement Patient Safety Alert NHS/PSA/RE/2016/006 Nasogastric tube misplacement: continuing risk of death and severe harm (2016); NPSA Patient Safety Alert 2011/PSA002 Reducing the harm caused by misplaced nasogastric feeding tubes; BAPEN and NNNG guidance on confirming NG tube position',
    },
    { name: 'publisher', value: 'Rounds demo pack, adapted from NHS Improvement and the NPSA' },
  ],
  numbering: {
    config: [
      {
        reference: 'steps',
        levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: 'left' }],
      },
    ],
  },
  sections: [
    {
      properties: {},
      children: [
        new Paragraph({ text: TITLE, heading: HeadingLevel.TITLE }),
        p(
          'A misplaced nasogastric (NG) tube used for feeding, fluids or medicines can cause death or severe harm. Use of a misplaced NG tube is a never event. This guideline covers confirming the position of a nasogastric tube in adults on the ward. It does not cover nasojejunal tubes, gastrostomy tubes or neonates.',
        ),
        p('Demo content written for Rounds from public guidance; not clinical advice.'),
        h1('When to check the position'),
        p('Confirm the position of the nasogastric tube before anything is put down it. Each item below stands on its own:'),
        bullet('Check the position after the tube is first placed, before its first use.'),
        bullet('Check the position before each feed, flush or medicine, and at least once a day during continuous feeding.'),
        bullet('Check the position again after vomiting, retching or violent coughing.'),
        bullet('Check the position again when the external length at the nostril has changed or the tube looks displaced.'),
        bullet('Check the position again when the patient has new breathing difficulty or oxygen saturation falls during feeding.'),
        h1('How to confirm the position'),
        p(
          'Before a feed, flush or medicine, check that a nasogastric (NG) tube is in the stomach by testing the pH of aspirate drawn from the tube: a pH of 1 to 5.5 confirms gastric placement. If no aspirate can be obtained, or the pH is 6 or above, confirm the position with a chest X-ray.',
        ),
        h2('First-line test: pH of the aspirate'),
        step('Measure and record the external length of the tube at the nostril.'),
        step('Draw back 0.5 to 1 mL of aspirate with a 50 mL enteral syringe.'),
        step('Test the aspirate on CE-marked pH indicator strips made for human gastric aspirate.'),
        step('Read the result against the table below, and record it in the care plan.'),
        phTable,
        h2('Second-line test: chest X-ray'),
        p(
          'When no aspirate can be obtained or the pH is 6 or above, a chest X-ray interpreted by a competent clinician confirms the position. The report must state that the tip is below the diaphragm and in the stomach. Do not use an X-ray taken for another purpose, or taken before the tube was placed.',
        ),
        h1('Methods that must not be used'),
        p('None of these confirms the position of a nasogastric tube:'),
        bullet('Never use the "whoosh" test (listening for air injected down the tube) to confirm the position.'),
        bullet('Never use blue litmus paper to test the aspirate.'),
        bullet('Never take the absence of respiratory distress as a sign that the tube is in the stomach.'),
        bullet('Never judge the position by the appearance of the aspirate.'),
        bullet('Never judge the position by bubbling at the end of the tube placed in water.'),
        h1('Escalation'),
        p(
          'If the position cannot be confirmed, do not use the tube; keep the patient nil by tube and tell the nurse in charge and the medical team. If feeding, fluids or medicines may have gone into the lung, stop at once, sit the patient up, check oxygen saturation and call for urgent medical review.',
        ),
      ],
    },
  ],
});

const buffer = await Packer.toBuffer(doc);
// docx stamps the current time into docProps/core.xml; pin it so re-running gives the same file.
const JSZip = (await import('jszip')).default;
const zip = await JSZip.loadAsync(buffer);
const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
zip.file('docProps/core.xml', core.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, '$12025-05-01T00:00:00Z'));
// Zip entries carry their own time stamps too.
const fixed = new Date('2025-05-01T00:00:00Z');
for (const name of Object.keys(zip.files)) {
  const entry = zip.file(name);
  if (entry) zip.file(name, await entry.async('uint8array'), { date: fixed });
}
const stable = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
writeFileSync(out, stable);
process.stdout.write(`wrote ${out} (${stable.length} bytes)\n`);
