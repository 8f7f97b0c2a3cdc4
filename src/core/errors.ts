/**
 * Faults (not expected outcomes) carry a stable code and a cause, as @slack/bolt's CodedError does.
 * Messages tell the operator what to do.
 */
export enum ErrorCode {
  ConfigInvalid = 'rounds_config_invalid',
  ChromaUnavailable = 'rounds_chroma_unavailable',
  ChromaStartFailed = 'rounds_chroma_start_failed',
  EmbedderMismatch = 'rounds_embedder_mismatch',
  EmbedderFailed = 'rounds_embedder_failed',
  LlmFailed = 'rounds_llm_failed',
  StoreFailed = 'rounds_store_failed',
  UnknownAnswer = 'rounds_unknown_answer',
  InvalidInput = 'rounds_invalid_input',
  IngestFailed = 'rounds_ingest_failed',
  IngestBusy = 'rounds_ingest_busy',
  /** A SharePoint sync could not reach or read its library (Graph down, a library or site that is not there). */
  SyncFailed = 'rounds_sync_failed',
  /** Microsoft Graph refused the sign-in or the library: the message names the permission to grant. */
  SyncForbidden = 'rounds_sync_forbidden',
}

export class RoundsError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RoundsError';
    this.code = code;
  }
}

export function isRoundsError(e: unknown, code?: ErrorCode): e is RoundsError {
  return e instanceof RoundsError && (code === undefined || e.code === code);
}
