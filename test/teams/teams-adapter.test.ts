import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT, CHANNEL, channelMention, personalMessage, TENANT, USER } from './activities.js';
import { LONG_SNIPPET } from './fake-service.js';
import { startTeamsHarness, type TeamsHarness } from './harness.js';

describe('Teams adapter: questions over real HTTP into botbuilder, replies recorded at a fake connector', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers a channel @mention in the same reply chain with the AI label, citations, confidence and the feedback loop', async () => {
    const question = 'first-line antibiotic timing in suspected sepsis for MRN 12345678?';
    const activity = channelMention(h.connector.url, question);
    const res = await h.post(activity);
    expect(res.status).toBe(200);

    const [reply] = await h.connector.waitForMessages(1);
    // Reply chain: the conversation id keeps ";messageid=<root>" and the reply targets the question's activity.
    expect(reply?.conversationId).toBe(`${CHANNEL};messageid=${activity.id}`);
    expect(reply?.replyToId).toBe(activity.id);
    const typing = h.connector.activities.find((a) => a.body.type === 'typing');
    expect(typing?.conversationId).toBe(reply?.conversationId);
    expect(h.connector.activities.indexOf(typing!)).toBeLessThan(h.connector.activities.indexOf(reply!));

    const body = reply!.body;
    expect(body.type).toBe('message');
    expect(body.from.id).toBe('28:bot-app-id');
    expect(body.text).toContain('within one hour [1]');
    expect(body.text).toContain('no delay [2]');
    expect(body.text).toContain('🟢 High confidence');
    expect(body.text).toContain('⚠️ Source [2] is past its review date');
    expect(body.channelData).toEqual({ feedbackLoopEnabled: true });

    // What arrived on the wire, not what was passed in: botbuilder's own serializer would have stripped all of this.
    const entity = body.entities.find((e: { type: string }) => e.type === 'https://schema.org/Message');
    expect(entity).toMatchObject({
      '@type': 'Message',
      '@context': 'https://schema.org',
      '@id': '',
      additionalType: ['AIGeneratedContent'],
    });
    expect(entity.citation).toHaveLength(2); // source [3] is never cited in the text
    expect(entity.citation.map((c: { position: number }) => c.position)).toEqual([1, 2]);
    for (const claim of entity.citation) {
      expect(claim['@type']).toBe('Claim');
      expect(claim.appearance['@type']).toBe('DigitalDocument');
      expect(claim.appearance.name.length).toBeLessThanOrEqual(80);
      expect(claim.appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(LONG_SNIPPET.startsWith(claim.appearance.abstract.replace(/…$/, ''))).toBe(true);
      expect(claim.appearance.url).toBe('https://intranet.example.org/policies/sepsis');
      expect(claim.appearance.keywords).toEqual(['general', 'v3.1', 'Trust Sepsis Group']);
    }

    const card = body.attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.version).toBe('1.5');
    const cardText = JSON.stringify(card.content.body);
    expect(cardText).toContain('[1] ');
    expect(cardText).toContain('Past its review date (2024-01-01)');
    const asked = h.service.asked.at(-1)!;
    expect(
      card.content.actions.map((a: { type: string; data: { answerId: string; value: string } }) => [a.type, a.data.answerId, a.data.value]),
    ).toEqual([
      ['Action.Submit', asked.answer!.id, 'up'],
      ['Action.Submit', asked.answer!.id, 'down'],
    ]);

    // The mention is stripped; tenant, channel and thread are passed to the core.
    expect(asked.question).toMatchObject({
      text: question,
      platform: 'teams',
      workspaceId: TENANT,
      channelId: CHANNEL,
      threadId: activity.id,
      messageId: activity.id,
      askerId: USER.aadObjectId,
    });
    // The reply's activity id maps back to the answer (the feedback loop names only that id).
    const record = await h.service.store.findAnswerByReplyId('teams', reply!.id);
    expect(record?.answer.id).toBe(asked.answer!.id);
    // Patient identifiers and question text never reach the logs.
    const logs = h.logs.join('');
    expect(logs).toContain('answer delivered');
    expect(logs).not.toContain('12345678');
    expect(logs).not.toContain('antibiotic');
  });

  it('gives a follow-up @mention in the same reply chain the earlier turns of that chain only', async () => {
    const root = channelMention(h.connector.url, 'sepsis antibiotics for follow-up?');
    await h.post(root);
    const n = h.connector.messages().length;
    await h.post(channelMention(h.connector.url, 'unrelated thread question'));
    await h.connector.waitForMessages(n + 1);
    const followUp = channelMention(h.connector.url, 'and if penicillin allergic?', {
      conversation: { id: `${CHANNEL};messageid=${root.id}`, conversationType: 'channel', tenantId: TENANT },
    });
    await h.post(followUp);
    await h.connector.waitForMessages(n + 2);
    const asked = h.service.asked.at(-1)!;
    expect(asked.question.threadId).toBe(root.id);
    expect(asked.question.history).toEqual([
      { role: 'user', text: 'sepsis antibiotics for follow-up?' },
      { role: 'assistant', text: expect.stringContaining('within one hour [1]') },
    ]);
    expect(h.connector.messages().at(-1)?.conversationId).toBe(`${CHANNEL};messageid=${root.id}`);
  });

  it('introduces itself once when installed in a 1:1 chat, and stays quiet when someone else joins', async () => {
    const n = h.connector.messages().length;
    const base = personalMessage(h.connector.url, '');
    const update = (memberId: string) => ({
      ...base,
      id: undefined,
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: memberId }],
    });
    expect((await h.post(update('29:someone-else'))).status).toBe(200);
    expect((await h.post(update(BOT.id))).status).toBe(200);
    const welcome = (await h.connector.waitForMessages(n + 1)).at(-1)!;
    expect(welcome.conversationId).toBe('a:1personal-chat');
    expect(welcome.body.text).toContain("I'm Rounds");
    expect(welcome.body.text).toContain('patient identifiers');
    await new Promise((r) => setTimeout(r, 100));
    expect(h.connector.messages().length).toBe(n + 1);
  });

  it('ignores channel messages that do not @mention Rounds', async () => {
    const before = h.service.asked.length;
    const activity = channelMention(h.connector.url, 'chatting among ourselves', { entities: [], text: 'chatting among ourselves' });
    expect((await h.post(activity)).status).toBe(200);
    expect(h.service.asked.length).toBe(before);
  });

  it('answers a 1:1 chat without a mention, and a group chat @mention', async () => {
    const n = h.connector.messages().length;
    const one = personalMessage(h.connector.url, 'sepsis antibiotics?');
    expect((await h.post(one)).status).toBe(200);
    const group = {
      ...channelMention(h.connector.url, 'sepsis cultures?'),
      conversation: { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    };
    expect((await h.post(group)).status).toBe(200);
    const replies = (await h.connector.waitForMessages(n + 2)).slice(n);
    expect(replies.map((r) => [r.conversationId, r.replyToId])).toEqual([
      ['a:1personal-chat', one.id],
      ['19:group-chat@thread.v2', group.id],
    ]);
    expect(h.service.asked.at(-2)?.question.text).toBe('sepsis antibiotics?');
    expect(h.service.asked.at(-1)?.question).toMatchObject({ text: 'sepsis cultures?', channelId: '19:group-chat@thread.v2' });
  });

  it('abstains with the hint and the closest sources in the card, not as citations', async () => {
    const n = h.connector.messages().length;
    await h.post(personalMessage(h.connector.url, 'something unknown'));
    const reply = (await h.connector.waitForMessages(n + 1)).at(-1)!;
    expect(reply.body.text).toContain('does not contain enough evidence');
    expect(reply.body.text).toContain('Ask a senior colleague or pharmacist');
    expect(reply.body.text).toContain('⚪ Not enough evidence');
    const entity = reply.body.entities[0];
    expect(entity.additionalType).toEqual(['AIGeneratedContent']);
    expect(entity.citation).toBeUndefined();
    expect(JSON.stringify(reply.body.attachments[0].content.body)).toContain('Closest sources (they do not answer the question)');
  });

  it('refuses an empty question plainly (no AI label, nothing to rate)', async () => {
    const n = h.connector.messages().length;
    await h.post(channelMention(h.connector.url, ''));
    const reply = (await h.connector.waitForMessages(n + 1)).at(-1)!;
    expect(reply.body.text).toContain('Ask a question after mentioning Rounds');
    expect(reply.body.entities).toBeUndefined();
    expect(reply.body.attachments).toBeUndefined();
  });

  it('a fault gets a reply with a reference and exactly one log line, without the question text', async () => {
    const n = h.connector.messages().length;
    const before = h.logs.length;
    expect((await h.post(personalMessage(h.connector.url, 'please fault now about warfarin'))).status).toBe(200);
    const reply = (await h.connector.waitForMessages(n + 1)).at(-1)!;
    expect(reply.body.text).toMatch(
      /^Sorry, the knowledge base is unavailable right now, so Rounds cannot answer \(reference R-[0-9a-f]{8}\)/,
    );
    expect(reply.body.text).not.toContain('Chroma');
    expect(reply.body.text).not.toContain('at ');
    // The 1:1 stream that the informative update opened is closed by the apology.
    expect(reply.body.entities).toEqual([expect.objectContaining({ type: 'streaminfo', streamType: 'final' })]);
    const ref = /reference (R-[0-9a-f]{8})/.exec(reply.body.text)![1]!;
    const faults = h.logs.slice(before).filter((l) => /"level":(40|50)/.test(l));
    expect(faults).toHaveLength(1);
    expect(JSON.parse(faults[0]!)).toMatchObject({
      ref,
      kind: 'knowledge_base_unavailable',
      code: 'rounds_chroma_unavailable',
      platform: 'teams',
    });
    expect(h.logs.join('')).not.toContain('warfarin');
  });

  it('survives a connector that refuses the reply: 200 to Teams, the fault logged with its status, nothing mapped', async () => {
    h.connector.failWith = 403;
    try {
      const res = await h.post(personalMessage(h.connector.url, 'sepsis when the bot was removed'));
      expect(res.status).toBe(200);
    } finally {
      h.connector.failWith = undefined;
    }
    const answer = h.service.asked.at(-1)!.answer!;
    const line = h.logs.find((l) => l.includes('"kind":"platform_rejected"') && l.includes('"upstreamStatus":403'));
    expect(line).toContain('BotNotInConversationRoster');
    expect(h.logs.some((l) => l.includes('could not send the apology'))).toBe(true);
    const record = await h.service.store.getAnswer(answer.id);
    expect(record?.context.replyId).toBeUndefined();
    expect((await h.post(personalMessage(h.connector.url, 'sepsis after recovery'))).status).toBe(200);
  });

  it('answers a redelivered activity (same id) only once, even when the retry arrives while the first is in flight', async () => {
    const before = h.service.asked.length;
    const n = h.connector.messages().length;
    const activity = personalMessage(h.connector.url, 'sepsis duplicate check');
    const [a, b] = await Promise.all([h.post(activity), h.post(activity)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await h.post(activity)).status).toBe(200);
    await h.connector.waitForMessages(n + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.service.asked.length).toBe(before + 1);
    expect(h.connector.messages().length).toBe(n + 1);
  });
});
