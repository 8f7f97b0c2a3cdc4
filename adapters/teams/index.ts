/**
 * The Microsoft Teams adapter: botbuilder's CloudAdapter behind POST /api/messages on the shared server.
 * Same PlatformAdapter shape as Slack, so a later move to the Microsoft 365 Agents SDK replaces only this folder.
 */
import { CloudAdapter } from 'botbuilder';
import type { AdapterDeps, PlatformAdapter } from '../adapter.js';
import type { RouteHandler } from '../http/server.js';
import { assertSafeAuthMode, createBotAuthentication } from './auth.js';
import { readActivity, sendPlain, toBotRequest, toBotResponse } from './http-bridge.js';
import { createTurnHandler, invokeResponse, type TurnHandlerOptions } from './turn-handler.js';

export const TEAMS_PATH = '/api/messages';

export function createTeamsAdapter(deps: AdapterDeps, options: TurnHandlerOptions = {}): PlatformAdapter {
  const { config, logger } = deps;
  // Throws ConfigInvalid before anything listens when unsigned activities would be accepted from the network.
  const mode = assertSafeAuthMode(config);
  const adapter = new CloudAdapter(createBotAuthentication(config));
  adapter.onTurnError = async (context, error) => {
    // Backstop only: the turn handler catches its own faults. Without this botbuilder would answer 500 with the error text.
    logger.error({ activityId: context.activity.id, errName: (error as Error)?.name }, 'teams: unhandled turn error');
    if (context.activity.type === 'invoke') await invokeResponse(context, 500, { error: 'internal error' }).catch(() => undefined);
  };
  const onTurn = createTurnHandler(deps, options);

  const handler: RouteHandler = async (req, res) => {
    const parsed = await readActivity(req);
    if (!parsed.ok) {
      logger.warn({ status: parsed.status, reason: parsed.message }, 'teams: rejected activity');
      sendPlain(res, parsed.status, parsed.message);
      return;
    }
    // botbuilder rejects this too, but only after printing a stack trace to stderr for every unauthenticated probe.
    if (mode === 'bot-framework' && !req.headers.authorization) {
      logger.warn({ type: parsed.body.type }, 'teams: unsigned activity rejected');
      sendPlain(res, 401, 'Unauthorized: this endpoint needs a Bot Framework token');
      return;
    }
    await adapter.process(toBotRequest(req, parsed.body), toBotResponse(res), onTurn);
  };

  return {
    name: 'teams',
    routes: [{ method: 'POST', path: TEAMS_PATH, handler }],
    async start() {
      logger.info(
        { mode, appType: config.teams?.appType, singleTenant: config.teams?.appType === 'SingleTenant', path: TEAMS_PATH },
        mode === 'bot-framework' ? 'teams: Bot Framework authentication on' : 'teams: local mode, unsigned activities accepted (Emulator)',
      );
    },
    async stop() {},
  };
}
