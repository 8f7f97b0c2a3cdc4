import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { Deduper } from '../../adapters/dedupe.js';
import { describeMessage, questionText } from '../../adapters/teams/activity-info.js';
import { aiEntity, toClientCitation, usedCitations } from '../../adapters/teams/ai-entity.js';
import { isLoopbackHost } from '../../adapters/teams/auth.js';
import { parseFeedbackInvoke } from '../../adapters/teams/feedback.js';
import { BOT, CHANNEL, channelMention } from './activities.js';
import { cannedAnswer } from './fake-service.js';

const asActivity = (a: unknown) => a as Activity;

describe('Teams activity parsing', () => {
  it('strips the bot mention and Teams HTML spacing but keeps other mentions and the question', () => {
    const a = asActivity({
      ...channelMention('https://smba.example', ''),
      text: '<at>Rounds</at>&nbsp;what does <at>Dr Lee</at> mean by  qSOFA?',
      entities: [
        { type: 'mention', text: '<at>Rounds</at>', mentioned: BOT },
        { type: 'mention', text: '<at>Dr Lee</at>', mentioned: { id: '29:lee' } },
      ],
    });
    expect(questionText(a)).toBe('what does Dr Lee mean by qSOFA?');
  });

  it('puts a channel answer in the reply chain even when the conversation id lacks ;messageid=', () => {
    const a = asActivity({ ...channelMention('https://smba.example', 'q'), conversation: { id: CHANNEL, conversationType: 'channel' } });
    const info = describeMessage(a);
    expect(info.replyConversationId).toBe(`${CHANNEL};messageid=${a.id}`);
    expect(info.channelId).toBe(CHANNEL);
    expect(info.threadId).toBe(a.id);
    expect(info.mentioned).toBe(true);
  });

  it('keeps a reply inside an existing thread: the root message id, not the reply id', () => {
    const a = asActivity({
      ...channelMention('https://smba.example', 'q'),
      conversation: { id: `${CHANNEL};messageid=root-1`, conversationType: 'channel' },
    });
    expect(describeMessage(a)).toMatchObject({ threadId: 'root-1', replyConversationId: `${CHANNEL};messageid=root-1` });
  });
});

describe('Teams AI entity', () => {
  const answer = cannedAnswer({ text: 'sepsis?', platform: 'teams' }, undefined);

  it('cites only sources the text refers to, within Teams limits', () => {
    expect(usedCitations(answer).map((c) => c.n)).toEqual([1, 2]);
    const claim = toClientCitation(answer.citations[0]!);
    expect(claim.appearance.name.length).toBeLessThanOrEqual(80);
    // The long title is shortened, the section kept, so citations of one document stay distinguishable.
    expect(claim.appearance.name).toMatch(/^Adult sepsis recognition.*… › Antibiotics$/);
    expect(toClientCitation(answer.citations[1]!).appearance.name).toMatch(/… › Cultures$/);
    expect(claim.appearance.keywords).toEqual(['general', 'v3.1', 'Trust Sepsis Group']);
    const longPublisher = toClientCitation({ ...answer.citations[0]!, publisher: 'Rounds demo pack, adapted from national guidance' });
    expect(longPublisher.appearance.keywords).toEqual(['general', 'v3.1']);
    expect(claim.appearance.abstract.length).toBeLessThanOrEqual(160);
  });

  it('omits a url that is not http(s) and caps citations at 20', () => {
    const local = toClientCitation({ ...answer.citations[0]!, source: 'file:///srv/policies/sepsis.pdf' });
    expect(local.appearance.url).toBeUndefined();
    const many = Array.from({ length: 25 }, (_, i) => ({ ...answer.citations[0]!, n: i + 1 }));
    expect(aiEntity(many).citation).toHaveLength(20);
  });
});

describe('Teams feedback parsing and helpers', () => {
  const invoke = (value: unknown, replyToId = 'reply-1') => asActivity({ type: 'invoke', name: 'message/submitAction', replyToId, value });

  it('reads the reaction and the feedbackText JSON string, bounding the comment', () => {
    expect(
      parseFeedbackInvoke(invoke({ actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":" good "}' } })),
    ).toEqual({
      ok: true,
      replyToId: 'reply-1',
      value: 'up',
      comment: 'good',
    });
    const long = parseFeedbackInvoke(
      invoke({
        actionName: 'feedback',
        actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: 'x'.repeat(5000) }) },
      }),
    );
    expect(long.ok && long.comment?.length).toBe(2000);
    expect(
      parseFeedbackInvoke(invoke({ actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: '{"feedbackText":""}' } })),
    ).toEqual({
      ok: true,
      replyToId: 'reply-1',
      value: 'down',
    });
    expect(parseFeedbackInvoke(invoke({ actionName: 'other' }))).toMatchObject({ ok: false });
    expect(parseFeedbackInvoke(invoke(null))).toMatchObject({ ok: false });
  });

  it('recognises loopback hosts and forgets ids after their time', () => {
    expect(['127.0.0.1', 'localhost', '::1', '127.1.2.3'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.5', '::', 'rounds.example.org'].some(isLoopbackHost)).toBe(false);
    let now = 0;
    const ids = new Deduper(1000, 2, () => now);
    expect(ids.firstTime('a')).toBe(true);
    expect(ids.firstTime('a')).toBe(false);
    now = 2000;
    expect(ids.firstTime('a')).toBe(true);
    ids.firstTime('b');
    ids.firstTime('c');
    expect(ids.firstTime('a')).toBe(true); // evicted by size
  });
});
