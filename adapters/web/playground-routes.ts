/**
 * The playground: GET / (page), POST /api/ask and POST /api/rate (JSON). Each browser gets a random id in an
 * HttpOnly cookie, used as the asker/rater id, so ratings are tied to the browser that asked.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import { RATING_REASONS, type RatingReason } from '../../src/core/ports.js';
import type { Turn } from '../../src/core/types.js';
import type { AdapterDeps } from '../adapter.js';
import { runAsk } from '../ask-flow.js';
import { apologyText, type Fault, logFault, toFault } from '../fault.js';
import type { Route } from '../http/server.js';
import { newNonce } from './html.js';
import { BadRequest, cookie, isHttps, parseCookies, readJsonObject, sameOrigin, sendHtml, sendJson, sendText } from './http-util.js';
import { renderPlayground } from './playground-page.js';
import { renderAnswer } from './render-answer.js';

export const BROWSER_COOKIE = 'rounds_web_id';
const BROWSER_ID = /^[A-Za-z0-9_-]{16,64}$/;
const THREAD_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Earlier answers sent back as context for a follow-up (the core trims further to its own budget). */
const MAX_HISTORY = 6;

/** The browser's id from its cookie, or a new one (with the Set-Cookie header to send). */
function browserId(req: IncomingMessage): { id: string; setCookie?: string } {
  const existing = parseCookies(req)[BROWSER_COOKIE];
  if (existing && BROWSER_ID.test(existing)) return { id: existing };
  const id = `web-${randomBytes(12).toString('base64url')}`;
  // Lax, not Strict: it is an identity for ratings, not a credential, and a Strict cookie would be withheld when
  // the playground is opened from a link on another site, minting a new id and splitting the browser's ratings.
  return { id, setCookie: cookie(BROWSER_COOKIE, id, { sameSite: 'Lax', maxAgeSeconds: 365 * 24 * 3600, secure: isHttps(req) }) };
}

function headersFor(b: { setCookie?: string }): Record<string, string> {
  return b.setCookie ? { 'set-cookie': b.setCookie } : {};
}

