/**
 * Slack's reply surface for the shared ask flow (adapters/ask-flow.ts): progress as the agent thread status with
 * rotating loading messages (or a 🔍 reaction in channels), then the answer in the question's thread. When an LLM
 * drafts, the reply is a chat stream (chat.startStream/appendStream/stopStream through the Web API's ChatStreamer)
 * whose task cards show the steps; the verified text and the sources, label, feedback and "Ask a person" blocks
 * finish it. Extractive answers, and workspaces where streaming is refused, get one chat.postMessage.
 */
import type { webApi } from '@slack/bolt';
import type { AnswerProgress } from '../../src/core/answer.js';
import type { ChannelProfile } from '../../src/core/ports.js';
import type { RoundsService } from '../../src/core/service.js';
import type { Answer, Turn } from '../../src/core/types.js';
import type { Logger } from '../../src/logger.js';
import { type ReplySurface, runAsk } from '../ask-flow.js';
import { type Fault, logFault, toFault } from '../fault.js';
import { type FeedbackStyle, renderAnswer, renderApology, type SlackMessage } from './blocks.js';
import { slackErrorCode } from './slack-errors.js';

export const STATUS_TEXT = 'is searching the knowledge base…';
/** Rotated by Slack under the status while Rounds works (assistant.threads.setStatus allows at most 10). */
export const LOADING_MESSAGES = [
  'Searching the knowledge base…',
  'Reading the closest sources…',
  'Checking every sentence against its source…',
];
/** Reaction used as the progress signal outside the agent surface (reactions:write). */
export const PROGRESS_REACTION = 'mag';

export interface AskInSlack {
  client: webApi.WebClient;
  text: string;
  teamId?: string;
  channel: string;
  threadTs: string;
  /** The question's own ts (reaction target, and skipped when reading history). */
  messageTs?: string;
  userId?: string;
  history?: Turn[];
  progress: 'reaction' | 'assistant_status' | 'none';
}

export interface AnswerDeps {
  service: RoundsService;
  logger: Logger;
}

/**
 * Posts with the `feedback_buttons` element first; a workspace or surface that rejects it (invalid_blocks)
 * gets plain buttons instead, so the answer always lands.
 */
