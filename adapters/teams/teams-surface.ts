/**
 * Teams' reply surface for the shared ask flow. In 1:1 chats the reply is a Teams stream (learn.microsoft.com,
 * "Stream bot messages", REST): `typing` activities carrying a `streaminfo` entity — first an informative update
 * (streamSequence 1; the connector answers 201 with the id that is the streamId from then on), more informative
 * or `streaming` updates with increasing streamSequence, and a final `message` whose streaminfo has
 * streamType "final" and no streamSequence, carrying the AI label, citations and the feedback loop (Teams takes
 * those on the final message only). Channels and group chats cannot stream: typing indicators, then one reply in
 * the reply chain. botbuilder 4.23 strips entity fields, so everything goes through connector-sender.ts.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { AnswerProgress } from '../../src/core/answer.js';
import type { ChannelProfile } from '../../src/core/ports.js';
import type { Answer } from '../../src/core/types.js';
import type { Logger } from '../../src/logger.js';
import type { ReplySurface } from '../ask-flow.js';
import { apologyText, type Fault, platformCode } from '../fault.js';
import { sendReply } from './connector-sender.js';
import { plainReply, renderAnswer } from './render.js';

export const INFORMATIVE_TEXT = 'Searching the knowledge base…';
const FIRST_TYPING_WAIT_MS = 1000;

export interface StreamInfo {
  type: 'streaminfo';
  streamType: 'informative' | 'streaming' | 'final';
  streamId?: string;
  streamSequence?: number;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

export class TeamsSurface implements ReplySurface {
  readonly platform = 'teams' as const;
  private streamId: string | undefined;
  private sequence = 0;
  private streaming: boolean;
  private stopTyping: (() => void) | undefined;

  constructor(
    private readonly context: TurnContext,
    private readonly opts: {
      conversationId: string;
      personal: boolean;
      profile: ChannelProfile | undefined;
      logger: Logger;
      typingIntervalMs: number;
    },
  ) {
    this.streaming = opts.personal;
  }

  private send(partial: Partial<Activity>) {
    return sendReply(this.context, partial, this.opts.conversationId);
  }

  /** One streaming update; the first one's id becomes the streamId. Updates go one at a time, in order. */
  private async update(streamType: 'informative' | 'streaming', text: string): Promise<void> {
    this.sequence += 1;
    const info: StreamInfo = {
      type: 'streaminfo',
      streamType,
      streamSequence: this.sequence,
      ...(this.streamId ? { streamId: this.streamId } : {}),
    };
    const { type: _type, ...channelData } = info;
    const sent = await this.send({ type: 'typing', text, entities: [info as never], channelData });
    if (!this.streamId) {
      if (!sent.id) throw new Error('the connector returned no stream id');
      this.streamId = sent.id;
    }
  }

  async begin(): Promise<void> {
    if (this.streaming) {
      try {
        await this.update('informative', INFORMATIVE_TEXT);
        return;
      } catch (error) {
        // 403 ContentStreamNotAllowed (tenant or client without streaming): typing indicators, one message.
        this.streaming = false;
        this.opts.logger.warn({ code: platformCode(error) }, 'teams: streaming unavailable; replying in one message');
      }
    }
    await this.startTyping();
  }

  /** Teams shows "typing…" for about 3 seconds per indicator, so it is repeated while the answer is composed. */
  private async startTyping(): Promise<void> {
    const send = () =>
      this.send({ type: 'typing' }).catch((error: unknown) =>
        this.opts.logger.debug({ code: platformCode(error) }, 'teams: typing indicator failed'),
      );
    // Wait for the first indicator so it precedes the answer, but never let a slow connector delay the answer.
    await Promise.race([send(), new Promise((resolve) => setTimeout(resolve, FIRST_TYPING_WAIT_MS).unref())]);
    const timer = setInterval(send, this.opts.typingIntervalMs);
    timer.unref();
    this.stopTyping = () => clearInterval(timer);
  }

  async progress(p: AnswerProgress): Promise<void> {
    if (!this.streamId || !p.llm) return;
    try {
      await this.update('informative', `Searched ${p.collections.join(', ')}: ${plural(p.sources, 'source')}. Drafting the answer…`);
    } catch (error) {
      this.opts.logger.warn({ code: platformCode(error) }, 'teams: informative update failed');
    }
  }

  async deliver(answer: Answer): Promise<string | undefined> {
    this.stopTyping?.();
    const message = renderAnswer(answer, this.opts.profile);
    if (!this.streamId) return (await this.send(message)).id;
    try {
      // An LLM-drafted answer is streamed as text once verified (Teams streams rich text only; the card and
      // AI features come with the final message). Never the unverified draft.
      if (answer.composer === 'llm' && answer.status === 'answered') await this.update('streaming', answer.text);
      const final: StreamInfo = { type: 'streaminfo', streamType: 'final', streamId: this.streamId };
      const sent = await this.send({
        ...message,
        entities: [...(message.entities ?? []), final as never],
        channelData: { ...(message.channelData as object), streamId: this.streamId, streamType: 'final' },
      });
      // The final message replaces the stream: its id is the stream id when the connector does not echo one.
      return sent.id ?? this.streamId;
    } catch (error) {
      // A stream that timed out (Teams allows two minutes) or was refused half way: one plain message instead.
      this.opts.logger.warn({ code: platformCode(error) }, 'teams: stream not finished; replying in one message');
      return (await this.send(message)).id;
    }
  }

  async apologise(fault: Fault): Promise<void> {
    this.stopTyping?.();
    const text = apologyText(fault, this.opts.profile?.escalation);
    const reply: Partial<Activity> = this.streamId
      ? {
          ...plainReply(text),
          entities: [{ type: 'streaminfo', streamType: 'final', streamId: this.streamId } as never],
          channelData: { streamId: this.streamId, streamType: 'final' },
        }
      : plainReply(text);
    await this.send(reply).catch((error: unknown) =>
      this.opts.logger.warn({ ref: fault.reference, code: platformCode(error) }, 'teams: could not send the apology'),
    );
  }

  async end(): Promise<void> {
    this.stopTyping?.();
  }
}
