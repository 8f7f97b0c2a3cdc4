/**
 * Escalations in the real SQLite and PostgreSQL stores (migration 3): open → answered → closed, one per answer (a repeat press
 * creates nothing), replies redacted, linked by the notice's place, purged with retention; and the knowledge-gap
 * list and export built from them.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import { collectFeedback } from '../../src/store/export.js';
import { groupGaps, knowledgeGaps } from '../../src/store/knowledge-gaps.js';
import { buildReport, renderReportHtml, renderReportText } from '../../src/store/report.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { RoundsStore } from '../../src/store/store.js';
import { createAnswer, createContext, fakeClock, tempDir } from './factories.js';
import { STORE_KINDS, TestStores } from './test-stores.js';

let dir: { dir: string; cleanup(): void };
let store: RoundsStore;

beforeEach(() => {
  dir = tempDir();
  store = openSqliteStore({ path: join(dir.dir, 'rounds.db') });
});

afterEach(async () => {
  await store.close();
  dir.cleanup();
});

describe.each(STORE_KINDS)('on %s', (kind) => {
  const stores = new TestStores(kind);
  let location = '';
  beforeEach(async () => {
    await store.close();
    location = await stores.create();
    store = await stores.open(location);
  });
  afterEach(async () => {
    await store.close();
    await stores.cleanup();
  });

  describe('escalations', () => {
    it('opens once per answer, links the first reply (redacted) by the notice place, then closes', async () => {
      const answer = createAnswer({ status: 'insufficient_evidence', label: 'insufficient' });
      await store.recordAnswer(answer, createContext());
      const first = await store.openEscalation({ answerId: answer.id, platform: 'slack', requestedBy: 'U_ASKER', channelProfile: 'icu' });
      expect(first.created).toBe(true);
      expect(first.escalation).toMatchObject({ answerId: answer.id, status: 'open', requestedBy: 'U_ASKER', channelProfile: 'icu' });
      await store.setEscalationNotice(first.escalation.id, { channelId: 'CESCAL', noticeId: '1700000001.000200' });

      const again = await store.openEscalation({ answerId: answer.id, platform: 'slack', requestedBy: 'U_ASKER' });
      expect(again.created).toBe(false);
      expect(again.escalation.id).toBe(first.escalation.id);

      const found = await store.findEscalationByNotice('slack', 'CESCAL', '1700000001.000200');
      expect(found?.id).toBe(first.escalation.id);
      expect(await store.findEscalationByNotice('teams', 'CESCAL', '1700000001.000200')).toBeUndefined();

      const answered = await store.answerEscalation(first.escalation.id, {
        text: 'Give 30 ml/kg; for MRN 12345678 ask renal first.',
        by: 'UPHARM',
        replyId: '1700000001.000300',
      });
      expect(answered.status).toBe('answered');
      expect(answered.reply).toMatchObject({ by: 'UPHARM', replyId: '1700000001.000300' });
      expect(answered.reply?.text).toContain('30 ml/kg');
      expect(answered.reply?.text).not.toContain('12345678');
      // A second reply ("thanks") does not replace the answer.
      const later = await store.answerEscalation(first.escalation.id, { text: 'thanks!', by: 'UPHARM' });
      expect(later.reply?.text).toContain('30 ml/kg');

      const closed = await store.closeEscalation(first.escalation.id);
      expect(closed.status).toBe('closed');
      expect(closed.closedAt).toBeDefined();
      expect((await store.listEscalations({ status: 'closed' })).map((e) => e.id)).toEqual([first.escalation.id]);
      expect(await store.listEscalations({ status: 'open' })).toEqual([]);
    });

    it('refuses an unknown answer and a reply without text, with the reason', async () => {
      await expect(store.openEscalation({ answerId: 'nope', platform: 'slack', requestedBy: 'U1' })).rejects.toSatisfy((e) =>
        isRoundsError(e, ErrorCode.UnknownAnswer),
      );
      const answer = createAnswer();
      await store.recordAnswer(answer, createContext());
      const { escalation } = await store.openEscalation({ answerId: answer.id, platform: 'slack', requestedBy: 'U1' });
      await expect(store.answerEscalation(escalation.id, { text: '   ', by: 'UPHARM' })).rejects.toThrow(/needs text/);
    });

    it('concurrent presses create one escalation', async () => {
      const answer = createAnswer();
      await store.recordAnswer(answer, createContext());
      const other = await stores.open(location);
      try {
        const results = await Promise.all([
          store.openEscalation({ answerId: answer.id, platform: 'slack', requestedBy: 'U1' }),
          other.openEscalation({ answerId: answer.id, platform: 'slack', requestedBy: 'U1' }),
        ]);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(await store.listEscalations()).toHaveLength(1);
      } finally {
        await other.close();
      }
    });

    it('purges reply text with retention', async () => {
      const clock = fakeClock('2025-03-01T10:00:00.000Z');
      const s = await stores.open(await stores.create(), { clock, retentionDays: 30, purgeAtOpen: false });
      try {
        const answer = createAnswer();
        await s.recordAnswer(answer, createContext());
        const { escalation } = await s.openEscalation({ answerId: answer.id, platform: 'slack', requestedBy: 'U1' });
        await s.answerEscalation(escalation.id, { text: 'Use the renal dosing table.', by: 'UPHARM' });
        expect((await s.purgeExpired(new Date('2025-05-01T00:00:00.000Z'))).commentsPurged).toBe(1);
        expect((await s.getEscalation(escalation.id))?.reply?.text).toBe('');
      } finally {
        await s.close();
      }
    });
  });

  describe('knowledge gaps and the reference-answer export', () => {
    it('groups abstentions, 👎 missing information and escalations by topic, most frequent then newest first', async () => {
      const ask = async (question: string, createdAt: string, status: 'answered' | 'insufficient_evidence') => {
        const a = createAnswer({ question, createdAt, status, label: status === 'answered' ? 'high' : 'insufficient' });
        await store.recordAnswer(a, createContext());
        return a;
      };
      await ask('What is the heparin dose in renal failure?', '2025-03-01T09:00:00.000Z', 'insufficient_evidence');
      await ask('Heparin dose for renal failure on dialysis?', '2025-03-03T09:00:00.000Z', 'insufficient_evidence');
      const rated = await ask('What heparin dose in renal impairment?', '2025-03-02T09:00:00.000Z', 'answered');
      await store.rate({ answerId: rated.id, raterId: 'U2', value: 'down', reason: 'missing_information' });
      const escalated = await ask('Can a midwife give oxytocin at home?', '2025-03-04T09:00:00.000Z', 'answered');
      const { escalation } = await store.openEscalation({ answerId: escalated.id, platform: 'slack', requestedBy: 'U3' });
      await store.answerEscalation(escalation.id, { text: 'Only under the community PGD, section 4.', by: 'UMIDWIFE' });
      await ask('What is in the sepsis hour-1 bundle?', '2025-03-05T09:00:00.000Z', 'answered'); // not a gap

      const gaps = await knowledgeGaps(store);
      expect(gaps.map((g) => g.count)).toEqual([3, 1]);
      expect(gaps[0]!.topic).toMatch(/heparin/);
      expect(gaps[0]!.kinds).toEqual({ abstention: 2, missing_information: 1, escalation: 0 });
      expect(gaps[0]!.items.map((i) => i.createdAt.slice(0, 10))).toEqual(['2025-03-03', '2025-03-02', '2025-03-01']);
      expect(gaps[1]!.items[0]!.escalation).toMatchObject({
        status: 'answered',
        reply: 'Only under the community PGD, section 4.',
        replyBy: 'UMIDWIFE',
      });

      const report = await buildReport(store);
      expect(renderReportHtml(report)).toContain('Knowledge gaps');
      expect(renderReportHtml(report)).toContain('Only under the community PGD, section 4.');
      expect(renderReportText(report)).toMatch(/3 × .*heparin/);

      const exported = await collectFeedback(store);
      const ref = exported.questions.find((q) => q.answer_id === escalated.id);
      expect(ref).toMatchObject({
        escalated: true,
        rating: 'down',
        reference_answer: { text: 'Only under the community PGD, section 4.', by: 'UMIDWIFE', escalation_id: escalation.id },
      });
    });

    it('keeps unrelated questions apart and equal-sized topics newest first', () => {
      const item = (question: string, createdAt: string) => ({
        answerId: question,
        createdAt,
        question,
        kinds: ['abstention' as const],
        channelProfile: 'general',
      });
      const gaps = groupGaps([item('warfarin reversal', '2025-01-01T00:00:00Z'), item('pressure ulcer grading', '2025-02-01T00:00:00Z')]);
      expect(gaps.map((g) => g.topic)).toEqual(['grading, pressure, ulcer', 'reversal, warfarin']);
    });
  });
});

describe('rounds feedback escalations', () => {
  it('lists escalations with their replies and closes one; a wrong --status names the choices', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const run = promisify(execFile);
    const answer = createAnswer();
    await store.recordAnswer(answer, createContext());
    const { escalation } = await store.openEscalation({ answerId: answer.id, platform: 'teams', requestedBy: 'aad-1' });
    await store.answerEscalation(escalation.id, { text: 'See the renal table.', by: 'aad-pharm' });
    await store.close();
    const env = { ...process.env, ROUNDS_DATA_DIR: dir.dir };
    const bin = join(import.meta.dirname, '../../bin/rounds.js');
    const listed = await run(process.execPath, [bin, 'feedback', 'escalations'], { env, cwd: dir.dir });
    expect(listed.stdout).toContain(`answered ${escalation.id}  teams  answer ${answer.id} — aad-pharm: See the renal table.`);
    await run(process.execPath, [bin, 'feedback', 'escalations', '--close', escalation.id], { env, cwd: dir.dir });
    await expect(run(process.execPath, [bin, 'feedback', 'escalations', '--status', 'bogus'], { env, cwd: dir.dir })).rejects.toMatchObject(
      {
        stderr: expect.stringContaining('--status must be open, answered or closed'),
      },
    );
    store = openSqliteStore({ path: join(dir.dir, 'rounds.db') });
    expect((await store.getEscalation(escalation.id))?.status).toBe('closed');
  }, 120_000);
});
