/**
 * "Ask a person", written once for Slack and Teams: record the escalation (one per answer, so a repeat press
 * notifies nobody twice), let the platform post the notice where the channel profile's people will see it, and
 * link the first reply one of them writes in that thread. The notice carries the redacted question (what the
 * store holds), the answer and its sources: never the raw question text.
 */

import { citationLabel, citationVersionLine } from '../src/core/compose/present.js';
import type { AnswerRecord, Escalation } from '../src/core/ports.js';
import { redact } from '../src/core/redact/redact.js';
import type { RoundsService } from '../src/core/service.js';
import type { Answer, Question } from '../src/core/types.js';
import type { Logger } from '../src/logger.js';
import { type Fault, logFault, toFault } from './fault.js';

export interface EscalationDeps {
  service: RoundsService;
  logger: Logger;
}

/** Where the platform posted the notice; replies in that thread are linked to the escalation. */
export interface NoticePlace {
  channelId: string;
  noticeId: string;
}

export type EscalateOutcome =
  | { kind: 'notified'; escalation: Escalation; record: AnswerRecord }
  | { kind: 'already'; escalation: Escalation }
  | { kind: 'not_configured' }
  | { kind: 'unknown_answer' }
  | { kind: 'fault'; fault: Fault };

/**
 * Opens the escalation and, the first time only, has `notify` post the notice. A notice that could not be posted
 * leaves the escalation open without a place, and a press after 30 seconds tries again (see SqliteEscalations).
 */
export async function escalate(
  deps: EscalationDeps,
  req: { answerId: string; platform: 'slack' | 'teams'; requestedBy: string },
  notify: (record: AnswerRecord, escalation: Escalation) => Promise<NoticePlace>,
): Promise<EscalateOutcome> {
  const { service, logger } = deps;
  try {
    const record = await service.store.getAnswer(req.answerId);
    if (!record) return { kind: 'unknown_answer' };
    const profile = service.profileFor(req.platform, record.context.channelId);
    if (!profile?.escalateTo?.[req.platform]) return { kind: 'not_configured' };
    const { escalation, created } = await service.store.openEscalation({
      answerId: req.answerId,
      platform: req.platform,
      requestedBy: req.requestedBy,
      channelProfile: profile.name,
    });
    if (!created) {
      logger.info({ escalationId: escalation.id, answerId: req.answerId }, 'escalation already sent; not notifying again');
      return { kind: 'already', escalation };
    }
    const place = await notify(record, escalation);
    await service.store.setEscalationNotice(escalation.id, place);
    logger.info(
      { escalationId: escalation.id, answerId: req.answerId, platform: req.platform, channel: place.channelId },
      'escalation sent',
    );
    return { kind: 'notified', escalation: { ...escalation, noticeChannelId: place.channelId, noticeId: place.noticeId }, record };
  } catch (error) {
    const fault = toFault(error);
    logFault(logger, fault, error, { platform: req.platform, step: 'escalate', ids: { answerId: req.answerId } });
    return { kind: 'fault', fault };
  }
}

/**
 * A message in a thread. Undefined when the thread is no escalation's. Otherwise: when the author may answer, the
 * reply is linked (open → answered, the first reply only). `consumed` says the message is not a question to
 * Rounds: a linked reply, or any message in a notice's own thread (in an escalation channel). In the asker's own
 * thread, other people's messages stay follow-ups as before.
 */
export async function linkReply(
  deps: EscalationDeps,
  msg: { platform: Question['platform']; channelId: string; threadId: string; authorId: string; text: string; replyId?: string },
): Promise<{ escalation: Escalation; record: AnswerRecord | undefined; linked: boolean; consumed: boolean } | undefined> {
  const { service, logger } = deps;
  const escalation = await service.store.findEscalationByNotice(msg.platform, msg.channelId, msg.threadId);
  if (!escalation) return undefined;
  const record = await service.store.getAnswer(escalation.answerId);
  const profile = record ? service.profileFor(msg.platform, record.context.channelId) : undefined;
  const ownThread = record?.context.channelId !== msg.channelId || record?.context.threadId !== msg.threadId;
  const person = mayAnswer(profile?.escalateTo, msg.platform, msg.authorId, record);
  if (!person || escalation.status !== 'open' || msg.text.trim() === '') {
    return { escalation, record, linked: false, consumed: ownThread || person };
  }
  const answered = await service.store.answerEscalation(escalation.id, {
    text: msg.text,
    by: msg.authorId,
    ...(msg.replyId ? { replyId: msg.replyId } : {}),
  });
  logger.info({ escalationId: escalation.id, answerId: escalation.answerId, platform: msg.platform }, 'escalation answered');
  return { escalation: answered, record, linked: true, consumed: true };
}

/**
 * Whether a message belongs to an escalation (its own notice thread, or one of its people in the asker's thread)
 * without linking it: for a second delivery of the same message, e.g. Slack's app_mention beside message.
 */
export async function belongsToEscalation(
  deps: EscalationDeps,
  msg: { platform: Question['platform']; channelId: string; threadId: string; authorId: string },
): Promise<boolean> {
  const escalation = await deps.service.store.findEscalationByNotice(msg.platform, msg.channelId, msg.threadId);
  if (!escalation) return false;
  const record = await deps.service.store.getAnswer(escalation.answerId);
  const ownThread = record?.context.channelId !== msg.channelId || record?.context.threadId !== msg.threadId;
  const profile = record ? deps.service.profileFor(msg.platform, record.context.channelId) : undefined;
  return ownThread || mayAnswer(profile?.escalateTo, msg.platform, msg.authorId, record);
}

/**
 * The listed people may answer. Where only a channel or a group is configured (whose members Rounds does not
 * read), anyone in the notice's thread except the asker counts: that thread exists only for this question.
 */
function mayAnswer(
  targets: NonNullable<ReturnType<RoundsService['profileFor']>>['escalateTo'],
  platform: Question['platform'],
  authorId: string,
  record: AnswerRecord | undefined,
): boolean {
  const t = platform === 'slack' ? targets?.slack : platform === 'teams' ? targets?.teams : undefined;
  if (!t) return false;
  if (t.people.length > 0) return t.people.includes(authorId);
  return authorId !== record?.context.askerId;
}

/** The notice's content in plain lines (each platform adds its mentions and formatting). */
export function noticeContent(answer: Answer): { question: string; outcome: string; answerText?: string; sources: string[] } {
  const outcome =
    answer.status === 'answered'
      ? `Rounds answered with ${answer.confidence.label} confidence; the asker wants a person to check it.`
      : 'Rounds did not find enough evidence in the knowledge base to answer.';
  // The stored question is redacted already; redacting again costs nothing and guards a store written by an
  // older version or another tool: the notice goes to people who were not in the conversation.
  return {
    question: redact(answer.question).text,
    outcome,
    ...(answer.status === 'answered' ? { answerText: redact(answer.text).text } : {}),
    sources: answer.citations.map((c) => {
      const version = citationVersionLine(c);
      return `[${c.n}] ${citationLabel(c)}${version ? ` (${version})` : ''}`;
    }),
  };
}
