import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSubmit, feedbackInvoke, personalMessage, USER } from './activities.js';
import { startTeamsHarness, type TeamsHarness } from './harness.js';

describe('Teams feedback: the feedback-loop invoke and the Adaptive Card buttons', () => {
  let h: TeamsHarness;
  let replyId: string;
  let answerId: string;

  beforeAll(async () => {
    h = await startTeamsHarness();
    await h.post(personalMessage(h.connector.url, 'sepsis antibiotics?'));
    const [reply] = await h.connector.waitForMessages(1);
    replyId = reply!.id;
    answerId = h.service.asked[0]!.answer!.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it('stores a dislike with its text, keyed by the reply id, and answers the invoke with 200', async () => {
    const res = await h.post(feedbackInvoke(h.connector.url, replyId, 'dislike', 'Dose for renal impairment missing'));
    expect(res.status).toBe(200);
    const record = await h.service.store.getAnswer(answerId);
    expect(record?.ratings).toHaveLength(1);
    expect(record?.ratings[0]).toMatchObject({
      raterId: USER.aadObjectId,
      value: 'down',
      role: 'asker',
      comment: 'Dose for renal impairment missing',
    });
    expect(h.logs.join('')).not.toContain('renal impairment');
  });

  it('replaces the rating on a later like (one rating per rater)', async () => {
    expect((await h.post(feedbackInvoke(h.connector.url, replyId, 'like'))).status).toBe(200);
    const record = await h.service.store.getAnswer(answerId);
    expect(record?.ratings).toHaveLength(1);
    expect(record?.ratings[0]?.value).toBe('up');
  });

  it('answers 404 for a reply Rounds never sent and 400 for an unreadable reaction', async () => {
    expect((await h.post(feedbackInvoke(h.connector.url, 'no-such-reply', 'like'))).status).toBe(404);
    expect((await h.post(feedbackInvoke(h.connector.url, replyId, 'love'))).status).toBe(400);
    const noReplyTo = { ...feedbackInvoke(h.connector.url, replyId, 'like'), replyToId: undefined };
    expect((await h.post(noReplyTo)).status).toBe(400);
    const other = { ...feedbackInvoke(h.connector.url, replyId, 'like'), name: 'composeExtension/query' };
    expect((await h.post(other)).status).toBe(501);
  });

  it('records an Adaptive Card 👎 from another user and confirms it in the conversation', async () => {
    const n = h.connector.messages().length;
    const submit = cardSubmit(h.connector.url, replyId, { kind: 'rounds.feedback', answerId, value: 'down' });
    submit.from = { id: '29:user-2', name: 'Nurse Bo', aadObjectId: 'aad-user-2' };
    expect((await h.post(submit)).status).toBe(200);
    const confirm = (await h.connector.waitForMessages(n + 1)).at(-1)!;
    expect(confirm.body.text).toContain('your 👎 is recorded');
    expect(confirm.replyToId).toBe(submit.id);
    const record = await h.service.store.getAnswer(answerId);
    const bo = record?.ratings.find((r) => r.raterId === 'aad-user-2');
    expect(bo).toMatchObject({ value: 'down', role: 'other' });
    expect(h.service.asked).toHaveLength(1); // a card submit is never treated as a question
  });

  it('tells the user when a card names an unknown answer or carries unreadable data', async () => {
    const n = h.connector.messages().length;
    await h.post(cardSubmit(h.connector.url, replyId, { kind: 'rounds.feedback', answerId: 'gone', value: 'up' }));
    await h.post(cardSubmit(h.connector.url, replyId, { kind: 'rounds.feedback', answerId, value: 'meh' }));
    const [gone, bad] = (await h.connector.waitForMessages(n + 2)).slice(n);
    expect(gone?.body.text).toContain('no record of that answer');
    expect(bad?.body.text).toContain('could not be read');
    expect(h.service.asked).toHaveLength(1);
  });
});
