/** Rendering within Slack's limits, mrkdwn escaping, Slack text → plain question, de-duplication memory. */
import { describe, expect, it } from 'vitest';
import { Deduper } from '../../adapters/dedupe.js';
import { answerIdFromBlockId, MAX_BLOCKS, MAX_SECTION_CHARS, renderAnswer } from '../../adapters/slack/blocks.js';
import { mrkdwnLink, plainTextFromSlack, splitText } from '../../adapters/slack/mrkdwn.js';
import type { Answer, Citation } from '../../src/core/types.js';

function citation(n: number, extra: Partial<Citation> = {}): Citation {
  return {
    n,
    chunkId: `doc-${n}#0000`,
    docId: `doc-${n}`,
    title: `Doc ${n}`,
    headingPath: [`Doc ${n}`, 'Section'],
    collection: 'general',
    snippet: 'x '.repeat(400),
    score: 0.5,
    warnings: [{ kind: 'superseded', by: 'Doc 99' }],
    ...extra,
  };
}

function answer(extra: Partial<Answer> = {}): Answer {
  return {
    id: 'ans-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    question: 'q',
    normalizedQuestion: 'q',
    redaction: { redacted: false, kinds: [] },
    status: 'answered',
    text: 'Give antibiotics [1].',
    sentences: [],
    citations: [citation(1)],
    confidence: { label: 'medium', score: 0.6, features: {}, meaning: 'Right about 7 times in 10 in testing.' },
    composer: 'extractive',
    embedder: 'hash-v1',
    collections: ['general'],
    channelProfile: 'general',
    warnings: [],
    timings: { redactMs: 0, retrievalMs: 0, composeMs: 0, totalMs: 0 },
    ...extra,
  };
}

const sectionTexts = (blocks: unknown[]) =>
  (blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text!.text);

describe('renderAnswer', () => {
  it('stays within 50 blocks and 3,000 characters a section, and says what it left out', () => {
    const many = Array.from({ length: 30 }, (_, i) => citation(i + 1));
    const m = renderAnswer(answer({ text: 'word '.repeat(2500), citations: many, warnings: ['w'] }), { feedback: 'feedback_buttons' });
    expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    for (const t of sectionTexts(m.blocks)) expect(t.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
    expect(sectionTexts(m.blocks).filter((t) => t.startsWith('word')).length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(m.blocks)).toContain('not shown (Slack allows 50 blocks a message)');
    expect(JSON.stringify(m.blocks)).toContain('rounds_feedback:ans-1');
    expect(m.text.length).toBeLessThanOrEqual(3000);
  });

  it('escapes mrkdwn control characters and only links http(s) sources', () => {
    const m = renderAnswer(
      answer({
        text: 'Dose <5 mg & >2 mg [1].',
        citations: [citation(1, { title: 'A|B <x>', headingPath: [], source: 'javascript:alert(1)', warnings: [] })],
      }),
      { feedback: 'buttons' },
    );
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('Dose &lt;5 mg &amp; &gt;2 mg [1].');
    expect(json).not.toContain('<javascript:');
    expect(json).toContain('Source: javascript:alert(1)');
    expect(mrkdwnLink('https://x.org/a', 'A|B')).toBe('<https://x.org/a|A¦B>');
  });

  it('renders an abstention with whom to ask and the closest sources, marked as not relied on', () => {
    const m = renderAnswer(answer({ status: 'insufficient_evidence', text: 'Not enough evidence.' }), {
      feedback: 'buttons',
      profile: { name: 'icu', collections: ['icu'], followUps: true, feedbackButtons: true, escalation: '#icu-pharmacist' },
    });
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('Ask #icu-pharmacist');
    expect(json).toContain('*Closest sources* (not relied on)');
    expect(json).toContain('Superseded by Doc 99');
  });

  it('renders a refusal without sources or confidence, and no feedback where the profile turns it off', () => {
    const m = renderAnswer(answer({ status: 'refused', text: 'Please type a question.' }), {
      feedback: 'feedback_buttons',
      profile: { name: 'quiet', collections: ['general'], followUps: false, feedbackButtons: false },
    });
    expect(m.blocks).toHaveLength(1);
    expect(answerIdFromBlockId((m.blocks[0] as { block_id?: string }).block_id)).toBe('ans-1');
  });

  it('shows ratings, reviewers marked', () => {
    const now = '2026-01-01T00:00:00.000Z';
    const m = renderAnswer(answer(), {
      feedback: 'buttons',
      ratings: [
        { answerId: 'ans-1', raterId: 'U1', role: 'reviewer', value: 'up', createdAt: now, updatedAt: now },
        { answerId: 'ans-1', raterId: 'U2', role: 'other', value: 'down', createdAt: now, updatedAt: now },
      ],
    });
    expect(JSON.stringify(m.blocks)).toContain('Rated: 👍 <@U1> (reviewer) · 👎 <@U2>');
  });
});

describe('Slack text helpers', () => {
  it('turns Slack markup into a plain question', () => {
    expect(plainTextFromSlack('<@UBOT> dose for <@U2|anna> in <#C1|icu>? see <https://x.org|guide> &lt;5 &amp; ok', 'UBOT')).toBe(
      'dose for @anna in #icu? see guide <5 & ok',
    );
    expect(plainTextFromSlack('<@UBOT>', 'UBOT')).toBe('');
  });

  it('splits long text at breaks within the limit', () => {
    const parts = splitText(`${'a'.repeat(2000)}\n\n${'b'.repeat(2000)}`, 3000);
    expect(parts).toEqual(['a'.repeat(2000), 'b'.repeat(2000)]);
    expect(splitText('c'.repeat(7000), 3000).map((p) => p.length)).toEqual([3000, 3000, 1000]);
  });

  it('remembers keys for the TTL only, with bounded memory', () => {
    let t = 0;
    const d = new Deduper(1000, 3, () => t);
    expect(d.firstTime('a')).toBe(true);
    expect(d.firstTime('a')).toBe(false);
    t = 1500;
    expect(d.firstTime('a')).toBe(true);
    for (const k of ['b', 'c', 'd', 'e']) d.firstTime(k);
    expect(d.firstTime('a')).toBe(true); // evicted by the size bound
  });
});
