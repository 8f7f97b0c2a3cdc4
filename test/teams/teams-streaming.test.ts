/**
 * Teams, current: 1:1 replies as a Teams stream (informative updates, the verified text, then the final message
 * with the AI label, citations and feedback loop), channel replies in their reply chain without streaming, and
 * "Ask a person" from a channel answer through to the reply linked in /review and the export. The fake connector
 * enforces the streaming rules (sequence from 1, streamId from the first response, final without a sequence).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectFeedback } from '../../src/store/export.js';
import { renderGapsHtml } from '../../src/store/gaps-render.js';
import { knowledgeGaps } from '../../src/store/knowledge-gaps.js';
import { BOT, CHANNEL, channelMention, feedbackInvoke, personalMessage, TENANT, USER } from './activities.js';
import { startTeamsHarness, type TeamsHarness } from './harness.js';

const ESCALATIONS = '19:pharmacy-oncall@thread.tacv2';
const CONFIG = `
defaultProfile: general
profiles:
  icu:
    collections: [general]
    teams: ["${CHANNEL}"]
    escalation:
      label: the ICU pharmacist
      teams:
        channel: "${ESCALATIONS}"
        people: [aad-pharmacist]
`;

let h: TeamsHarness;
beforeEach(async () => {
  h = await startTeamsHarness({ configYaml: CONFIG });
});
afterEach(async () => {
  await h.close();
});

const streamInfo = (body: { entities?: { type: string }[] }) =>
  body.entities?.find((e) => e.type === 'streaminfo') as { streamType: string; streamSequence?: number; streamId?: string } | undefined;

describe('Teams streaming', () => {
  it('streams an LLM answer in a 1:1 chat: informative updates, the text, then the final message with AI label, citations and feedback', async () => {
    h.service.composer = 'llm';
    const n = h.connector.activities.length;
    expect((await h.post(personalMessage(h.connector.url, 'sepsis antibiotics?'))).status).toBe(200);
    await h.connector.waitForMessages(1);
    const wire = h.connector.activities.slice(n);
    expect(wire.map((a) => [a.body.type, streamInfo(a.body)?.streamType, streamInfo(a.body)?.streamSequence, a.status])).toEqual([
      ['typing', 'informative', 1, 201],
      ['typing', 'informative', 2, 202],
      ['typing', 'streaming', 3, 202],
      ['message', 'final', undefined, 202],
    ]);
    const streamId = wire[0]!.id;
    expect(wire[1]!.body.text).toBe('Searched general: 3 sources. Drafting the answer…');
    for (const a of wire.slice(1)) expect(streamInfo(a.body)?.streamId).toBe(streamId);
    const answer = h.service.asked.at(-1)!.answer!;
    expect(wire[2]!.body.text).toBe(answer.text);
    const final = wire[3]!.body;
    expect(final.channelData).toMatchObject({ feedbackLoopEnabled: true, streamId, streamType: 'final' });
    const ai = final.entities.find((e: { type: string }) => e.type === 'https://schema.org/Message');
    expect(ai.additionalType).toEqual(['AIGeneratedContent']);
    expect(ai.citation.length).toBeGreaterThan(0);
    // The stream's id is the reply's id: the feedback loop names it.
    expect((await h.service.store.getAnswer(answer.id))?.context.replyId).toBe(streamId);
    expect((await h.post(feedbackInvoke(h.connector.url, streamId, 'like'))).status).toBe(200);
    expect(h.service.rated.at(-1)).toMatchObject({ answerId: answer.id, value: 'up' });
  });

  it('an extractive 1:1 answer is the informative update then the final message at once', async () => {
    const n = h.connector.activities.length;
    await h.post(personalMessage(h.connector.url, 'sepsis antibiotics?'));
    await h.connector.waitForMessages(1);
    const wire = h.connector.activities.slice(n);
    expect(wire.map((a) => streamInfo(a.body)?.streamType)).toEqual(['informative', 'final']);
  });

  it('keeps channel answers in their reply chain, with typing indicators and no stream', async () => {
    h.service.composer = 'llm';
    const q = channelMention(h.connector.url, 'sepsis antibiotics?');
    await h.post(q);
    const [reply] = await h.connector.waitForMessages(1);
    expect(reply!.conversationId).toBe(`${CHANNEL};messageid=${q.id}`);
    expect(h.connector.activities.every((a) => streamInfo(a.body) === undefined)).toBe(true);
    expect(h.connector.activities.some((a) => a.body.type === 'typing')).toBe(true);
  });
});

describe('Teams: Ask a person', () => {
  it('notifies the escalation channel once, links the pharmacist reply, relays it, and lists it in /review and the export', async () => {
    const q = channelMention(h.connector.url, 'vancomycin dose on dialysis for MRN 12345678?');
    await h.post(q);
    const [reply] = await h.connector.waitForMessages(1);
    const card = reply!.body.attachments[0].content;
    const ask = card.actions.find((a: { title: string }) => a.title.includes('Ask a person'));
    expect(ask.data).toEqual({ kind: 'rounds_escalate', answerId: expect.any(String) });
    const answerId = ask.data.answerId as string;

    const press = (id: string) =>
      h.post(
        channelMention(h.connector.url, '', {
          id,
          text: undefined,
          entities: [],
          replyToId: reply!.id,
          value: ask.data,
          conversation: { id: `${CHANNEL};messageid=${q.id}`, conversationType: 'channel', tenantId: TENANT },
        }),
      );
    expect((await press('press-1')).status).toBe(200);
    await h.connector.waitForMessages(3);
    const notice = h.connector.messages().find((m) => m.conversationId === ESCALATIONS)!;
    expect(notice.replyToId).toBeUndefined();
    expect(notice.body.text).toContain('<at>the ICU pharmacist</at>');
    expect(notice.body.entities).toEqual([
      { type: 'mention', text: '<at>the ICU pharmacist</at>', mentioned: { id: 'aad-pharmacist', name: 'the ICU pharmacist' } },
    ]);
    expect(notice.body.text).toContain('\\[MRN\\]');
    expect(notice.body.text).not.toContain('12345678');
    const confirm = h.connector.messages().at(-1)!;
    expect(confirm.body.text).toContain('Sent.');

    await press('press-2');
    await h.connector.waitForMessages(4);
    expect(h.connector.messages().at(-1)!.body.text).toMatch(/asked already.*nobody is notified twice/);
    expect(h.connector.messages().filter((m) => m.conversationId === ESCALATIONS)).toHaveLength(1);

    // The pharmacist replies in the notice's reply chain (RSC delivers it without an @mention).
    const answerText = 'Load 25 mg/kg, then dose by levels after each session.';
    const pharmacistReply = {
      ...channelMention(h.connector.url, answerText),
      text: answerText,
      entities: [],
      from: { id: '29:pharm', name: 'Pat Pharmacist', aadObjectId: 'aad-pharmacist' },
      conversation: { id: `${ESCALATIONS};messageid=${notice.id}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { channel: { id: ESCALATIONS }, team: { id: '19:team@thread.tacv2' }, tenant: { id: TENANT } },
    };
    const asked = h.service.asked.length;
    expect((await h.post(pharmacistReply)).status).toBe(200);
    await h.connector.waitForMessages(5);
    const relayed = h.connector.messages().at(-1)!;
    expect(relayed.conversationId).toBe(`${CHANNEL};messageid=${q.id}`);
    expect(relayed.body.text).toContain('Pat Pharmacist answered your question: Load 25 mg/kg');
    expect(h.service.asked).toHaveLength(asked);
    const [escalation] = await h.service.store.listEscalations();
    expect(escalation).toMatchObject({
      answerId,
      status: 'answered',
      noticeChannelId: ESCALATIONS,
      noticeId: notice.id,
      reply: { by: 'aad-pharmacist', text: answerText },
    });

    const gapsHtml = renderGapsHtml(await knowledgeGaps(h.service.store));
    expect(gapsHtml).toContain(answerText);
    const exported = await collectFeedback(h.service.store);
    expect(exported.questions.find((x) => x.answer_id === answerId)?.reference_answer).toMatchObject({
      text: answerText,
      by: 'aad-pharmacist',
    });
    expect(h.logs.join('')).not.toContain('12345678');
    expect(USER.aadObjectId).not.toBe('aad-pharmacist');
    expect(BOT.id).toBeDefined();
  });
});
