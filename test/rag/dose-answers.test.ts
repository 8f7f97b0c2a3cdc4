/**
 * Weight-based doses worked out for the patient (issue 28), through answer() with the demo pack in a real embedded
 * Chroma, plus one fixture document for the units the pack does not use (units/kg/hour, mEq/kg, a total-dose
 * maximum, a per-minute rate in adults). Each row is a question as a clinician would type it and the one
 * calculation line it must get, or the note that says why none was worked out. Every expected line was worked
 * out by hand from the quoted row or sentence (the table: dose-cases.ts).
 */
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer as slackMessage } from '../../adapters/slack/blocks.js';
import { renderAnswer as teamsActivity } from '../../adapters/teams/render.js';
import { renderAnswer as webAnswer } from '../../adapters/web/render-answer.js';
import { renderRecord } from '../../adapters/web/review-record.js';
import { formatAnswer } from '../../src/cli/format-answer.js';
import { answer } from '../../src/core/answer.js';
import type { Answer, AnswerSentence, Question } from '../../src/core/types.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { createTestRuntime, DEMO_KNOWLEDGE, REPO_ROOT, type TestRuntime } from '../helpers/runtime.js';
import { ADULT_INFUSIONS, CASES, type Case } from './dose-cases.js';

let rt: TestRuntime;
let knowledge: string;
const all = { name: 'all', collections: ['*'], followUps: true, feedbackButtons: true };

function ask(c: Case): Promise<Answer> {
  const history: Question['history'] = c.thread
    ? [
        { role: 'user', text: c.thread },
        { role: 'assistant', text: 'Noted. What would you like to know?' },
      ]
    : [];
  return answer({ text: c.q, platform: 'cli', ...(history.length ? { history } : {}) }, rt.answerDeps, { profile: all });
}

const calculationIn = (a: Answer): AnswerSentence | undefined => a.sentences.find((s) => s.kind === 'calculation');
const doseNotes = (a: Answer) =>
  a.warnings.filter((w) => /dose worked out|dose was worked out|worked-out dose|more than one weight/.test(w));

beforeAll(async () => {
  knowledge = mkdtempSync(join(tmpdir(), 'rounds-dose-kb-'));
  cpSync(DEMO_KNOWLEDGE, knowledge, { recursive: true });
  copyFileSync(join(REPO_ROOT, 'test', 'fixtures', 'dose', `${ADULT_INFUSIONS}.md`), join(knowledge, 'pharmacy', `${ADULT_INFUSIONS}.md`));
  rt = await createTestRuntime({ knowledgeDir: knowledge });
});

afterAll(async () => {
  await rt?.cleanup();
  if (knowledge) rmSync(knowledge, { recursive: true, force: true });
});

describe('weight-based doses worked out from the quoted unit (table)', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('$q', async (c) => {
    const a = await ask(c);
    const calc = calculationIn(a);
    if (c.line) {
      expect(a.status).toBe('answered');
      expect(calc?.text).toBe(c.line);
      expect(calc?.supported).toBe(true);
      // Linked to the citation of the quote it was worked out from, and that quote is in the cited chunk.
      const cited = a.citations.find((x) => x.n === calc?.citations[0]);
      expect(cited?.docId).toBe(c.doc);
      expect(calc?.calculation?.chunkId).toBe(cited?.chunkId);
      expect(calc?.calculation?.weightFrom).toBe(c.thread && !/\d+(?:\.\d+)? ?kg/.test(c.q) ? 'thread' : 'question');
      // The calculation is not a quote: the answer text holds quotes only.
      expect(a.text).not.toContain(c.line);
      expect(doseNotes(a)).toEqual([]);
      return;
    }
    expect(calc).toBeUndefined();
    if (c.abstains) {
      expect(a.status).toBe('insufficient_evidence');
      expect(doseNotes(a)).toEqual([]);
    } else if (c.note) {
      expect(a.status).toBe('answered');
      expect(doseNotes(a).some((w) => c.note?.test(w))).toBe(true);
    } else {
      expect(a.status).toBe('answered');
      expect(doseNotes(a)).toEqual([]);
      if (c.notDoc) expect(a.citations.map((x) => x.docId)).not.toContain(c.notDoc);
    }
  });
});

describe('the calculation on every surface and in the audit record', () => {
  const LINE =
    '🧮 Calculation (check it against the source): For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg (within the 6 mg maximum) = 0.5 mL of 3 mg/mL [1]';

  it('is one marked line, with its citation, in rounds ask, Slack, Teams and the web playground', async () => {
    const a = await ask({ q: 'adenosine dose for SVT in a 15 kg child' });
    expect(formatAnswer(a)).toContain(`\n${LINE}\n`);
    const blocks = JSON.stringify(slackMessage(a, { feedback: 'feedback_buttons' }).blocks);
    expect(blocks).toContain(JSON.stringify(LINE).slice(1, -1));
    expect(teamsActivity(a).text).toContain(`\n\n${LINE}\n\n`);
    const html = webAnswer(a, { feedbackButtons: true });
    expect(html).toContain('<p class="answer-calculation">🧮 Calculation (check it against the source): For 15 kg:');
    expect(html).toContain(`<a class="cite" href="#src-${a.id}-1" aria-label="source 1">[1]</a></p>`);
  });

  it('is not shown with an abstention', async () => {
    const a = await ask({ q: 'vancomycin dose for a 20 kg child' });
    expect(a.status).toBe('insufficient_evidence');
    for (const shown of [
      formatAnswer(a),
      JSON.stringify(slackMessage(a, { feedback: 'none' })),
      teamsActivity(a).text,
      webAnswer(a, { feedbackButtons: false }),
    ])
      expect(shown).not.toContain('🧮');
  });

  it('is stored with the answer, shown in the review console with what it came from, and purged with the answer text', async () => {
    const a = await ask({ q: 'adenosine dose for SVT in a 15 kg child' });
    const path = join(mkdtempSync(join(tmpdir(), 'rounds-dose-store-')), 'rounds.db');
    const store = openSqliteStore({ path, retentionDays: 30, purgeAtOpen: false });
    try {
      await store.recordAnswer(a, { platform: 'cli' });
      const rec = await store.getAnswer(a.id);
      const calc = rec?.answer.sentences.find((s) => s.kind === 'calculation');
      expect(calc).toEqual(calculationIn(a));
      expect(calc?.calculation).toMatchObject({
        weightKg: '15',
        weightFrom: 'question',
        quote: expect.stringContaining('Dose: 0.1 mg/kg'),
      });
      const html = renderRecord(rec as NonNullable<typeof rec>, { csrf: 'x', returnTo: '/review', reviewerId: 'r1', events: [] });
      expect(html).toContain('<p class="answer-calculation">🧮 Calculation (check it against the source): For 15 kg:');
      expect(html).toContain('<th scope="row">Dose worked out from</th><td>15 kg (from the question) × “Drug or treatment: Adenosine IV');
      // Retention purges the calculation with the rest of the answer text (it holds the patient's weight).
      await store.purgeExpired(new Date(Date.parse(a.createdAt) + 31 * 86_400_000));
      const purged = await store.getAnswer(a.id);
      expect(purged?.answer.sentences).toEqual([]);
      expect(JSON.stringify(purged)).not.toContain('For 15 kg');
    } finally {
      await store.close();
    }
  });
});