export async function postRendered(
  client: webApi.WebClient,
  target: { channel: string; threadTs?: string },
  render: (style: FeedbackStyle) => SlackMessage,
  logger: Logger,
): Promise<string | undefined> {
  const send = (m: SlackMessage) =>
    client.chat.postMessage({
      channel: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      text: m.text,
      blocks: m.blocks,
    });
  try {
    return (await send(render('feedback_buttons'))).ts;
  } catch (error) {
    if (slackErrorCode(error) !== 'invalid_blocks') throw error;
    logger.warn({ channel: target.channel }, 'slack rejected feedback_buttons; posting with plain buttons');
    return (await send(render('buttons'))).ts;
  }
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** The reply surface for one question in one Slack thread. */
export class SlackSurface implements ReplySurface {
  readonly platform = 'slack' as const;
  private stream: webApi.ChatStreamer | undefined;

  constructor(
    private readonly req: AskInSlack,
    private readonly profile: ChannelProfile | undefined,
    private readonly logger: Logger,
  ) {}

  private get target() {
    return { channel: this.req.channel, threadTs: this.req.threadTs };
  }

  async begin(): Promise<void> {
    const { client, channel, threadTs, messageTs } = this.req;
    try {
      if (this.req.progress === 'assistant_status') {
        await client.assistant.threads.setStatus({
          channel_id: channel,
          thread_ts: threadTs,
          status: STATUS_TEXT,
          loading_messages: LOADING_MESSAGES,
        });
      } else if (this.req.progress === 'reaction' && messageTs) {
        await client.reactions.add({ channel, timestamp: messageTs, name: PROGRESS_REACTION });
      }
    } catch (error) {
      // Progress is a courtesy: a missing scope or an old message must not stop the answer.
      this.logger.warn({ channel, code: slackErrorCode(error) }, 'slack progress indicator failed');
    }
  }

  async progress(p: AnswerProgress): Promise<void> {
    // Extractive answers take milliseconds: they post at once, no stream.
    if (!p.llm) return;
    const { client, channel, threadTs, teamId, userId } = this.req;
    // Slack wants the recipient outside DMs (chat.startStream: "Required when streaming to channels").
    const stream = client.chatStream({
      channel,
      thread_ts: threadTs,
      ...(teamId ? { recipient_team_id: teamId } : {}),
      ...(userId ? { recipient_user_id: userId } : {}),
      task_display_mode: 'timeline',
    });
    try {
      await stream.append({
        chunks: [
          {
            type: 'task_update',
            id: 'search',
            title: `Searched ${p.collections.join(', ')}: ${plural(p.sources, 'source')}`,
            status: 'complete',
          },
          { type: 'task_update', id: 'draft', title: 'Drafting the answer from those sources', status: 'in_progress' },
        ],
      });
      this.stream = stream;
    } catch (error) {
      // Streaming not enabled for this app or workspace (or an older Slack): the answer goes out as one message.
      this.logger.warn({ channel, code: slackErrorCode(error) }, 'slack streaming unavailable; posting in one message');
    }
  }

  async deliver(answer: Answer): Promise<string | undefined> {
    const render = (feedback: FeedbackStyle, omitText = false) => renderAnswer(answer, { profile: this.profile, feedback, omitText });
    const stream = this.stream;
    if (stream) {
      try {
        await stream.append({
          chunks: [
            { type: 'task_update', id: 'draft', title: 'Drafted the answer', status: 'complete' },
            {
              type: 'task_update',
              id: 'verify',
              title:
                answer.status === 'answered'
                  ? `Checked ${plural(answer.citations.length, 'citation')}`
                  : 'Checked the citations: not enough evidence, so Rounds does not answer',
              status: 'complete',
            },
          ],
        });
        try {
          await stream.stop({ markdown_text: answer.text, blocks: render('feedback_buttons', true).blocks });
        } catch (error) {
          if (slackErrorCode(error) !== 'invalid_blocks') throw error;
          // The text is still buffered in the streamer: only the blocks change.
          await stream.stop({ blocks: render('buttons', true).blocks });
        }
        return stream.ts;
      } catch (error) {
        // A stream that broke half way: the full answer still goes out as a message of its own.
        this.logger.warn({ channel: this.req.channel, code: slackErrorCode(error) }, 'slack stream failed; posting in one message');
      }
    }
    return postRendered(this.req.client, this.target, (style) => render(style), this.logger);
  }

  async apologise(fault: Fault): Promise<void> {
    const message = renderApology(fault, this.profile?.escalation);
    try {
      if (this.stream) await this.stream.stop({ markdown_text: message.text });
      else await this.req.client.chat.postMessage({ channel: this.req.channel, thread_ts: this.req.threadTs, ...message });
    } catch (postError) {
      this.logger.warn({ ref: fault.reference, code: slackErrorCode(postError) }, 'slack apology could not be posted');
    }
  }

  async end(): Promise<void> {
    // The agent status clears itself when the app replies in the thread; a reaction has to be removed.
    if (this.req.progress !== 'reaction' || !this.req.messageTs) return;
    try {
      await this.req.client.reactions.remove({ channel: this.req.channel, timestamp: this.req.messageTs, name: PROGRESS_REACTION });
    } catch (error) {
      this.logger.debug({ code: slackErrorCode(error) }, 'slack progress reaction not removed');
    }
  }
}

/** Answers in the thread. Returns the answer, or undefined when a fault was turned into an apology. */
export async function answerInThread(deps: AnswerDeps, req: AskInSlack): Promise<Answer | undefined> {
  const profile = deps.service.profileFor('slack', req.channel);
  const surface = new SlackSurface(req, profile, deps.logger);
  const outcome = await runAsk(deps, surface, {
    text: req.text,
    platform: 'slack',
    channelId: req.channel,
    threadId: req.threadTs,
    ...(req.teamId ? { workspaceId: req.teamId } : {}),
    ...(req.userId ? { askerId: req.userId } : {}),
    ...(req.messageTs ? { messageId: req.messageTs } : {}),
    ...(req.history && req.history.length > 0 ? { history: req.history } : {}),
  });
  return outcome.ok ? outcome.answer : undefined;
}

/** A fault outside the ask flow (slash command, share button): logged by the one rule, rendered as the apology. */
export function apologyFor(
  error: unknown,
  logger: Logger,
  where: { step: string; platformError?: boolean; escalation?: string | undefined } = { step: 'command' },
): { fault: Fault; message: SlackMessage } {
  const fault = toFault(error, { platform: where.platformError ?? false });
  logFault(logger, fault, error, { platform: 'slack', step: where.step });
  return { fault, message: renderApology(fault, where.escalation) };
}

export async function postApology(
  deps: AnswerDeps,
  client: webApi.WebClient,
  target: { channel: string; threadTs?: string },
  error: unknown,
  step = 'share',
): Promise<SlackMessage> {
  const { fault, message } = apologyFor(error, deps.logger, { step, platformError: true });
  try {
    await client.chat.postMessage({ channel: target.channel, ...(target.threadTs ? { thread_ts: target.threadTs } : {}), ...message });
  } catch (postError) {
    deps.logger.warn({ ref: fault.reference, code: slackErrorCode(postError) }, 'slack apology could not be posted');
  }
  return message;
}
