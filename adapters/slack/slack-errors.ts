/**
 * The Slack error code of a Web API failure (`invalid_blocks`, `not_in_channel`, `ratelimited`…), safe to log:
 * never the request or response body, which can hold the question or answer text.
 */
export function slackErrorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { data?: { error?: unknown }; code?: unknown; name?: unknown };
    if (e.data && typeof e.data.error === 'string') return e.data.error;
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string') return e.name;
  }
  return 'unknown';
}
