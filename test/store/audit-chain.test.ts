/**
 * The audit chain on both stores: an untouched store verifies; editing, deleting or inserting any record, and
 * editing, deleting, reordering or rewriting any chain entry, from outside Rounds, is caught and the entry named;
 * a retention purge keeps the chain verifiable and leaves tombstones; anchors catch a chain rebuilt as a whole.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditEntry, type AuditEntryRow, entryHash, rowToEntry } from '../../src/store/audit-chain.js';
import { collectFeedback } from '../../src/store/export.js';
import type { RoundsStore } from '../../src/store/store.js';
import { raw } from './audit-raw.js';
import { createAnswer, createCitation, createContext, fakeClock } from './factories.js';
import { STORE_KINDS, TestStores } from './test-stores.js';

const REVIEWER = { id: 'rev-1', name: 'Dr Reviewer', method: 'oidc' as const };

/**
 * 13 entries: #1 genesis, #2 ans-1 recorded, #3 ans-1 reply_linked, #4 ans-2 recorded, #5 U1 rated ans-1,
 * #6 rev-1 rated ans-1, #7 its reviewer event, #8–#9 export events, #10–#13 the escalation opened, notice posted,
 * answered, closed.
 */
async function populate(store: RoundsStore): Promise<{ escalationId: string }> {
  await store.recordAnswer(createAnswer({ id: 'ans-1' }), createContext());
  await store.setReplyId('ans-1', '1700000000.000200');
  await store.recordAnswer(
    createAnswer({ id: 'ans-2', citations: [createCitation(), createCitation({ n: 2, docId: 'abx-guide', version: '7' })] }),
    createContext(),
  );
  await store.rate({ answerId: 'ans-1', raterId: 'U1', value: 'up' });
  await store.rate({
    answerId: 'ans-1',
    raterId: 'rev-1',
    value: 'down',
    reason: 'unsafe',
    comment: 'the dose is wrong',
    role: 'reviewer',
    actor: REVIEWER,
  });
  await store.recordExport(REVIEWER, ['ans-1', 'ans-2']);
  const { escalation } = await store.openEscalation({ answerId: 'ans-2', platform: 'slack', requestedBy: 'U2' });
  await store.setEscalationNotice(escalation.id, { channelId: 'C1', noticeId: '1700000000.000900' });
  await store.answerEscalation(escalation.id, { text: 'Give 1 g.', by: 'U3' });
  await store.closeEscalation(escalation.id);
  return { escalationId: escalation.id };
}

