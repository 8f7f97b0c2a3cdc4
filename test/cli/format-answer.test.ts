import { describe, expect, it } from 'vitest';
import { formatAnswer } from '../../src/cli/format-answer.js';
import { createAnswer } from '../store/factories.js';

describe('rounds ask output', () => {
  it('shows the label in plain words, the score only in the last line', () => {
    const answered = formatAnswer(createAnswer({ label: 'high', score: 0.995 }));
    expect(answered).toMatch(/🟢 High confidence: /);
    expect(answered).not.toMatch(/High confidence \(/);
    expect(answered).toMatch(/ · evidence score (0\.99|1\.00) · profile /);
    const abstained = formatAnswer(
      createAnswer({
        status: 'insufficient_evidence',
        label: 'insufficient',
        score: 0.98,
        text: 'Not enough evidence in the knowledge base.',
      }),
    );
    expect(abstained).toContain('⚪ Not enough evidence: ');
    expect(abstained).not.toMatch(/Not enough evidence \(/);
    expect(abstained).toContain('Closest sources (they do not answer the question):');
    expect(abstained).toMatch(/ · evidence score 0\.98 · profile /);
  });
});
