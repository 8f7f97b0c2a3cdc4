/**
 * Block Kit as screen readers and notifications meet it: every image has alt text, every button says what it does
 * (Slack reads accessibility_label, at most 75 characters, instead of an emoji), and the top-level `text` fallback
 * is readable on its own: the answer, whom to ask, the label in words, escaped as mrkdwn.
 */

import { describe, expect, it } from 'vitest';
import { toFault } from '../../adapters/fault.js';
import { fallbackText, renderAnswer, renderApology } from '../../adapters/slack/blocks.js';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';
import type { ChannelProfile } from '../../src/core/ports.js';
import { type Node, typedNodes } from '../helpers/typed-nodes.js';
import { createAnswer, createCitation } from '../store/factories.js';

const profile: ChannelProfile = {
  name: 'pharmacy',
  collections: ['pharmacy'],
  followUps: true,
  feedbackButtons: true,
  escalation: 'the on-call pharmacist (bleep 2210)',
  escalateTo: { slack: { people: ['U0PHARM'] } },
};

const abstained = createAnswer({
  status: 'insufficient_evidence',
  label: 'insufficient',
  text: 'Not enough evidence in the knowledge base to answer this question.',
  citations: [createCitation({ title: 'Potassium replacement for hypokalaemia' })],
});

describe('Slack blocks for screen readers', () => {
  const variants = [
    renderAnswer(createAnswer(), { profile, feedback: 'feedback_buttons' }),
    renderAnswer(createAnswer(), { profile, feedback: 'buttons' }),
    renderAnswer(createAnswer(), { profile, feedback: 'buttons', share: true }),
    renderAnswer(abstained, { profile, feedback: 'feedback_buttons' }),
  ];

  it('names every button for what it does, within Slack’s 75 characters', () => {
    const buttons = variants.flatMap((m) => typedNodes(m.blocks)).filter((n) => n.type === 'button');
    // Rate 👍/👎 (plain), share, ask a person on every variant: the walk does see the buttons.
    expect(buttons.length).toBeGreaterThanOrEqual(6);
    for (const b of buttons) {
      expect(b.accessibility_label, JSON.stringify(b)).toMatch(/^[A-Z][a-z]+ .{5,}$/);
      expect(String(b.accessibility_label).length).toBeLessThanOrEqual(75);
    }
    const labels = buttons.map((b) => b.accessibility_label);
    expect(labels).toEqual(
      expect.arrayContaining(['Rate this answer helpful', 'Rate this answer not helpful', 'Share this answer in the channel']),
    );
    const feedback = typedNodes(variants[0]!.blocks).find((n) => n.type === 'feedback_buttons') as Node & Record<string, Node>;
    expect(feedback.positive_button?.accessibility_label).toBe('Rate this answer helpful');
    expect(feedback.negative_button?.accessibility_label).toBe('Rate this answer not helpful');
  });

  it('gives every image alt text (there are none today; a future one must carry it)', () => {
    const withImage = [...variants.flatMap((m) => m.blocks), { type: 'image', image_url: 'https://x/y.png', alt_text: 'Chart of doses' }];
    const images = typedNodes(withImage).filter((n) => n.type === 'image');
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) expect(String(img.alt_text ?? '').trim().length, JSON.stringify(img)).toBeGreaterThan(3);
  });
});

describe('the text fallback', () => {
  it('reads as the answer with its label in words', () => {
    const m = renderAnswer(createAnswer({ label: 'medium' }), { profile, feedback: 'feedback_buttons' });
    expect(m.text).toBe('Give broad-spectrum antibiotics within one hour [1].\n🟡 Medium confidence');
  });

  it('says whom to ask when Rounds abstains, and escapes mrkdwn', () => {
    expect(fallbackText(abstained, profile)).toContain('the on-call pharmacist (bleep 2210)');
    expect(fallbackText(abstained, profile)).toMatch(/⚪ Not enough evidence$/);
    expect(fallbackText(createAnswer({ text: 'Dose <5 mg & >2 mg [1].' }))).toMatch(/^Dose &lt;5 mg &amp; &gt;2 mg \[1\]\./);
  });

  it('keeps the label when a long answer is clipped to Slack’s 3,000 characters', () => {
    const text = fallbackText(createAnswer({ text: 'word '.repeat(1000), label: 'low' }));
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/…\n🟠 Low confidence$/);
  });

  it('is the reply itself for a refusal and an apology', () => {
    expect(fallbackText(createAnswer({ status: 'refused', text: 'Please type a question.' }))).toBe('Please type a question.');
    const apology = renderApology(toFault(new RoundsError(ErrorCode.ChromaUnavailable, 'down')));
    expect(apology.text).toMatch(/\w+ .*reference/i);
  });
});
