/**
 * `/rounds <question>`: acknowledged at once with an ephemeral "Searching…" (Slack wants an ack within 3 s),
 * then answered ephemerally through the command's response_url with a "Share in channel" button. Sharing posts
 * the stored answer to the channel (or, where Rounds is not a member, an in_channel reply via response_url).
 */
import type { App } from '@slack/bolt';
import { runAsk } from '../../ask-flow.js';
import { postApology, postRendered } from '../answer-flow.js';
import { ACTION, type FeedbackStyle, renderAnswer, renderApology } from '../blocks.js';
import type { SlackHandlerDeps } from '../handler-deps.js';
import { plainTextFromSlack } from '../mrkdwn.js';
import { slackErrorCode } from '../slack-errors.js';

export const COMMAND = '/rounds';
export const USAGE =
  'Ask the clinical knowledge base: `/rounds what is in the sepsis hour-1 bundle?` The answer is shown only to you, with a button to share it. Please leave out patient identifiers.';

export function registerCommandHandlers(app: App, deps: SlackHandlerDeps): void {
  const { service, logger } = deps;

  app.command(COMMAND, async ({ command, ack, respond }) => {
    const text = plainTextFromSlack(command.text ?? '');
    if (!text || text.toLowerCase() === 'help') {
      await ack({ response_type: 'ephemeral', text: USAGE });
      return;
    }
    await ack({ response_type: 'ephemeral', text: '🔎 Searching the knowledge base…' });
    const profile = service.profileFor('slack', command.channel_id);
    const ctx = { platform: 'slack' as const, workspaceId: command.team_id, channelId: command.channel_id, askerId: command.user_id };
    // The slash command's reply surface: the ephemeral message behind response_url (no thread, no stream).
    await runAsk(
      deps,
      {
        platform: 'slack',
        begin: async () => {},
        progress: async () => {},
        async deliver(answer) {
          const message = renderAnswer(answer, { profile, feedback: 'buttons', share: answer.status !== 'refused' });
          await respond({ response_type: 'ephemeral', replace_original: true, ...message });
          return undefined;
        },
        async apologise(fault) {
          const message = renderApology(fault, profile?.escalation);
          await respond({ response_type: 'ephemeral', replace_original: true, ...message }).catch(() => undefined);
        },
        end: async () => {},
      },
      { text, ...ctx },
      ctx,
    );
  });

  app.action(ACTION.share, async ({ ack, body, action, client, respond }) => {
    await ack();
    const answerId = (action as { value?: string }).value ?? '';
    const b = body as { user: { id: string }; channel?: { id: string } };
    const record = answerId ? await service.store.getAnswer(answerId) : undefined;
    if (!record || !b.channel?.id) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'That answer is no longer available; please ask again.' });
      return;
    }
    if (record.context.askerId && record.context.askerId !== b.user.id) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Only the person who asked can share this answer.' });
      return;
    }
    const channel = b.channel.id;
    const profile = service.profileFor('slack', channel);
    const render = (feedback: FeedbackStyle) =>
      renderAnswer(record.answer, { profile, feedback, sharedBy: b.user.id, ratings: record.ratings });
    try {
      const ts = await postRendered(client, { channel }, render, logger);
      if (ts) await service.store.setReplyId(answerId, ts);
    } catch (error) {
      const code = slackErrorCode(error);
      // Slash commands work in channels Rounds was never invited to; response_url can still post there.
      if (code === 'not_in_channel' || code === 'channel_not_found') {
        await respond({ response_type: 'in_channel', replace_original: false, ...render('buttons') });
      } else {
        await postApology(deps, client, { channel }, error);
        return;
      }
    }
    await respond({ delete_original: true }).catch((error: unknown) =>
      logger.debug({ code: slackErrorCode(error) }, 'ephemeral not deleted'),
    );
  });
}
