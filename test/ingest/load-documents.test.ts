import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRoundsError } from '../../src/core/errors.js';
import { loadDocuments, slugId } from '../../src/ingest/load-documents.js';
import { copyFixture, FIXTURES, tempDir } from './helpers.js';

describe('loadDocuments', () => {
  it('reads Markdown, text, HTML, PDF and corpus.jsonl, skipping README, terminology and dotfiles', async () => {
    const result = await loadDocuments(join(FIXTURES, 'kb'));
    expect(result.failures).toEqual([]);
    expect(result.docs.map((d) => d.id).sort()).toEqual(
      ['anticoagulation-v2', 'falls', 'hand-hygiene', 'heparin', 'pharmacy/vancomycin', 'pm-1001', 'pm-1002', 'sepsis'].sort(),
    );
    expect(result.superseded).toEqual(['anticoagulation-v1']);
    const byId = new Map(result.docs.map((d) => [d.id, d]));
    const vanc = byId.get('pharmacy/vancomycin')!;
    expect(vanc).toMatchObject({
      title: 'Vancomycin dosing',
      collection: 'pharmacy',
      version: '1.2',
      effective: '2024-06-01',
      reviewBy: '2025-06-01',
    });
    expect(vanc.text.startsWith('# Vancomycin dosing')).toBe(true);
    expect(byId.get('pm-1002')).toMatchObject({ collection: 'research', version: '1', path: 'corpus.jsonl#pm-1002' });
    expect(byId.get('pm-1001')).toMatchObject({ collection: 'general', source: 'https://pubmed.ncbi.nlm.nih.gov/1001/' });
    expect(byId.get('heparin')?.text).toContain('Check the APTT six hours after starting.');
    const html = byId.get('hand-hygiene')!;
    expect(html.title).toBe('Hand hygiene');
    expect(html.text).toContain('## Five moments');
    expect(html.text).toContain('| Visibly soiled hands | Soap and water |');
    expect(html.text).not.toContain('var x');
    expect(html.text).not.toContain('Home | About');
    expect(byId.get('falls')?.title).toBe('Falls prevention');
  });

  it('reports every bad file by path and reason and keeps the good ones', async () => {
    const result = await loadDocuments(join(FIXTURES, 'corrupt'));
    expect(result.docs.map((d) => d.id).sort()).toEqual(['good', 'ok-1']);
    const reasons = Object.fromEntries(result.failures.map((f) => [f.path, f.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      ['bad-date.md', 'bad-front-matter.md', 'binary.txt', 'corpus.jsonl:2', 'empty.md', 'scanned.pdf', 'slides.pptx'].sort(),
    );
    expect(reasons['bad-date.md']).toMatch(/effective must be a date written YYYY-MM-DD/);
    expect(reasons['bad-front-matter.md']).toMatch(/^bad front matter/);
    expect(reasons['binary.txt']).toMatch(/binary/);
    expect(reasons['empty.md']).toBe('empty file');
    expect(reasons['scanned.pdf']).toMatch(/no text layer/);
    expect(reasons['corpus.jsonl:2']).toMatch(/invalid JSON/);
  });

  it('reports duplicate ids and invalid UTF-8', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.md'), '---\nid: same\n---\n# A\n\ntext a\n');
    writeFileSync(join(dir, 'b.md'), '---\nid: same\n---\n# B\n\ntext b\n');
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from([0x48, 0xe9, 0x6c, 0x6c, 0x6f, 0xff, 0xfe]));
    const result = await loadDocuments(dir);
    expect(result.docs.map((d) => d.path)).toEqual(['a.md']);
    expect(result.failures).toEqual([
      { path: 'b.md', reason: 'duplicate document id "same" (also used by a.md)' },
      { path: 'latin1.txt', reason: 'not valid UTF-8 text (binary file, or save it as UTF-8)' },
    ]);
  });

  it('drops a document that declares superseded_by a document that is present', async () => {
    const dir = copyFixture('kb');
    writeFileSync(join(dir, 'old-sepsis.md'), '---\ntitle: Old sepsis\nsuperseded_by: sepsis\n---\n# Old sepsis\n\nOld text.\n');
    writeFileSync(join(dir, 'orphan.md'), '---\ntitle: Orphan\nsuperseded_by: not-in-kb\n---\n# Orphan\n\nText.\n');
    const result = await loadDocuments(dir);
    expect(result.docs.find((d) => d.id === 'old-sepsis')).toBeUndefined();
    expect(result.docs.find((d) => d.id === 'orphan')?.supersededBy).toBe('not-in-kb');
  });

  it('reads an evaluation folder: corpus.jsonl only, not its questions.jsonl or LICENSE', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'corpus.jsonl'), '{"id": "1", "title": "T", "text": "Abstract text."}\n');
    writeFileSync(join(dir, 'questions.jsonl'), '{"id": "q1", "question": "Q?", "relevant": ["1"]}\n');
    writeFileSync(join(dir, 'LICENSE'), 'MIT');
    const result = await loadDocuments(dir);
    expect(result.docs.map((d) => d.id)).toEqual(['1']);
    expect(result.failures).toEqual([]);
  });

  it('ingests a single file', async () => {
    const result = await loadDocuments(join(FIXTURES, 'kb', 'sepsis.md'));
    expect(result.docs.map((d) => d.id)).toEqual(['sepsis']);
  });

  it('fails clearly for a path that does not exist', async () => {
    const error = await loadDocuments('/nonexistent/knowledge').catch((e) => e);
    expect(isRoundsError(error)).toBe(true);
    expect(error.message).toMatch(/no such file or directory/);
  });

  it('derives stable ids from paths', () => {
    expect(slugId('Pharmacy/Vancomycin Dosing (2024).md')).toBe('pharmacy/vancomycin-dosing-2024');
    expect(slugId('obstétrique/AMH.md')).toBe('obstetrique/amh');
  });
});