describe.each(STORE_KINDS)('audit chain on %s', (kind) => {
  const stores = new TestStores(kind);
  const clock = fakeClock('2025-03-01T10:00:00.000Z');
  let location: string;
  let store: RoundsStore;
  const sql = (text: string, params: unknown[] = []) => raw(kind, location, text, params);
  const entry = async (seq: number): Promise<AuditEntry> =>
    rowToEntry((await sql('SELECT * FROM audit_chain WHERE seq = ?', [seq]))[0] as unknown as AuditEntryRow);

  beforeEach(async () => {
    clock.set('2025-03-01T10:00:00.000Z');
    location = await stores.create();
    store = await stores.open(location, { clock });
    await populate(store);
  });
  afterEach(async () => {
    await store.close();
    await stores.cleanup();
  });

  it('verifies an untouched store; the head is the last entry and every write has one', async () => {
    const report = await store.verifyAudit();
    expect(report).toMatchObject({ ok: true, entries: 13, records: 8, problemCount: 0 });
    expect(report.head).toEqual(await store.auditHead());
    const actions = (await sql('SELECT action FROM audit_chain ORDER BY seq')).map((r) => r.action);
    expect(actions).toEqual([
      'chain started',
      'recorded',
      'reply_linked',
      'recorded',
      'rated',
      'rated',
      'rated',
      'exported',
      'exported',
      'opened',
      'notice_posted',
      'answered',
      'closed',
    ]);
    // A repeated write that changes nothing (a double click, the same reply id) adds no entry.
    await store.rate({ answerId: 'ans-1', raterId: 'U1', value: 'up' });
    await store.setReplyId('ans-1', '1700000000.000200');
    expect((await store.auditHead())?.seq).toBe(13);
  });

  it.each([
    ['an answer text', 'UPDATE answers SET answer_text = ? WHERE id = ?', ['Give ten times the dose [1].', 'ans-1'], 3, 'answer', 'ans-1'],
    ['a cited source version', 'UPDATE answer_sources SET version = ? WHERE answer_id = ? AND n = 2', ['6', 'ans-2'], 4, 'answer', 'ans-2'],
    ['a rating value', 'UPDATE ratings SET value = ? WHERE rater_id = ?', ['up', 'rev-1'], 6, 'rating', '["ans-1","rev-1"]'],
    [
      'a reviewer identity',
      "UPDATE reviewer_events SET actor_id = ? WHERE action = 'rated'",
      ['someone-else'],
      7,
      'reviewer_event',
      undefined,
    ],
    ['an escalation reply', 'UPDATE escalations SET reply_text = ?', ['Give 10 g.'], 13, 'escalation', undefined],
  ])('names the entry when %s is edited', async (_what, text, params, seq, recordKind, ref) => {
    await sql(text, params);
    const report = await store.verifyAudit();
    expect(report.ok).toBe(false);
    expect(report.problemCount).toBe(1);
    expect(report.first).toMatchObject({ problem: 'record_edited', seq, kind: recordKind, ...(ref ? { ref } : {}) });
    expect(report.first?.message).toContain(`entry #${seq} (`);
  });

  it('names the entry of a deleted record, and a record added outside Rounds', async () => {
    await sql('DELETE FROM ratings WHERE rater_id = ?', ['U1']);
    await sql(
      `INSERT INTO ratings (answer_id, rater_id, role, value, created_at, updated_at) VALUES ('ans-2', 'U9', 'other', 'up', ?, ?)`,
      ['2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z'],
    );
    const report = await store.verifyAudit();
    expect(report.first).toMatchObject({ problem: 'record_deleted', seq: 5, ref: '["ans-1","U1"]' });
    expect(report.first?.message).toBe('entry #5 (rating by U1 of answer ans-1, rated 2025-03-01T10:00:00.000Z): the rating was deleted');
    expect(report.problems[1]).toMatchObject({ problem: 'record_unchained', seq: null, ref: '["ans-2","U9"]' });
  });

  it('names an edited chain entry, and a deleted one', async () => {
    await sql('UPDATE audit_chain SET actor = ? WHERE seq = 7', ['someone-else']);
    let report = await store.verifyAudit();
    expect(report.first).toMatchObject({ problem: 'entry_edited', seq: 7 });
    expect(report.problemCount).toBe(1);

    await sql('UPDATE audit_chain SET actor = ? WHERE seq = 7', [REVIEWER.id]);
    expect((await store.verifyAudit()).ok).toBe(true);
    await sql('DELETE FROM audit_chain WHERE seq = 9');
    report = await store.verifyAudit();
    expect(report.first).toMatchObject({ problem: 'entry_deleted', seq: 9 });
    expect(report.first?.message).toContain('entry #9 is missing');
  });

  it('names reordered entries', async () => {
    await sql('UPDATE audit_chain SET seq = -1 WHERE seq = 5');
    await sql('UPDATE audit_chain SET seq = 5 WHERE seq = 6');
    await sql('UPDATE audit_chain SET seq = 6 WHERE seq = -1');
    const report = await store.verifyAudit();
    expect(report.first).toMatchObject({ problem: 'entry_reordered', seq: 5 });
    expect(report.first?.message).toContain('entry #5 (rating by rev-1 of answer ans-1, rated');
    expect(report.first?.message).toContain('was written as #6');
  });

  it('names an entry rewritten with a recomputed hash by the entry after it', async () => {
    const e = await entry(6);
    const forged = { ...e, actor: 'forger' };
    await sql('UPDATE audit_chain SET actor = ?, hash = ? WHERE seq = 6', [forged.actor, entryHash(forged)]);
    const report = await store.verifyAudit();
    expect(report.first).toMatchObject({ problem: 'entry_edited', seq: 6 });
    expect(report.first?.message).toBe('entry #6 was rewritten: #7 links to a different entry before it');
  });

  it('catches a chain rebuilt from an edit onwards with the anchor kept outside the database', async () => {
    const anchor = (await store.auditHead())!;
    // The forger edits a rating, then recomputes that entry's content hash and every hash after it.
    await sql('UPDATE ratings SET value = ? WHERE rater_id = ?', ['up', 'rev-1']);
    const rows = await sql('SELECT * FROM audit_chain WHERE seq >= 6 ORDER BY seq');
    const report0 = await store.verifyAudit();
    const edited = report0.first as { seq: number };
    expect(edited.seq).toBe(6);
    const { contentHash } = await import('../../src/store/audit-chain.js');
    const { recordContent } = await import('../../src/store/audit-records.js');
    const [rating] = await sql('SELECT * FROM ratings WHERE rater_id = ?', ['rev-1']);
    let prev = (await entry(5)).hash;
    for (const r of rows) {
      const e = await entry(Number(r.seq));
      const next = { ...e, prevHash: prev, ...(e.seq === 6 ? { contentHash: contentHash(recordContent('rating', rating!)) } : {}) };
      const hash = entryHash(next);
      await sql('UPDATE audit_chain SET content_hash = ?, prev_hash = ?, hash = ? WHERE seq = ?', [next.contentHash, prev, hash, e.seq]);
      prev = hash;
    }
    expect((await store.verifyAudit()).ok).toBe(true);
    const report = await store.verifyAudit([{ seq: anchor.seq, hash: anchor.hash }]);
    expect(report.ok).toBe(false);
    expect(report.first).toMatchObject({ problem: 'anchor_mismatch', seq: 13 });
    expect((await store.verifyAudit([{ hash: (await entry(5)).hash }])).ok).toBe(true);
  });

  it('keeps the chain verifiable through a retention purge, with tombstones saying what went, when and by whom', async () => {
    const recordedHash = (await entry(2)).contentHash;
    await store.close();
    clock.advanceDays(40);
    store = await stores.open(location, { clock, retentionDays: 30, purgeAtOpen: false });
    const counts = await store.purgeExpired(undefined, 'rounds feedback purge by ig-officer@host');
    expect(counts).toEqual({ answersPurged: 2, commentsPurged: 2 });
    expect((await store.getAnswer('ans-1'))?.answer.question).toBe('');

    const report = await store.verifyAudit();
    expect(report).toMatchObject({ ok: true, entries: 13 + 1 + 4 });
    const history = await store.auditHistory('answer', 'ans-1');
    expect(history.map((e) => e.action)).toEqual(['recorded', 'reply_linked', 'purged']);
    // The first entry keeps the hash of the text as it was; the tombstone names the fields, the time and who.
    expect(history[0]?.contentHash).toBe(recordedHash);
    expect(history[2]).toMatchObject({ actor: 'rounds feedback purge by ig-officer@host', at: '2025-04-10T10:00:00.000Z' });
    expect(JSON.parse(history[2]?.detail ?? '{}')).toMatchObject({
      fields: ['question', 'normalized_question', 'answer_text', 'sentences_json'],
    });
    const run = (await sql("SELECT * FROM audit_chain WHERE kind = 'purge'"))[0];
    expect(JSON.parse(String(run?.detail))).toEqual({
      cutoff: '2025-03-11T10:00:00.000Z',
      retentionDays: 30,
      answers: 2,
      ratingComments: 1,
      escalationReplies: 1,
    });

    // Putting purged text back is an edit like any other.
    await sql('UPDATE answers SET question = ? WHERE id = ?', ['restored text', 'ans-1']);
    expect((await store.verifyAudit()).first).toMatchObject({ problem: 'record_edited', ref: 'ans-1', seq: history[2]?.seq });
  });

  it('carries the answer entry in the export, and keeps odd ids verifiable', async () => {
    const { questions } = await collectFeedback(store);
    const q = questions.find((x) => x.answer_id === 'ans-1');
    expect(q?.audit).toEqual({ entry: 3, hash: (await entry(3)).hash, content_hash: (await entry(3)).contentHash });

    await store.rate({ answerId: 'ans-2', raterId: 'broken-\ud800-surrogate', value: 'up' });
    await store.rate({ answerId: 'ans-2', raterId: 'emoji-😀-rater', value: 'down', comment: 'bad \ud83d end' });
    expect(await store.verifyAudit()).toMatchObject({ ok: true, entries: 15 });
  });

  it('gives writes from two store instances on one database one chain that verifies', async () => {
    const other = await stores.open(location, { clock });
    try {
      const write = async (s: RoundsStore, tag: string) => {
        for (let i = 0; i < 15; i++) {
          const id = `${tag}-${i}`;
          await s.recordAnswer(createAnswer({ id }), createContext());
          await s.rate({ answerId: id, raterId: `${tag}-rater`, value: i % 2 ? 'up' : 'down' });
        }
      };
      await Promise.all([write(store, 'a'), write(other, 'b'), write(store, 'c'), write(other, 'd')]);
    } finally {
      await other.close();
    }
    const report = await store.verifyAudit();
    expect(report).toMatchObject({ ok: true, entries: 13 + 4 * 30, records: 8 + 4 * 30 });
    const seqs = (await sql('SELECT seq FROM audit_chain ORDER BY seq')).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 13 + 120 }, (_, i) => i + 1));
  });
});
