import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INFLECTIONS, Terminology } from '../../src/core/question/terminology.js';
import { DEMO_KNOWLEDGE } from '../helpers/runtime.js';

const terminology = new Terminology([
  { canonical: 'anti-müllerian hormone', names: ['anti-müllerian hormone', 'AMH', 'hormone anti-müllérienne', 'serum AMH (ECLIA)'] },
  { canonical: 'postpartum haemorrhage', names: ['postpartum haemorrhage', 'PPH', 'postpartum hemorrhage'] },
]);

describe('Terminology', () => {
  it('matches abbreviations, spelling and language variants on whole words, ignoring case and accents', () => {
    expect(terminology.match('normal amh at 35?').map((m) => m.group.canonical)).toEqual(['anti-müllerian hormone']);
    expect(terminology.match("taux d'hormone anti-mullerienne").map((m) => m.group.canonical)).toEqual(['anti-müllerian hormone']);
    expect(terminology.match('post partum hemorrhage')).toEqual([]);
    expect(terminology.match('postpartum hemorrhage management').map((m) => m.group.canonical)).toEqual(['postpartum haemorrhage']);
    expect(terminology.match('PPHX is not a term')).toEqual([]);
  });

  it('prefers the longest variant', () => {
    expect(terminology.match('serum AMH (ECLIA) result')[0]?.matched).toBe('serum amh eclia');
  });

  it('normalizes for retrieval but keeps the asker text first', () => {
    const n = terminology.normalize('PPH first-line drug?');
    expect(n.text.startsWith('PPH first-line drug?')).toBe(true);
    expect(n.text).toContain('postpartum haemorrhage');
  });

  it('counts a matched term once in coverage groups, with every name as an alternative', () => {
    const groups = terminology.coverageGroups('AMH level 35');
    expect(groups).toContainEqual(expect.arrayContaining([['amh'], ['anti', 'mullerian', 'hormon']]));
    expect(groups).toContainEqual([['35']]);
  });

  it('loads the demo pack terminology file', () => {
    const t = Terminology.load(join(DEMO_KNOWLEDGE, 'terminology.yaml'));
    expect(t.groups.length).toBeGreaterThan(50);
    expect(t.match('AMH (ECLIA)')[0]?.group.canonical).toMatch(/m.llerian hormone/);
  });

  it('treats a missing file as only the built-in clinical terms and irregular forms, and a malformed one as a clear error', () => {
    const builtIn = Terminology.load('/nonexistent/terminology.yaml');
    expect(builtIn.groups.slice(-INFLECTIONS.length)).toEqual(INFLECTIONS);
    // Abbreviations, brand names and UK/US spellings every pack's readers type (lexicon/clinical-terms.yaml).
    expect(builtIn.match('narcan for an OD').map((m) => m.group.canonical)).toEqual(['naloxone', 'overdose']);
    expect(builtIn.match('paeds adrenaline').map((m) => m.group.canonical)).toEqual(['pediatric', 'epinephrine']);
    expect(builtIn.match('atropine for brady').map((m) => m.group.canonical)).toEqual(['atropine', 'bradycardia']);
    expect(builtIn.match('unstable svt with altered LOC').map((m) => m.group.canonical)).toEqual([
      'supraventricular tachycardia',
      'altered level of consciousness',
    ]);
    // The pack's own names come first: the demo pack's "postpartum haemorrhage" wins over the built-in spelling.
    const demo = Terminology.load(join(DEMO_KNOWLEDGE, 'terminology.yaml'));
    expect(demo.match('PPH')[0]?.group.canonical).toBe('postpartum haemorrhage');
    expect(() => Terminology.load(join(import.meta.dirname, 'fixtures', 'bad-terminology.yaml'))).toThrow(/canonical/);
  });

  it('knows irregular forms that stemming leaves apart (fell, fallen ≈ fall), with or without a pack file', () => {
    for (const t of [Terminology.load('/nonexistent/terminology.yaml'), Terminology.load(join(DEMO_KNOWLEDGE, 'terminology.yaml'))]) {
      expect(t.match('patient fell out of bed').map((m) => m.group.canonical)).toEqual(['fall']);
      expect(t.normalize('She has fallen twice').text).toMatch(/\nfall; fell$/);
      expect(t.coverageGroups('fell and bled')).toEqual([
        [['fall'], ['fell'], ['fallen']],
        [['bleed'], ['bled']],
      ]);
    }
    // Forms that are also everyday words with another meaning are left alone.
    expect(Terminology.load('/nonexistent/terminology.yaml').match('left arm, given twice, saw the GP')).toEqual([]);
  });
});
