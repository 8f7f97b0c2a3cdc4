/**
 * The one fault path (adapters/fault.ts): every fault gets a reference, a coded kind and an HTTP status, and is
 * logged by one rule that lets through operator-written RoundsError messages only, never a platform's or a
 * library's message (which can echo the question).
 */
import { describe, expect, it } from 'vitest';
import { apologyText, HttpError, logFault, toFault } from '../../adapters/fault.js';
import { ConnectorSendError } from '../../adapters/teams/connector-sender.js';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';
import { captureLogger } from '../helpers/capture-logger.js';

const QUESTION = 'warfarin for MRN 12345678';

describe('toFault', () => {
  it.each([
    [
      new RoundsError(ErrorCode.ChromaUnavailable, 'Chroma at http://x is unreachable'),
      'knowledge_base_unavailable',
      'rounds_chroma_unavailable',
      503,
    ],
    [new RoundsError(ErrorCode.StoreFailed, 'SQLITE_FULL'), 'store_unavailable', 'rounds_store_failed', 503],
    [new RoundsError(ErrorCode.InvalidInput, 'bad'), 'bad_request', 'rounds_invalid_input', 400],
    [new HttpError(413, 'request body larger than 10 bytes', 'body_too_large'), 'bad_request', 'body_too_large', 413],
    [new TypeError(`Cannot read ${QUESTION}`), 'internal', 'unexpected', 500],
  ])('classifies %o', (error, kind, code, status) => {
    const fault = toFault(error);
    expect(fault).toMatchObject({ kind, code, status });
    expect(fault.reference).toMatch(/^R-[0-9a-f]{8}$/);
  });

  it('marks a refused reply as the platform’s, with its own code', () => {
    const slack = Object.assign(new Error(`An API error occurred: msg_too_long ${QUESTION}`), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'msg_too_long' },
    });
    expect(toFault(slack, { platform: true })).toMatchObject({ kind: 'platform_rejected', code: 'msg_too_long', status: 502 });
    const teams = new ConnectorSendError(403, `Bot Framework connector answered 403: ${QUESTION}`, 'BotNotInConversationRoster');
    expect(toFault(teams, { platform: true })).toMatchObject({ kind: 'platform_rejected', code: 'BotNotInConversationRoster' });
  });
});

describe('logFault', () => {
  it('writes one line with reference, kind and code, and no message that could hold the question', () => {
    const { logger, logs } = captureLogger();
    const error = new TypeError(`Cannot read properties of ${QUESTION}`, {
      cause: Object.assign(new Error(QUESTION), { code: 'ECONNRESET' }),
    });
    const fault = toFault(error);
    logFault(logger, fault, error, { platform: 'web', step: 'ask', ids: { answerId: 'a1' } });
    expect(logs).toHaveLength(1);
    expect(JSON.parse(logs[0]!)).toMatchObject({
      level: 50,
      msg: 'fault',
      ref: fault.reference,
      kind: 'internal',
      platform: 'web',
      step: 'ask',
      answerId: 'a1',
      errName: 'TypeError',
      causeCode: 'ECONNRESET',
    });
    expect(logs[0]).not.toContain('12345678');
    expect(logs[0]).not.toContain('warfarin');
  });

  it('keeps operator-written messages (what to fix) and upstream statuses', () => {
    const { logger, logs } = captureLogger();
    const chroma = new RoundsError(
      ErrorCode.ChromaUnavailable,
      'Chroma at http://127.0.0.1:8000 is unreachable. Start it or set CHROMA_URL.',
    );
    logFault(logger, toFault(chroma), chroma, { platform: 'slack', step: 'ask' });
    expect(JSON.parse(logs[0]!).errMessage).toContain('set CHROMA_URL');
    const teams = new ConnectorSendError(403, 'body', 'BotNotInConversationRoster');
    logFault(logger, toFault(teams, { platform: true }), teams, { platform: 'teams', step: 'deliver' });
    expect(JSON.parse(logs[1]!)).toMatchObject({ upstreamStatus: 403, code: 'BotNotInConversationRoster' });
    expect(JSON.parse(logs[1]!).errMessage).toBeUndefined();
  });

  it('the apology quotes the reference and names whom to ask', () => {
    const fault = toFault(new RoundsError(ErrorCode.ChromaUnavailable, 'x'));
    expect(apologyText(fault, 'the on-call pharmacist')).toBe(
      `Sorry, the knowledge base is unavailable right now, so Rounds cannot answer (reference ${fault.reference}). Please try again shortly. For anything urgent ask the on-call pharmacist.`,
    );
  });
});
