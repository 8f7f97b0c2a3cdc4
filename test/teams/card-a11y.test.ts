/**
 * Teams messages as screen readers and voice meet them: the message's `speak` (the answer without [n] markers,
 * whom to ask, the label in words), the card's `speak` and `fallbackText` (label and sources), action tooltips
 * (read by narration software in schema 1.5), the label's emoji and word beside its colour, alt text on images.
 */

import type { Activity, Attachment } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { answerCard, cardSummary } from '../../adapters/teams/card.js';
import { answerSpeech, renderAnswer } from '../../adapters/teams/render.js';
import type { ChannelProfile } from '../../src/core/ports.js';
import { type Node, typedNodes } from '../helpers/typed-nodes.js';
import { createAnswer, createCitation } from '../store/factories.js';

const profile: ChannelProfile = {
  name: 'pharmacy',
  collections: ['pharmacy'],
  followUps: true,
  feedbackButtons: true,
  escalation: 'the on-call pharmacist (bleep 2210)',
  escalateTo: { teams: { channel: '19:abc@thread.tacv2', people: [] } },
};

const cardOf = (a: Partial<Activity>) => (a.attachments as Attachment[])[0]!.content as Node;

const abstained = createAnswer({
  status: 'insufficient_evidence',
  label: 'insufficient',
  text: 'Not enough evidence in the knowledge base to answer this question.',
  citations: [createCitation({ title: 'Potassium replacement for hypokalaemia', headingPath: ['Potassium replacement for hypokalaemia'] })],
});

describe('Teams message speech', () => {
  it('speaks the answer without its [n] markers, then the label in words and the warnings', () => {
    const a = renderAnswer(createAnswer({ label: 'high', warnings: ['Source [1] is past its review date (2024-01-01).'] }), profile);
    expect(a.speak).toBe(
      'Give broad-spectrum antibiotics within one hour. High confidence. Warning: Source 1 is past its review date (2024-01-01).',
    );
  });

  it('says whom to ask on an abstention, and speaks a refusal too', () => {
    expect(renderAnswer(abstained, profile).speak).toContain('the on-call pharmacist (bleep 2210)');
    expect(renderAnswer(abstained, profile).speak).toMatch(/Not enough evidence\.$/);
    const refused = renderAnswer(createAnswer({ status: 'refused', text: 'Please type a question.' }), profile);
    expect(refused.speak).toBe('Please type a question.');
  });

  it('escapes what SSML would read as markup', () => {
    expect(answerSpeech(createAnswer({ text: 'Dose <5 mg & "max" 2 g [1].' }))).toBe(
      'Dose &#60;5 mg &#38; &#34;max&#34; 2 g. High confidence.',
    );
  });
});

describe('the Adaptive Card', () => {
  it('speaks and falls back to the label and the sources by title', () => {
    const card = cardOf(renderAnswer(createAnswer({ label: 'medium' }), profile));
    expect(card.speak).toBe('Medium confidence. Sources: 1, Sepsis protocol › Hour-1 bundle › Antibiotics.');
    expect(card.fallbackText).toBe(card.speak);
    expect(cardSummary(abstained, abstained.citations)).toBe(
      'Not enough evidence. Closest sources, which do not answer the question: 1, Potassium replacement for hypokalaemia.',
    );
  });

  it('shows the label as emoji and word, the colour only repeating it', () => {
    for (const [label, shown] of [
      ['high', '🟢 High confidence'],
      ['low', '🟠 Low confidence'],
      ['insufficient', '⚪ Not enough evidence'],
    ] as const) {
      const body = answerCard(createAnswer({ label }), [], true).content.body as Node[];
      expect(body[0]).toMatchObject({ type: 'TextBlock', text: shown });
    }
  });

  it('has a tooltip on every action, saying what it does', () => {
    const actions = typedNodes(cardOf(renderAnswer(createAnswer(), profile)).actions).filter((n) => n.type === 'Action.Submit');
    expect(actions.map((a) => a.tooltip)).toEqual([
      'Rate this answer helpful',
      'Rate this answer not helpful',
      'Send this question and answer to the people on call for this channel',
    ]);
  });

  it('gives every image alt text (there are none today; a future one must carry it)', () => {
    const card = cardOf(renderAnswer(createAnswer(), profile));
    const images = typedNodes([card, { type: 'Image', url: 'https://x/y.png', altText: 'Chart of doses' }]).filter(
      (n) => n.type === 'Image',
    );
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) expect(String(img.altText ?? '').trim().length, JSON.stringify(img)).toBeGreaterThan(3);
  });
});
