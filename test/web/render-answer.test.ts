import { describe, expect, it } from 'vitest';
import { esc, safeHref, timeTag } from '../../adapters/web/html.js';
import { renderAnswer, renderAnswerText } from '../../adapters/web/render-answer.js';
import { renderRecord } from '../../adapters/web/review-record.js';
import { CONFIDENCE_EMOJI } from '../../src/core/compose/present.js';
import type { Answer, Citation } from '../../src/core/types.js';

const citation = (over: Partial<Citation> = {}): Citation => ({
  n: 1,
  chunkId: 'doc#0000',
  docId: 'doc',
  title: 'Sepsis protocol',
  headingPath: ['Sepsis protocol', 'Hour-1 bundle'],
  collection: 'general',
  version: '3.1',
  effective: '2025-02-01',
  snippet: 'Give antibiotics <b>within</b> one hour & take cultures first.',
  score: 0.9,
  warnings: [],
  ...over,
});

const answer = (over: Partial<Answer> = {}): Answer => ({
  id: 'ans-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  question: 'What is the hour-1 bundle?',
  normalizedQuestion: 'what is the hour-1 bundle?',
  redaction: { redacted: false, kinds: [] },
  status: 'answered',
  text: 'Give antibiotics within one hour [1]. Also see [7].',
  sentences: [],
  citations: [citation()],
  confidence: { label: 'high', score: 0.91, features: {}, meaning: '95% of answers like this were approved.' },
  composer: 'extractive',
  embedder: 'hash-v1',
  collections: ['general'],
  channelProfile: 'general',
  warnings: [],
  timings: { redactMs: 0, retrievalMs: 1, composeMs: 1, totalMs: 2 },
  ...over,
});

describe('escaping', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(esc(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  });
  it('only lets http(s) URLs become links', () => {
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,x')).toBeUndefined();
    expect(safeHref('not a url')).toBeUndefined();
    expect(safeHref('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
  });
});

describe('renderAnswerText', () => {
  it('links [n] markers that match a citation and leaves others as text', () => {
    const html = renderAnswerText('See [1] and [7] <script>x</script>', [citation()], 'p');
    expect(html).toContain('<a class="cite" href="#p-1" aria-label="source 1">[1]</a>');
    expect(html).toContain(' [7] ');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });
});

describe('renderAnswer', () => {
  it('shows the cited answer, confidence with its meaning, version line, snippet and feedback controls', () => {
    const html = renderAnswer(answer(), { feedbackButtons: true });
    expect(html).toContain('🟢 High confidence');
    expect(html).toContain('95% of answers like this were approved.');
    expect(html).toContain('v3.1 · effective 2025-02-01');
    expect(html).toContain('Give antibiotics &lt;b&gt;within&lt;/b&gt; one hour &amp; take cultures first.');
    expect(html).toContain('<li id="src-ans-1-1" value="1">');
    expect(html).toContain('data-rate="down"');
    for (const reason of ['incorrect', 'outdated_source', 'missing_information', 'irrelevant_source', 'unsafe', 'other']) {
      expect(html).toContain(`value="${reason}"`);
    }
  });

  it('escapes hostile content in every field', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = renderAnswer(
      answer({
        id: `"><script>1</script>`,
        text: evil,
        warnings: [evil],
        citations: [citation({ title: evil, headingPath: [evil], snippet: evil, source: 'javascript:alert(1)', collection: evil })],
        confidence: { label: 'low', score: 0.3, features: {}, meaning: evil },
      }),
      { feedbackButtons: true, escalation: evil },
    );
    expect(html).not.toMatch(/<img/);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('javascript:alert(1)');
  });

  it('labels closest sources of an abstention as not relied on and names the escalation contact', () => {
    const html = renderAnswer(
      answer({
        status: 'insufficient_evidence',
        text: 'Not enough evidence.',
        confidence: { label: 'insufficient', score: 0.1, features: {}, meaning: 'No source covers it.' },
      }),
      { feedbackButtons: true, escalation: '#pharmacy-oncall' },
    );
    expect(html).toContain('Closest sources (not relied on)');
    expect(html).toContain('Ask #pharmacy-oncall');
    expect(html).toContain('⚪ Not enough evidence');
  });

  it('shows freshness warnings per source and the redaction notice; refusals get no rating buttons', () => {
    const html = renderAnswer(
      answer({
        citations: [citation({ reviewBy: '2024-01-01', warnings: [{ kind: 'past_review', reviewBy: '2024-01-01' }] })],
        redaction: { redacted: true, kinds: ['mrn'] },
      }),
      { feedbackButtons: true },
    );
    expect(html).toContain('Past its review date (2024-01-01)');
    expect(html).toContain('Possible patient identifiers (mrn) were removed');
    const refused = renderAnswer(answer({ status: 'refused', text: 'Please type a question.', citations: [] }), { feedbackButtons: true });
    expect(refused).not.toContain('data-rate');
    expect(refused).not.toContain('confidence');
  });

  it('omits rating controls when the profile turns feedback buttons off', () => {
    expect(renderAnswer(answer(), { feedbackButtons: false })).not.toContain('data-rate');
  });
});

