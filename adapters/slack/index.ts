/**
 * The Slack adapter. HTTP mode: Bolt's HTTPReceiver request listener is mounted at POST /slack/events on the
 * shared server (events, slash commands and interactivity all arrive there; Bolt verifies the signature and
 * rejects stale timestamps with 401). Socket Mode when SLACK_APP_TOKEN is set: no public URL needed.
 * All Web API calls go through Bolt's WebClient, whose request queue pauses on HTTP 429 for Retry-After seconds.
 */
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';
import type { AdapterDeps, PlatformAdapter } from '../adapter.js';
import { createDeduper } from '../dedupe.js';
import { logFault, toFault } from '../fault.js';
import type { Route } from '../http/server.js';
import { createBoltLogger } from './bolt-logger.js';
import type { SlackHandlerDeps } from './handler-deps.js';
import { registerAppHome } from './handlers/app-home.js';
import { createAssistant } from './handlers/assistant.js';
import { registerCommandHandlers } from './handlers/command.js';
import { registerEscalationHandlers } from './handlers/escalation.js';
import { registerFeedbackHandlers } from './handlers/feedback.js';
import { registerMessageHandlers } from './handlers/messages.js';
import { slackErrorCode } from './slack-errors.js';
import { ThreadMemory } from './thread-memory.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapterDeps extends AdapterDeps {
  /** WebClient options (tests shorten retry back-off; SLACK_API_URL is applied from config unless given here). */
  clientOptions?: webApi.WebClientOptions;
}

/** Bounded retries: a Slack outage should produce a logged failure within a minute, not hold a reply for 30. */
const RETRY_CONFIG = { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 8_000 };

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createSlackAdapter(deps: SlackAdapterDeps): PlatformAdapter {
  const slack = deps.config.slack;
  if (!slack) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      'Slack is not configured: set SLACK_BOT_TOKEN (xoxb-…) and SLACK_SIGNING_SECRET (Slack app → Basic Information). See docs/slack.md.',
    );
  }
  const logger = deps.logger.child({ adapter: 'slack' });
  const boltLogger = createBoltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: RETRY_CONFIG,
    ...(slack.apiUrl ? { slackApiUrl: withTrailingSlash(slack.apiUrl) } : {}),
    ...deps.clientOptions,
  };
  const socketMode = Boolean(slack.appToken);
  let receiver: HTTPReceiver | undefined;
  let app: App;
  if (slack.appToken) {
    const socketReceiver = new SocketModeReceiver({ appToken: slack.appToken, logger: boltLogger });
    if (clientOptions.slackApiUrl) {
      // Bolt 5.1's SocketModeReceiver does not pass client options to its SocketModeClient, whose own WebClient
      // opens the connection (apps.connections.open). GovSlack and tests need that call on SLACK_API_URL too.
      (socketReceiver.client as unknown as { webClient: webApi.WebClient }).webClient = new webApi.WebClient('', {
        slackApiUrl: clientOptions.slackApiUrl,
        headers: { Authorization: `Bearer ${slack.appToken}` },
        logger: boltLogger,
        retryConfig: RETRY_CONFIG,
      });
    }
    app = new App({ token: slack.botToken, receiver: socketReceiver, logger: boltLogger, clientOptions, deferInitialization: true });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: slack.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger: boltLogger,
      // Ack first, work after: Slack wants a response within 3 seconds and retries otherwise.
      processBeforeResponse: false,
      // Bolt itself throws on a signed payload with a field of the wrong type (fuzzing found `actions` as a
      // string) and answered 500: that is a bad request, not a fault of Rounds. After the ack, listeners report
      // their own faults.
      processEventErrorHandler: async ({ error, response }) => {
        if (response.headersSent) return false;
        logFault(logger, toFault(error), error, { platform: 'slack', step: 'receive' });
        response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Rounds could not read this Slack request: a field has the wrong type.');
        return true;
      },
    });
    app = new App({ token: slack.botToken, receiver, logger: boltLogger, clientOptions, deferInitialization: true });
  }

  const handlerDeps: SlackHandlerDeps = {
    service: deps.service,
    logger,
    dedupe: createDeduper(deps.shared, 60 * 60_000, 20_000, logger),
    threads: new ThreadMemory(),
  };
  // Slack retries an event it thinks we missed (X-Slack-Retry-Num) with the same event_id: answer it once.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId && !(await handlerDeps.dedupe.claim(`event:${eventId}`))) {
      logger.debug({ eventId }, 'duplicate slack event ignored');
      return;
    }
    await next();
  });
  app.assistant(createAssistant(handlerDeps));
  registerMessageHandlers(app, handlerDeps);
  registerCommandHandlers(app, handlerDeps);
  registerFeedbackHandlers(app, handlerDeps);
  registerEscalationHandlers(app, handlerDeps);
  registerAppHome(app, handlerDeps);
  app.error(async (error) => {
    // Backstop only: every listener catches its own faults. Still the one rule: reference, kind, code, no text.
    logFault(logger, toFault(error), error, { platform: 'slack', step: 'listener' });
  });

  const routes: Route[] = receiver
    ? [{ method: 'POST', path: SLACK_EVENTS_PATH, handler: (req, res) => receiver.requestListener(req, res) }]
    : [];
  let started = false;

  return {
    name: 'slack',
    routes,
    async start() {
      if (started) return;
      try {
        // Runs auth.test once, so a revoked or mistyped token fails at start rather than on the first question.
        await app.init();
      } catch (cause) {
        throw new RoundsError(
          ErrorCode.ConfigInvalid,
          `Slack rejected SLACK_BOT_TOKEN (${slackErrorCode(cause)}). Copy the Bot User OAuth Token from Slack app → OAuth & Permissions, and check SLACK_API_URL if you set it.`,
          { cause },
        );
      }
      if (socketMode) {
        try {
          await app.start();
        } catch (cause) {
          throw new RoundsError(
            ErrorCode.ConfigInvalid,
            `Slack Socket Mode could not connect (${slackErrorCode(cause)}). Check SLACK_APP_TOKEN: an app-level token (xapp-…) with the connections:write scope, from Slack app → Basic Information → App-Level Tokens; or unset it to use HTTP mode.`,
            { cause },
          );
        }
      }
      started = true;
      logger.info({ mode: socketMode ? 'socket' : 'http' }, 'slack adapter started');
    },
    async stop() {
      if (socketMode && started) await app.stop();
      started = false;
    },
  };
}