export function playgroundRoutes(deps: AdapterDeps & { reviewEnabled: boolean }): Route[] {
  const { service, config, logger } = deps;
  const enabled = config.env.WEB_PLAYGROUND;

  const off = (res: ServerResponse, json: boolean) => {
    const message = 'The web playground is switched off. Set WEB_PLAYGROUND=true and restart Rounds to turn it on.';
    if (json) sendJson(res, 404, { error: 'playground_off', message });
    else sendText(res, 404, `${message}\nHealth: /healthz${deps.reviewEnabled ? '\nReview console: /review' : ''}\n`);
  };

  const fail = (res: ServerResponse, error: unknown, where: string) => {
    if (error instanceof BadRequest) return sendJson(res, error.status, { error: 'bad_request', message: error.message });
    if (isRoundsError(error, ErrorCode.UnknownAnswer)) {
      return sendJson(res, 404, {
        error: error.code,
        message: 'That answer is not known (it may have been purged). Ask again to rate a new answer.',
      });
    }
    if (isRoundsError(error, ErrorCode.InvalidInput)) return sendJson(res, 400, { error: error.code, message: error.message });
    // The one fault path: a reference, a coded kind, one log line without the question (adapters/fault.ts).
    const fault = toFault(error);
    logFault(logger, fault, error, { platform: 'web', step: where });
    return sendFault(res, fault);
  };

  const sendFault = (res: ServerResponse, fault: Fault) =>
    sendJson(res, fault.status >= 500 ? 503 : fault.status, {
      error: fault.code.startsWith('rounds_') ? fault.code : 'internal_error',
      kind: fault.kind,
      reference: fault.reference,
      message: `${apologyText(fault)} If it persists, tell the Rounds administrator.`,
    });

  /**
   * Follow-ups: the browser sends the ids of the answers earlier in its conversation; the turns are rebuilt from
   * the store (already redacted text), and only from this browser's own answers in the same profile.
   */
  const historyFor = async (ids: unknown, askerId: string, profile: string): Promise<Turn[]> => {
    if (ids === undefined) return [];
    if (!Array.isArray(ids) || ids.length > MAX_HISTORY || !ids.every((id) => typeof id === 'string' && id.length <= 200)) {
      throw new BadRequest(`Field "history" must be a list of at most ${MAX_HISTORY} answer ids.`);
    }
    const turns: Turn[] = [];
    for (const id of ids as string[]) {
      const rec = await service.store.getAnswer(id);
      if (!rec) continue;
      if (rec.context.platform !== 'web' || rec.context.askerId !== askerId || rec.answer.channelProfile !== profile) continue;
      turns.push({ role: 'user', text: rec.answer.question }, { role: 'assistant', text: rec.answer.text });
    }
    return turns;
  };

  const defaultProfile = () => {
    const names = service.profiles().map((p) => p.name);
    return names.includes(config.file.cliProfile) ? config.file.cliProfile : (names[0] ?? 'general');
  };

  return [
    {
      method: 'GET',
      path: '/',
      handler: (req, res) => {
        if (!enabled) return off(res, false);
        const b = browserId(req);
        const nonce = newNonce();
        sendHtml(
          res,
          200,
          renderPlayground({ nonce, profiles: service.profiles(), defaultProfile: defaultProfile(), reviewEnabled: deps.reviewEnabled }),
          nonce,
          headersFor(b),
        );
      },
    },
    {
      method: 'POST',
      path: '/api/ask',
      handler: async (req, res) => {
        if (!enabled) return off(res, true);
        try {
          if (!sameOrigin(req)) throw new BadRequest('Cross-site requests are not allowed.', 403);
          const body = await readJsonObject(req);
          const { text, profile } = body;
          if (typeof text !== 'string') throw new BadRequest('Field "text" (the question) must be a string.');
          const profiles = service.profiles();
          const chosen = typeof profile === 'string' && profile ? profile : defaultProfile();
          const p = profiles.find((x) => x.name === chosen);
          if (!p) throw new BadRequest(`Unknown channel profile "${chosen}". Choose one of: ${profiles.map((x) => x.name).join(', ')}.`);
          const b = browserId(req);
          const threadId = typeof body.threadId === 'string' && THREAD_ID.test(body.threadId) ? body.threadId : undefined;
          const history = p.followUps ? await historyFor(body.history, b.id, p.name) : [];
          // The web's reply surface for the shared ask flow: one JSON response, no progress or stream.
          await runAsk(
            { service, logger },
            {
              platform: 'web',
              begin: async () => {},
              progress: async () => {},
              async deliver(answer) {
                sendJson(
                  res,
                  200,
                  {
                    answerId: answer.id,
                    status: answer.status,
                    label: answer.confidence.label,
                    html: renderAnswer(answer, { escalation: p.escalation, feedbackButtons: p.feedbackButtons }),
                  },
                  headersFor(b),
                );
                return undefined;
              },
              apologise: async (fault) => sendFault(res, fault),
              end: async () => {},
            },
            {
              platform: 'web',
              channelId: p.name,
              askerId: b.id,
              text,
              ...(threadId ? { threadId } : {}),
              ...(history.length ? { history } : {}),
            },
          );
        } catch (error) {
          fail(res, error, 'ask');
        }
      },
    },
    {
      method: 'POST',
      path: '/api/rate',
      handler: async (req, res) => {
        if (!enabled) return off(res, true);
        try {
          if (!sameOrigin(req)) throw new BadRequest('Cross-site requests are not allowed.', 403);
          const body = await readJsonObject(req, 16_000);
          const { answerId, value, reason, comment } = body;
          if (typeof answerId !== 'string' || !answerId || answerId.length > 200) throw new BadRequest('Field "answerId" is required.');
          if (value !== 'up' && value !== 'down') throw new BadRequest('Field "value" must be "up" or "down".');
          if (reason !== undefined && !(typeof reason === 'string' && (RATING_REASONS as readonly string[]).includes(reason))) {
            throw new BadRequest(`Field "reason" must be one of: ${RATING_REASONS.join(', ')}.`);
          }
          if (comment !== undefined && (typeof comment !== 'string' || comment.length > 1000))
            throw new BadRequest('Field "comment" must be text of at most 1000 characters.');
          const b = browserId(req);
          const record = await service.store.getAnswer(answerId);
          const stored = await service.rate({
            answerId,
            raterId: b.id,
            value,
            ...(reason ? { reason: reason as RatingReason } : {}),
            ...(comment ? { comment } : {}),
            platform: 'web',
            ...(record?.context.channelId ? { channelId: record.context.channelId } : {}),
          });
          logger.info({ answerId, value: stored.value, reason: stored.reason, role: stored.role }, 'web rating');
          sendJson(
            res,
            200,
            {
              ok: true,
              value: stored.value,
              message: stored.value === 'up' ? 'Thanks: recorded 👍.' : 'Thanks: recorded 👎. Reviewers will look at it.',
            },
            headersFor(b),
          );
        } catch (error) {
          fail(res, error, 'rate');
        }
      },
    },
  ];
}