describe('what a screen reader is told', () => {
  it('every label carries its emoji and its word, never a colour alone', () => {
    for (const [label, word] of [
      ['high', 'High confidence'],
      ['medium', 'Medium confidence'],
      ['low', 'Low confidence'],
      ['insufficient', 'Not enough evidence'],
    ] as const) {
      const status = label === 'insufficient' ? 'insufficient_evidence' : 'answered';
      const html = renderAnswer(answer({ status, confidence: { label, score: 0.5, features: {}, meaning: 'm' } }), {
        feedbackButtons: true,
      });
      expect(html).toContain(`<p class="confidence" data-label="${label}">${CONFIDENCE_EMOJI[label]} ${word}`);
      const record = renderRecord(
        {
          answer: answer({ status, confidence: { label, score: 0.5, features: {}, meaning: 'm' } }),
          context: { platform: 'web' },
          ratings: [],
        },
        { csrf: 'c', returnTo: '/review', reviewerId: 'r', events: [] },
      );
      expect(record).toContain(`${CONFIDENCE_EMOJI[label]} ${word}`);
    }
  });

  it('names the rating buttons for what they do and ties the reasons form to 👎', () => {
    const html = renderAnswer(answer(), { feedbackButtons: true });
    expect(html).toContain('aria-label="Rate this answer helpful">👍</button>');
    expect(html).toContain('aria-label="Rate this answer not helpful" aria-expanded="false" aria-controls="down-ans-1">👎</button>');
    expect(html).toContain('<form class="down-form" id="down-ans-1"');
    expect(html).toContain('role="group" aria-labelledby="fb-label-ans-1"');
  });

  it('gives each console record a heading that also describes its Save rating button', () => {
    const html = renderRecord(
      { answer: answer(), context: { platform: 'web' }, ratings: [] },
      { csrf: 'c', returnTo: '/review', reviewerId: 'r', events: [] },
    );
    expect(html).toContain('<h3 class="visually-hidden" id="a-ans-1-h">Question: What is the hour-1 bundle?</h3>');
    expect(html).toContain('aria-labelledby="a-ans-1-h"');
    expect(html).toContain('<button type="submit" aria-describedby="a-ans-1-h">Save rating</button>');
  });
});

describe('review console record', () => {
  const record = (over: Partial<Answer> = {}) =>
    renderRecord(
      { answer: answer(over), context: { platform: 'slack', channelId: 'C1' }, ratings: [] },
      { csrf: 'x', returnTo: '/review', reviewerId: 'r1', events: [] },
    );

  it('shows times readable (UTC until the page script turns them local), the instant kept in datetime', () => {
    expect(timeTag('2026-12-02T13:05:09.123Z')).toBe(
      '<time datetime="2026-12-02T13:05:09.123Z" title="2026-12-02T13:05:09.123Z" data-local>2 Dec 2026, 13:05 UTC</time>',
    );
    expect(timeTag('not a date')).toBe('not a date');
    expect(record()).toContain('<time datetime="2026-01-01T00:00:00.000Z"');
  });

  it('says why there is no question instead of an empty bubble', () => {
    const html = record({ question: '' });
    expect(html).not.toContain('class="bubble-q"');
    expect(html).toContain('No question text: purged by the retention period, or the message had none.');
    expect(record()).toContain('<div class="bubble-q">What is the hour-1 bundle?</div>');
  });

  it('shows the evidence score beside an answer, never beside an abstention', () => {
    expect(record()).toContain('High confidence</span> <span class="muted">(evidence score 0.91)</span>');
    const abstained = record({
      status: 'insufficient_evidence',
      confidence: { label: 'insufficient', score: 0.98, features: {}, meaning: 'x' },
    });
    expect(abstained).toMatch(/Not enough evidence<\/span> · insufficient evidence/);
    expect(abstained).not.toContain('(0.98)');
    expect(abstained).not.toContain('evidence score 0.98');
  });
});
