/**
 * Every surface shows the label's figure with where it was measured: the playground, Slack, Teams and `rounds ask`
 * render the `measured` sentence the core wrote for the model in use (evaluation sets, or the deployment's reviewers).
 */
import { describe, expect, it } from 'vitest';
import { renderAnswer as slackRender } from '../../adapters/slack/blocks.js';
import { renderAnswer as teamsRender } from '../../adapters/teams/render.js';
import { renderAnswer as webRender } from '../../adapters/web/render-answer.js';
import { formatAnswer } from '../../src/cli/format-answer.js';
import { assess, type ConfidenceFeatures } from '../../src/core/confidence/labels.js';
import type { ConfidenceModel } from '../../src/core/confidence/model-types.js';
import type { Answer } from '../../src/core/types.js';
import { createAnswer } from '../store/factories.js';

const SOURCES = {
  eval: 'on 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), left out one at a time',
  reviewers: 'on 312 answers your reviewers rated (calibrated 2026-12-03)',
};

function answerUnder(measuredOn: string, measuredAs: ConfidenceModel['measuredAs']): Answer {
  const model: ConfidenceModel = {
    weights: { coverage: 4 },
    bias: -2,
    thresholds: { high: 0.9, medium: 0.7, low: 0.5 },
    measured: { medium: { precision: 0.912, n: 140, low: 0.853, high: 0.949 } },
    measuredOn,
    ...(measuredAs ? { measuredAs } : {}),
  };
  const answer = createAnswer();
  answer.confidence = assess({ coverage: 1 } as unknown as ConfidenceFeatures, model.thresholds, model);
  return answer;
}

function cardBody(answer: Answer): { text: string; isSubtle?: boolean }[] {
  const card = teamsRender(answer).attachments?.[0]?.content as { body: { text: string; isSubtle?: boolean }[] } | undefined;
  return card?.body ?? [];
}

describe.each([
  [
    'the evaluation sets',
    SOURCES.eval,
    undefined,
    'On 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), left out one at a time, 91% of medium-confidence answers cited a relevant source (140 answers; 95% interval 85–95%).',
  ],
  [
    "the deployment's reviewers",
    SOURCES.reviewers,
    'reviewer_approved' as const,
    'On 312 answers your reviewers rated (calibrated 2026-12-03), 91% of medium-confidence answers were approved by a reviewer (140 answers; 95% interval 85–95%).',
  ],
])('a Medium answer measured on %s', (_name, measuredOn, measuredAs, sentence) => {
  const answer = answerUnder(measuredOn, measuredAs);

  it('carries the sentence', () => {
    expect(answer.confidence.label).toBe('medium');
    expect(answer.confidence.measured).toBe(sentence);
  });

  it('shows it in the playground, one click away', () => {
    expect(webRender(answer, { feedbackButtons: true })).toContain(
      `<details class="measured small"><summary>How was this measured?</summary>${sentence}</details>`,
    );
  });

  it('shows it in Slack, as context under the label', () => {
    const { blocks } = slackRender(answer, { feedback: 'buttons' });
    const texts = blocks.filter((b) => b.type === 'context').map((b) => (b.elements as { text: string }[])[0]?.text);
    const label = texts.findIndex((t) => t?.startsWith('🟡 Medium'));
    expect(label).toBeGreaterThanOrEqual(0);
    expect(texts[label + 1]).toBe(sentence);
  });

  it('shows it in Teams, under the label on the card', () => {
    const body = cardBody(answer);
    expect(body[0]?.text).toBe('🟡 Medium confidence');
    expect(body[1]).toMatchObject({ text: sentence, isSubtle: true });
  });

  it('shows it in rounds ask, under the label', () => {
    expect(formatAnswer(answer)).toContain(
      `: the quoted sources address the question; read the quoted passages before acting\n   ${sentence}\n`,
    );
  });
});

describe('an answer with no stated figure', () => {
  it('shows none on any surface', () => {
    const answer = createAnswer({ label: 'low' });
    expect(answer.confidence.measured).toBeUndefined();
    expect(webRender(answer, { feedbackButtons: false })).not.toContain('How was this measured?');
    expect(cardBody(answer).map((b) => b.text)).toEqual([
      '🟠 Low confidence',
      'Sources',
      expect.stringMatching(/^\[1\] /),
      expect.any(String),
      expect.any(String),
    ]);
  });
});
