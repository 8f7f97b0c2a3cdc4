/**
 * Threads in the DM with Rounds through Bolt's Assistant class: follow-ups in a thread, the thread status with
 * loading messages while working, and a thread title taken from the redacted question (never the raw text, which
 * may hold a patient identifier). Apps still on the older assistant view also get suggested prompts and the
 * greeting when a thread starts (assistant_thread_started); agent-view apps get them from the manifest and
 * app-home.ts.
 */
import { Assistant } from '@slack/bolt';
import { answerInThread } from '../answer-flow.js';
import { isHumanMessage, type SlackHandlerDeps, type SlackMessageEvent } from '../handler-deps.js';
import { clip, plainTextFromSlack } from '../mrkdwn.js';
import { slackErrorCode } from '../slack-errors.js';
import { readHistory } from './messages.js';

/** Slack shows at most four suggested prompts. */
export const SUGGESTED_PROMPTS = [
  { title: 'Sepsis hour-1 bundle', message: 'What is in the sepsis hour-1 bundle?' },
  { title: 'Escalation criteria', message: 'When should I escalate a deteriorating patient?' },
  { title: 'Medication guidance', message: 'What does our guidance say about this medication?' },
] as const;

export const GREETING =
  'Hi! I answer from the curated clinical knowledge base, with numbered sources and a confidence label. Please leave out patient identifiers.';

/** Slack truncates thread titles in the history list; keep them short. */
const MAX_TITLE = 60;

export function createAssistant(deps: SlackHandlerDeps): Assistant {
  return new Assistant({
    threadStarted: async ({ say, setSuggestedPrompts }) => {
      // Independent courtesies: a failed greeting must not cost the user the suggested prompts.
      await setSuggestedPrompts({ title: 'Try asking', prompts: [...SUGGESTED_PROMPTS] }).catch((error: unknown) => {
        deps.logger.warn({ code: slackErrorCode(error) }, 'slack suggested prompts not set');
      });
      await say(GREETING).catch((error: unknown) => {
        deps.logger.warn({ code: slackErrorCode(error) }, 'slack assistant greeting not posted');
      });
    },
    userMessage: async ({ message, body, client, context, setTitle }) => {
      const e = message as unknown as SlackMessageEvent;
      if (!isHumanMessage(e) || !e.thread_ts || !(await deps.dedupe.claim(`msg:${e.channel}:${e.ts}`))) return;
      const thread = await readHistory(deps, client, {
        channel: e.channel,
        threadTs: e.thread_ts,
        currentTs: e.ts,
        botUserId: context.botUserId,
        botId: context.botId,
      });
      // Rounds' own turns before the first question (the thread root, the greeting) carry no clinical context.
      const firstQuestion = thread.findIndex((t) => t.role === 'user');
      const history = firstQuestion < 0 ? [] : thread.slice(firstQuestion);
      const answer = await answerInThread(deps, {
        client,
        text: plainTextFromSlack(e.text ?? '', context.botUserId),
        teamId: (body as { team_id?: string }).team_id ?? e.team ?? '',
        channel: e.channel,
        threadTs: e.thread_ts,
        messageTs: e.ts,
        ...(e.user ? { userId: e.user } : {}),
        history,
        progress: 'assistant_status',
      });
      const isFirstQuestion = history.length === 0;
      if (answer && isFirstQuestion && answer.status !== 'refused') {
        await setTitle(clip(answer.question, MAX_TITLE)).catch((error: unknown) => {
          deps.logger.warn({ code: slackErrorCode(error) }, 'slack assistant title not set');
        });
      }
    },
  });
}
