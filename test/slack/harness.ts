/**
 * Starts the real Slack adapter (Bolt + HTTPReceiver) on the shared HTTP server against the fake Slack Web API,
 * and sends correctly signed requests the way Slack does: `v0=` HMAC-SHA256 of `v0:{timestamp}:{raw body}`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformAdapter } from '../../adapters/adapter.js';
import { type HttpServerHandle, startHttpServer } from '../../adapters/http/server.js';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { type Config, loadConfig } from '../../src/config/config.js';
import type { RoundsService } from '../../src/core/service.js';
import type { Logger } from '../../src/logger.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { FakeRoundsService } from './fake-service.js';
import { FakeSlack, TEAM_ID } from './fake-slack.js';
import { FakeSocketMode } from './fake-socket-mode.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-token-123';
export const APP_TOKEN = 'xapp-1-test-token';

/** Channel profiles and reviewers, as an operator would write them in rounds.config.yaml. */
export const CONFIG_YAML = `
defaultProfile: general
profiles:
  icu:
    collections: [general, icu]
    followUps: true
    feedbackButtons: true
    escalation:
      label: "#icu-pharmacist"
      slack:
        channel: CESCAL
        people: [UPHARM]
    reviewers: [UREVIEWER]
    slack: [CICU]
  ward:
    collections: [general]
    escalation:
      label: the ward sister
      slack:
        people: [USISTER]
        group: S0WARD
    slack: [CWARD]
  quiet:
    collections: [general]
    followUps: false
    feedbackButtons: false
    slack: [CQUIET]
`;

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface Harness {
  slack: FakeSlack;
  http: HttpServerHandle;
  adapter: PlatformAdapter;
  config: Config;
  logs: string[];
  service: RoundsService;
  fake?: FakeRoundsService;
  /** Present when started with socketMode: the fake's WebSocket side. */
  socket?: FakeSocketMode;
  eventsUrl: string;
  postRaw(body: string, contentType: string, headers?: Record<string, string>): Promise<Response>;
  sendEvent(event: Record<string, unknown>, opts?: { eventId?: string; retryNum?: number }): Promise<Response>;
  sendCommand(fields: Record<string, string>): Promise<Response>;
  sendInteraction(payload: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
}

/** An Events API envelope body as Slack sends it (HTTP body, or Socket Mode payload). */
export function eventBody(
  event: Record<string, unknown>,
  eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 10)}`,
): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: 'UROUNDS', is_bot: true }],
    event,
  };
}

export async function startHarness(
  opts: {
    /** Another RoundsService (the real runtime); its close() runs when the harness closes. */
    service?: (config: Config, logger: Logger) => Promise<{ service: RoundsService; close(): Promise<void> }>;
    socketMode?: boolean;
    /** Extra environment for loadConfig (KNOWLEDGE_DIR, CHROMA_URL, …). */
    env?: Record<string, string>;
  } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-slack-'));
  writeFileSync(join(dir, 'rounds.config.yaml'), CONFIG_YAML);
  const slack = await new FakeSlack(BOT_TOKEN).start();
  const socket = opts.socketMode ? new FakeSocketMode(slack, APP_TOKEN) : undefined;
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ROUNDS_DATA_DIR: join(dir, 'data'),
      ...(socket ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
      ...opts.env,
    },
    dir,
  );
  const { logger, logs } = captureLogger();
  let fake: FakeRoundsService | undefined;
  let service: RoundsService;
  let closeService: () => Promise<void>;
  if (opts.service) {
    const made = await opts.service(config, logger);
    service = made.service;
    closeService = made.close;
  } else {
    const f = new FakeRoundsService(config.file, join(dir, 'feedback.db'));
    fake = f;
    service = f;
    closeService = () => f.store.close();
  }
  // Short back-off so the 429 test waits for Retry-After, not for the production retry schedule.
  const adapter = createSlackAdapter({
    service,
    config,
    logger,
    clientOptions: { retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 50 } },
  });
  await adapter.start();
  const http = await startHttpServer({ routes: adapter.routes, port: 0, host: '127.0.0.1', logger });
  const eventsUrl = `${http.url}/slack/events`;

  const postRaw = (body: string, contentType: string, headers: Record<string, string> = {}) => {
    const ts = Math.floor(Date.now() / 1000);
    return fetch(eventsUrl, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts), ...headers },
      body,
    });
  };

  return {
    slack,
    http,
    adapter,
    config,
    logs,
    service,
    ...(fake ? { fake } : {}),
    ...(socket ? { socket } : {}),
    eventsUrl,
    postRaw,
    sendEvent(event, o = {}) {
      const body = JSON.stringify(eventBody(event, o.eventId));
      const headers: Record<string, string> = o.retryNum
        ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' }
        : {};
      return postRaw(body, 'application/json', headers);
    },
    sendCommand(fields) {
      const body = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: TEAM_ID,
        team_domain: 'test',
        channel_name: 'general',
        user_name: 'nurse',
        command: '/rounds',
        api_app_id: 'A0APP',
        trigger_id: 'trig-1',
        ...fields,
      }).toString();
      return postRaw(body, 'application/x-www-form-urlencoded');
    },
    sendInteraction(payload) {
      const body = new URLSearchParams({
        payload: JSON.stringify({ api_app_id: 'A0APP', token: 'legacy', team: { id: TEAM_ID, domain: 'test' }, ...payload }),
      }).toString();
      return postRaw(body, 'application/x-www-form-urlencoded');
    },
    async close() {
      await adapter.stop();
      socket?.close();
      await http.close();
      await slack.close();
      await closeService();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
