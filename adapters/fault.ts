/**
 * One fault path for Slack, Teams and web (after bolt-js `asCodedError` + `App.handleError`, hono's HTTPException):
 * every fault gets a reference the user can quote, a coded kind that picks the apology, an HTTP status, and ONE
 * logging rule. The rule: log the reference, kind, code, error name and numeric status; an error's message only
 * when Rounds wrote it for operators (infrastructure RoundsErrors). Never a platform or library message, never a
 * request or response body: those can echo the question, which may hold a patient identifier.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode, isRoundsError } from '../src/core/errors.js';
import type { Logger } from '../src/logger.js';

export type FaultKind =
  /** Chroma (the knowledge base) is unreachable. */
  | 'knowledge_base_unavailable'
  /** The audit/feedback store refused a write: an answer that cannot be audited is not shown. */
  | 'store_unavailable'
  /** The chat platform refused our reply (Slack error code, connector status). */
  | 'platform_rejected'
  /** The request itself is wrong (web: bad JSON, too large). */
  | 'bad_request'
  | 'internal';

/**
 * A request Rounds refuses over HTTP (hono's HTTPException): the status and a stable code travel on the error, so
 * nothing has to sniff an ad-hoc `statusCode` property. Its message is written by Rounds and holds no user input.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface Fault {
  /** Quoted to the user and logged, so a support request finds the log line: "R-1a2b3c4d". */
  reference: string;
  kind: FaultKind;
  /** A stable code: the RoundsError code, the platform's error code, or "unexpected". */
  code: string;
  /** HTTP status for surfaces that answer over HTTP (web API, Teams invokes). */
  status: number;
}

/** RoundsError codes whose messages are written by Rounds for operators and hold no user text. */
const OPERATOR_MESSAGES = new Set<string>([
  ErrorCode.ConfigInvalid,
  ErrorCode.ChromaUnavailable,
  ErrorCode.ChromaStartFailed,
  ErrorCode.EmbedderMismatch,
  ErrorCode.StoreFailed,
  ErrorCode.IngestBusy,
]);

const MAX_LOGGED_MESSAGE = 300;

export function newReference(): string {
  return `R-${randomBytes(4).toString('hex')}`;
}

/** The platform's own code for a failure, safe to log (Slack `data.error`, a Node `code`, an HTTP status). */
export function platformCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { data?: { error?: unknown }; code?: unknown; status?: unknown; statusCode?: unknown };
  if (e.data && typeof e.data.error === 'string') return e.data.error;
  if (typeof e.code === 'string') return e.code;
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  return status !== undefined ? `http_${status}` : undefined;
}

function httpStatusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; statusCode?: unknown } | undefined;
  const s = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  return s !== undefined && s >= 400 && s < 600 ? s : undefined;
}

/** Classifies any thrown value. `platform` marks errors raised by the chat platform's API (a refused post). */
export function toFault(error: unknown, opts: { platform?: boolean } = {}): Fault {
  const reference = newReference();
  if (isRoundsError(error)) {
    const kind: FaultKind =
      error.code === ErrorCode.ChromaUnavailable || error.code === ErrorCode.EmbedderFailed
        ? 'knowledge_base_unavailable'
        : error.code === ErrorCode.StoreFailed
          ? 'store_unavailable'
          : error.code === ErrorCode.InvalidInput
            ? 'bad_request'
            : 'internal';
    const status = kind === 'bad_request' ? 400 : kind === 'internal' ? 500 : 503;
    return { reference, kind, code: error.code, status };
  }
  if (error instanceof HttpError && error.status < 500) return { reference, kind: 'bad_request', code: error.code, status: error.status };
  const explicit = httpStatusOf(error);
  if (explicit !== undefined && explicit < 500 && (error as { expose?: unknown })?.expose !== false && !opts.platform) {
    return { reference, kind: 'bad_request', code: platformCode(error) ?? `http_${explicit}`, status: explicit };
  }
  if (opts.platform) return { reference, kind: 'platform_rejected', code: platformCode(error) ?? 'unexpected', status: 502 };
  return { reference, kind: 'internal', code: platformCode(error) ?? 'unexpected', status: 500 };
}

/**
 * Logs a fault in the one shape, at error level (warn for a user's bad request). `ids` are identifiers only
 * (answer id, channel id, activity id): never text.
 */
export function logFault(
  logger: Logger,
  fault: Fault,
  error: unknown,
  where: { platform: 'slack' | 'teams' | 'web'; step: string; ids?: Record<string, string | number | undefined> },
): void {
  const e = error as { name?: unknown; message?: unknown; cause?: unknown } | undefined;
  const fields: Record<string, unknown> = {
    ref: fault.reference,
    kind: fault.kind,
    code: fault.code,
    status: fault.status,
    platform: where.platform,
    step: where.step,
    errName: typeof e?.name === 'string' ? e.name : typeof error,
    ...where.ids,
  };
  if (isRoundsError(error) && OPERATOR_MESSAGES.has(error.code) && typeof e?.message === 'string') {
    fields.errMessage = e.message.slice(0, MAX_LOGGED_MESSAGE);
  }
  const upstream = httpStatusOf(error);
  if (upstream !== undefined) fields.upstreamStatus = upstream;
  const causeCode = e?.cause !== undefined ? platformCode(e.cause) : undefined;
  if (causeCode) fields.causeCode = causeCode;
  if (fault.kind === 'bad_request') logger.warn(fields, 'fault');
  else logger.error(fields, 'fault');
}

/** The one-sentence apology every surface shows, quoting the reference. */
export function apologyText(fault: Fault, escalation?: string): string {
  const urgent = escalation ? `For anything urgent ask ${escalation}.` : 'For anything urgent use your usual escalation route.';
  switch (fault.kind) {
    case 'knowledge_base_unavailable':
      return `Sorry, the knowledge base is unavailable right now, so Rounds cannot answer (reference ${fault.reference}). Please try again shortly. ${urgent}`;
    case 'store_unavailable':
      return `Sorry, Rounds could not record this answer for audit, so it is not shown (reference ${fault.reference}). Please try again shortly. ${urgent}`;
    case 'bad_request':
      return `Sorry, Rounds could not read that request (reference ${fault.reference}).`;
    default:
      return `Sorry, Rounds could not answer this right now (reference ${fault.reference}). Please try again shortly. ${urgent}`;
  }
}
