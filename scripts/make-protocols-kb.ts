/**
 * Builds the protocols-dev knowledge folder from the Los Angeles County EMS treatment protocols, a public manual
 * nobody on the Rounds team wrote (issue 25): 447 pages of text extracted from PDF, in the public repository
 * thefiredev-cloud/Medic-Bot, plus its weight-based colour-code drug doses. The text is third-party and never
 * committed: this script writes it into a folder of your choice.
 *
 *   npx tsx scripts/make-protocols-kb.ts <Medic-Bot checkout, its bare git dir, or its PDFs/ folder> <out dir>
 *   npx rounds eval --knowledge <out dir> --questions eval/protocols-dev/questions.jsonl --out /tmp/protocols.json
 *
 * The files are written as they were extracted (only the converter's "# <file name>" line is dropped), with front
 * matter naming their set and source: reading the pages as documents (headers, footers, protocols, steps) is
 * Rounds' own ingest's job (src/ingest/manual/), measured here on a manual it was not written for.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FILES = [
  {
    path: 'PDFs/1075386_LACountyTreatmentProtocols.md',
    out: 'la-county-treatment-protocols.md',
    source: 'https://file.lacounty.gov/SDSInter/dhs/1075386_LACountyTreatmentProtocols.pdf',
  },
  {
    path: 'PDFs/1179884_1309-ColorCodeDrugDoses.md',
    out: 'la-county-color-code-drug-doses.md',
    source: 'https://file.lacounty.gov/SDSInter/dhs/1179884_1309-ColorCodeDrugDoses.pdf',
  },
];

function read(from: string, path: string): string {
  const direct = [join(from, path), join(from, path.replace(/^PDFs\//, ''))].find((p) => existsSync(p));
  if (direct) return readFileSync(direct, 'utf8');
  // A bare git directory (what the search tool's fetch brings): read the file at HEAD.
  if (existsSync(join(from, 'HEAD')) && existsSync(join(from, 'objects'))) {
    return execFileSync('git', ['--git-dir', from, 'show', `HEAD:${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  }
  throw new Error(`${path} not found under ${from}: pass a Medic-Bot checkout, its git directory, or its PDFs/ folder.`);
}

const [from, out] = process.argv.slice(2);
if (!from || !out) {
  console.error('usage: npx tsx scripts/make-protocols-kb.ts <Medic-Bot checkout | git dir | PDFs folder> <out dir>');
  process.exit(2);
}
const dir = join(resolve(out), 'ems');
mkdirSync(dir, { recursive: true });
for (const f of FILES) {
  const text = read(resolve(from), f.path).replace(/^# .*\n/, '');
  const front = ['---', 'collection: ems', `source: ${f.source}`, 'publisher: Los Angeles County EMS Agency', '---', ''].join('\n');
  writeFileSync(join(dir, f.out), `${front}${text}`);
  console.log(`wrote ${join(dir, f.out)} (${text.length} characters)`);
}
writeFileSync(
  join(resolve(out), 'README.md'),
  '# protocols-dev knowledge base\n\nThird-party text (Los Angeles County EMS Agency), written by scripts/make-protocols-kb.ts. Do not commit.\n',
);
