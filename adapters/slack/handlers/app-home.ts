/**
 * Agent messaging (manifest `features.agent_view`): Slack sends `app_home_opened` with `tab: "messages"` when a
 * user opens the DM with Rounds, in place of the old `assistant_thread_started`. A first visit gets the greeting
 * (the suggested prompts come from the manifest); an existing conversation is left alone, so reopening the
 * tab never repeats it.
 */
import type { App } from '@slack/bolt';
import type { SlackHandlerDeps } from '../handler-deps.js';
import { slackErrorCode } from '../slack-errors.js';
import { GREETING } from './assistant.js';

export function registerAppHome(app: App, deps: SlackHandlerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const e = event as { tab?: string; user?: string; channel?: string };
    if (e.tab !== 'messages' || !e.user || !e.channel) return;
    if (!(await deps.dedupe.claim(`home:${e.user}`))) return;
    try {
      const history = await client.conversations.history({ channel: e.channel, limit: 1 });
      if ((history.messages ?? []).length > 0) return;
      await client.chat.postMessage({ channel: e.channel, text: GREETING });
    } catch (error) {
      deps.logger.warn({ code: slackErrorCode(error) }, 'slack agent greeting not posted');
    }
  });
}
