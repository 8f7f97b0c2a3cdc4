/**
 * The Microsoft Teams adapter: botbuilder's CloudAdapter behind POST /api/messages on the shared server.
 * Same PlatformAdapter shape as Slack, so a later move to the Microsoft 365 Agents SDK replaces only this folder.
 */
import { type Activity, CloudAdapter } from 'botbuilder';
import type { AdapterDeps, PlatformAdapter } from '../adapter.js';
import { logFault, toFault } from '../fault.js';
import type { RouteHandler } from '../http/server.js';
import { assertSafeAuthMode, createBotAuthentication } from './auth.js';
import { readActivity, sendPlain, toBotRequest, toBotResponse } from './http-bridge.js';
import { createTurnHandler, invokeResponse, type TurnHandlerOptions } from './turn-handler.js';

export const TEAMS_PATH = '/api/messages';
const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

export interface TeamsAdapterOptions extends TurnHandlerOptions {
  /** Extra botbuilder authentication settings (sovereign clouds; tests pointing token validation at a local issuer). */
  authSettings?: Record<string, string>;
}

export function createTeamsAdapter(deps: AdapterDeps, options: TeamsAdapterOptions = {}): PlatformAdapter {
  const { config, logger } = deps;
  // Throws ConfigInvalid before anything listens when unsigned activities would be accepted from the network.
  const mode = assertSafeAuthMode(config);
  const auth = createBotAuthentication(config, options.authSettings);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // Backstop only: the turn handler catches its own faults. Without this botbuilder would answer 500 with the error
    // text. The one fault rule still applies: a reference, a kind, a code, no message text.
    const fault = toFault(error);
    logFault(logger, fault, error, { platform: 'teams', step: 'turn', ids: { activityId: context.activity.id } });
    if (context.activity.type === 'invoke') {
      await invokeResponse(context, 500, { error: `internal error (reference ${fault.reference})` }).catch(() => undefined);
    }
  };
  const onTurn = createTurnHandler(deps, options);

  /** Why botbuilder's validator refuses this token, or undefined when it is valid; other faults propagate (500). */
  async function rejection(authorization: string, body: Record<string, unknown>): Promise<string | undefined> {
    try {
      await auth.authenticateRequest(body as unknown as Activity, authorization);
      return undefined;
    } catch (error) {
      const e = error as { statusCode?: number; name?: string; message?: string };
      // A bad signature surfaces as jsonwebtoken's own error, which botbuilder would answer with 500.
      if (e.statusCode === 401 || JWT_ERRORS.has(e.name ?? '')) return `${e.name}: ${e.message ?? ''}`.slice(0, 120);
      throw error;
    }
  }

  const handler: RouteHandler = async (req, res) => {
    const parsed = await readActivity(req);
    if (!parsed.ok) {
      logger.warn({ status: parsed.status, reason: parsed.message }, 'teams: rejected activity');
      sendPlain(res, parsed.status, parsed.message);
      return;
    }
    // CloudAdapter.process rejects these too, but prints a stack trace to stderr for every unauthenticated probe;
    // checking first (with the same botbuilder validator) keeps rejections in our structured log. process() then
    // validates again, which costs a cached signature check.
    if (mode === 'bot-framework') {
      const authorization = req.headers.authorization;
      const reason = authorization ? await rejection(authorization, parsed.body) : 'no Authorization header';
      if (reason) {
        logger.warn({ type: parsed.body.type, reason }, 'teams: unauthenticated activity rejected');
        sendPlain(res, 401, 'Unauthorized: this endpoint needs a valid Bot Framework token');
        return;
      }
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
