/**
 * Files fuzzed: every ingest parser (Markdown with front matter, text, HTML, PDF, Word, corpus.jsonl) gets random
 * bytes, invalid UTF-8, truncated real documents, front matter of the wrong types, a zip bomb and a 50 MB file;
 * eval question files get lines of every shape. Each file is either read or reported as a failure that names
 * it and the problem: loading never throws, hangs or takes the process down.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoundsError } from '../../src/core/errors.js';
import { readQuestions } from '../../src/eval/eval-set.js';
import { loadDocuments } from '../../src/ingest/load-documents.js';
import { REPO_ROOT } from '../helpers/runtime.js';
import { anyJson, nastyString } from './arbitraries.js';
import { fuzzParams, fuzzTimeout } from './fuzz-settings.js';

let dir: string;
let n = 0;
const DOCX = readFileSync(join(REPO_ROOT, 'knowledge/general/nasogastric-tube-placement.docx'));
const PDF = readFileSync(join(REPO_ROOT, 'test/fixtures/ingest/kb/heparin.pdf'));
const EXTENSIONS = ['.md', '.txt', '.html', '.pdf', '.docx', '.jsonl'] as const;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rounds-fuzz-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One file alone in a fresh folder, loaded: read, or one failure naming the file. */
async function loadOne(name: string, data: Buffer | string) {
  const folder = join(dir, `f${++n}`);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(folder);
  writeFileSync(join(folder, name), data);
  const result = await loadDocuments(folder);
  if (result.docs.length === 0) {
    expect(result.failures.length, `${name}: neither read nor reported`).toBeGreaterThan(0);
  }
  for (const f of result.failures) {
    expect(f.path.startsWith(name), `${f.path} names ${name}`).toBe(true);
    expect(f.reason.trim().length, `${name}: a failure must say why`).toBeGreaterThan(3);
  }
  for (const d of result.docs) expect(typeof d.text).toBe('string');
  return result;
}

const yamlScalar = fc.oneof(
  nastyString.map((s) => JSON.stringify(s)),
  fc.constantFrom(
    '[1, 2]',
    '{a: 1}',
    'null',
    '~',
    'yes',
    '2025-13-45',
    '0x1F',
    '.inf',
    '&anchor x',
    '*alias',
    '!!binary AAAA',
    '- a\n  - b',
    '|\n  block',
  ),
  fc.integer().map(String),
);
const frontMatter = fc
  .record(
    {
      id: yamlScalar,
      title: yamlScalar,
      version: yamlScalar,
      effective: yamlScalar,
      review_by: yamlScalar,
      collection: yamlScalar,
      supersedes: yamlScalar,
      superseded_by: yamlScalar,
      source: yamlScalar,
    },
    { requiredKeys: [] },
  )
  .map(
    (fm) =>
      `---\n${Object.entries(fm)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n')}\n---\n\n# Title\n\nSome text about sepsis.\n`,
  );

function zipWith(name: string, content: Buffer): Buffer {
  // A one-entry zip written by hand (the deflate stream from zlib), so a bomb needs no big buffer to build.
  const deflated = deflateRawSync(content, { level: 9 });
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 14); // CRC left 0: a bomb need not be valid, only large
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralOffset = local.length + nameBytes.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]);
}

describe('fuzzing the ingest parsers', () => {
  it(
    'reads or reports random bytes and invalid UTF-8 under every extension',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...EXTENSIONS),
          fc.oneof(
            fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
            nastyString.map((s) => Buffer.from(s)),
          ),
          async (ext, data) => {
            await loadOne(`doc${ext}`, data);
          },
        ),
        fuzzParams(60),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'reads or reports truncated and bit-flipped Word and PDF files',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.nat(), fc.array(fc.nat(), { maxLength: 4 }), async (word, cut, flips) => {
          const original = word ? DOCX : PDF;
          const data = Buffer.from(original.subarray(0, cut % original.length));
          for (const f of flips) if (data.length) data[f % data.length] = (data[f % data.length] ?? 0) ^ 0xff;
          await loadOne(word ? 'policy.docx' : 'policy.pdf', data);
        }),
        fuzzParams(30),
      );
    },
    fuzzTimeout(90_000),
  );

  it(
    'reads or reports front matter of the wrong types, naming the field',
    async () => {
      await fc.assert(
        fc.asyncProperty(frontMatter, async (text) => {
          await loadOne('protocol.md', text);
        }),
        fuzzParams(60),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'reads or reports corpus.jsonl lines of every shape',
    async () => {
      const line = fc.oneof(
        anyJson.map((v) => JSON.stringify(v) ?? ''),
        nastyString,
      );
      await fc.assert(
        fc.asyncProperty(fc.array(line, { maxLength: 8 }), async (lines) => {
          await loadOne('corpus.jsonl', `${lines.join('\n')}\n{"id": "ok-doc", "title": "OK", "text": "Sepsis text."}\n`);
        }),
        fuzzParams(40),
      );
    },
    fuzzTimeout(60_000),
  );

  it('reports a zip bomb posing as a Word document without inflating it, and reads a 50 MB text file', async () => {
    // 400 MB of spaces in word/document.xml deflate to about 400 kB.
    const bomb = zipWith('word/document.xml', Buffer.alloc(400 * 1024 * 1024, 0x20));
    const result = await loadOne('bomb.docx', bomb);
    expect(result.failures[0]?.reason).toBe(
      'Word document too large when unpacked (400 MB of XML, the limit is 200 MB): a zip bomb or a damaged file',
    );

    const big = `# Big\n\n${'Give antibiotics within one hour of recognising sepsis. '.repeat(900_000)}`;
    expect(big.length).toBeGreaterThan(50_000_000);
    const read = await loadOne('big.md', big);
    expect(read.docs[0]?.title).toBe('Big');
  }, 120_000);
});

describe('fuzzing eval question files', () => {
  it(
    'reads every well-formed file and names the file and line of every bad one',
    async () => {
      const good = fc.record({ id: fc.string({ minLength: 1 }), question: fc.string({ minLength: 1 }), relevant: fc.array(fc.string()) });
      const line = fc.oneof(
        good.map((q) => JSON.stringify(q)),
        anyJson.map((v) => JSON.stringify(v) ?? ''),
        nastyString,
        fc
          .record({ id: anyJson, question: anyJson, relevant: anyJson, answerable: anyJson }, { requiredKeys: [] })
          .map((o) => JSON.stringify(o)),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(line, { maxLength: 6 }), async (lines) => {
          const path = join(dir, `q${++n}.jsonl`);
          writeFileSync(path, lines.join('\n'));
          try {
            const questions = readQuestions(path);
            expect(questions.length).toBeGreaterThan(0);
          } catch (error) {
            expect(isRoundsError(error), String(error)).toBe(true);
            expect((error as Error).message).toContain(path);
          }
        }),
        fuzzParams(80),
      );
    },
    fuzzTimeout(30_000),
  );
});
