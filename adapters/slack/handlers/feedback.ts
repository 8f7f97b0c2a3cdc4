/**
 * 👍/👎 on an answer. Both are stored at once through the RoundsService (which resolves reviewer roles);
 * 👎 also opens a modal for a reason and free text, whose submission replaces the bare 👎. The message is then
 * re-rendered from the store so it shows who rated, reviewers marked as such.
 */
import type { App, webApi } from '@slack/bolt';
import { ErrorCode, isRoundsError } from '../../../src/core/errors.js';
import type { RatingReason, RatingValue } from '../../../src/core/ports.js';
import { logFault, toFault } from '../../fault.js';
import { ACTION, answerIdFromBlockId, type FeedbackStyle, renderAnswer } from '../blocks.js';
import { buildDownvoteModal, DOWNVOTE_CALLBACK_ID, type DownvoteMeta, parseDownvote } from '../feedback-modal.js';
import type { SlackHandlerDeps } from '../handler-deps.js';
import { slackErrorCode } from '../slack-errors.js';

interface ActionBody {
  trigger_id?: string;
  response_url?: string;
  team?: { id?: string } | null;
  user: { id: string; team_id?: string };
  channel?: { id: string };
  container?: { message_ts?: string; channel_id?: string; is_ephemeral?: boolean };
  message?: { blocks?: Array<{ type?: string; elements?: Array<{ text?: string }> }> };
}

interface ActionLike {
  type: string;
  block_id?: string;
  value?: string;
}

/** A shared answer starts with "Shared by <@U…>"; keep that line when re-rendering. */
function sharedByFrom(body: ActionBody): string | undefined {
  const first = body.message?.blocks?.[0];
  const text = first?.type === 'context' ? first.elements?.[0]?.text : undefined;
  return text?.match(/^Shared by <@([A-Z0-9]+)>/)?.[1];
}

export function registerFeedbackHandlers(app: App, deps: SlackHandlerDeps): void {
  const { service, logger } = deps;

  async function refreshMessage(client: webApi.WebClient, meta: DownvoteMeta): Promise<void> {
    const record = await service.store.getAnswer(meta.answerId);
    if (!record) return;
    const profile = service.profileFor('slack', meta.channel ?? record.context.channelId);
    const message = renderAnswer(record.answer, {
      profile,
      feedback: meta.style,
      ratings: record.ratings,
      share: Boolean(meta.ephemeral),
      ...(meta.sharedBy ? { sharedBy: meta.sharedBy } : {}),
    });
    try {
      if (meta.ephemeral && meta.responseUrl) {
        // Ephemeral messages cannot be chat.update'd; their response_url (valid 30 minutes, 5 uses) can replace them.
        const res = await fetch(meta.responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ replace_original: true, response_type: 'ephemeral', ...message }),
        });
        if (!res.ok) logger.warn({ status: res.status }, 'slack response_url update failed');
      } else if (meta.channel && meta.ts) {
        await client.chat.update({ channel: meta.channel, ts: meta.ts, ...message });
      }
    } catch (error) {
      logger.warn({ answerId: meta.answerId, code: slackErrorCode(error) }, 'slack message not updated after rating');
    }
  }

  async function rate(body: ActionBody, meta: DownvoteMeta, value: RatingValue, extra: { reason?: RatingReason; comment?: string } = {}) {
    const workspaceId = body.team?.id ?? body.user.team_id;
    await service.rate({
      answerId: meta.answerId,
      raterId: body.user.id,
      value,
      platform: 'slack',
      ...(workspaceId ? { workspaceId } : {}),
      ...(meta.channel ? { channelId: meta.channel } : {}),
      ...extra,
    });
  }

  async function onRating(
    args: { body: unknown; action: unknown; client: webApi.WebClient; respond: (m: object) => Promise<unknown> },
    forced?: RatingValue,
  ) {
    const body = args.body as ActionBody;
    const action = args.action as ActionLike;
    const answerId = answerIdFromBlockId(action.block_id) ?? action.value;
    const value: RatingValue | undefined = forced ?? (action.value === 'up' || action.value === 'down' ? action.value : undefined);
    if (!answerId || !value) {
      logger.warn({ actionType: action.type }, 'slack feedback action without answer id or value');
      return;
    }
    const style: FeedbackStyle = action.type === 'feedback_buttons' ? 'feedback_buttons' : 'buttons';
    const channel = body.channel?.id ?? body.container?.channel_id;
    const sharedBy = sharedByFrom(body);
    const meta: DownvoteMeta = {
      answerId,
      style,
      ...(channel ? { channel } : {}),
      ...(body.container?.message_ts ? { ts: body.container.message_ts } : {}),
      ...(body.container?.is_ephemeral ? { ephemeral: true } : {}),
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
      ...(sharedBy ? { sharedBy } : {}),
    };
    try {
      // trigger_id expires 3 seconds after the click: open the modal before anything slower.
      if (value === 'down' && body.trigger_id) {
        await args.client.views.open({ trigger_id: body.trigger_id, view: buildDownvoteModal(meta) }).catch((error: unknown) => {
          logger.warn({ code: slackErrorCode(error) }, 'slack feedback modal not opened');
        });
      }
      await rate(body, meta, value);
      await refreshMessage(args.client, meta);
    } catch (error) {
      let text = 'That answer is no longer in the feedback store, so the rating was not saved.';
      if (!isRoundsError(error, ErrorCode.UnknownAnswer)) {
        const fault = toFault(error);
        logFault(logger, fault, error, { platform: 'slack', step: 'rate', ids: { answerId } });
        text = `Sorry, your rating could not be saved (reference ${fault.reference}).`;
      }
      await args.respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
    }
  }

  app.action(ACTION.feedback, async ({ ack, body, action, client, respond }) => {
    await ack();
    await onRating({ body, action, client, respond });
  });
  app.action(ACTION.rateUp, async ({ ack, body, action, client, respond }) => {
    await ack();
    await onRating({ body, action, client, respond }, 'up');
  });
  app.action(ACTION.rateDown, async ({ ack, body, action, client, respond }) => {
    await ack();
    await onRating({ body, action, client, respond }, 'down');
  });

  app.view(DOWNVOTE_CALLBACK_ID, async ({ ack, view, body, client }) => {
    const parsed = parseDownvote(view);
    if (!parsed.ok) {
      if ('errors' in parsed) await ack({ response_action: 'errors', errors: parsed.errors });
      else {
        logger.warn('slack feedback modal with unreadable private_metadata');
        await ack();
      }
      return;
    }
    await ack();
    const b = body as unknown as ActionBody;
    try {
      await rate(b, parsed.meta, 'down', {
        ...(parsed.reason ? { reason: parsed.reason } : {}),
        ...(parsed.comment ? { comment: parsed.comment } : {}),
      });
      await refreshMessage(client, parsed.meta);
    } catch (error) {
      logger.warn(
        { answerId: parsed.meta.answerId, code: isRoundsError(error) ? error.code : slackErrorCode(error) },
        'slack modal rating failed',
      );
    }
  });
}
