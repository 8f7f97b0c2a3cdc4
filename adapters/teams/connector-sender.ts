/**
 * Posts replies to the Bot Framework connector ourselves instead of via context.sendActivity.
 *
 * Platform limit worked around: botbuilder 4.23's connector client serializes `entities` with a mapper that only
 * knows `type`, `text` and `mentioned`, so the AI label and every citation Claim are silently stripped on the wire
 * (measured against the fake connector in test/teams). We reuse the turn's ConnectorClient credentials (so the
 * Entra ID token, tenant and audience are exactly what botbuilder would use) and send plain JSON with fetch.
 */
import { type Activity, type CloudAdapter, TurnContext } from 'botbuilder';

/** Teams answers within a few seconds; a stuck connector must not hold the turn open forever. */
const SEND_TIMEOUT_MS = 15_000;

/** The part of botbuilder's ConnectorClient we use (its credentials sign requests with the bot's token). */
interface SigningClient {
  credentials: { signRequest(resource: unknown): Promise<unknown> };
}

export class ConnectorSendError extends Error {
  /** The connector's own error code (e.g. BotNotInConversationRoster, ContentStreamNotAllowed), safe to log. */
  readonly code: string | undefined;
  constructor(
    readonly status: number,
    message: string,
    code?: string,
  ) {
    super(message);
    this.name = 'ConnectorSendError';
    this.code = code;
  }
}

function connectorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && /^[A-Za-z]{1,80}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

async function authorizationFor(context: TurnContext): Promise<string | undefined> {
  const adapter = context.adapter as CloudAdapter;
  const client = context.turnState.get<SigningClient | undefined>(adapter.ConnectorClientKey);
  if (!client?.credentials) return undefined;
  const headers = new Map<string, string>();
  // A minimal WebResourceLike: AppCredentials.signRequest only calls headers.set('authorization', 'Bearer …').
  await client.credentials.signRequest({
    headers: {
      set: (name: string, value: string) => headers.set(name.toLowerCase(), value),
      get: (name: string) => headers.get(name.toLowerCase()),
    },
  });
  return headers.get('authorization');
}

/**
 * Sends `partial` as a reply to the turn's activity (same conversation, replyToId = the inbound activity id).
 * `conversationId` overrides the target conversation, e.g. to keep a channel answer in its reply chain.
 */
export async function sendReply(
  context: TurnContext,
  partial: Partial<Activity>,
  conversationId?: string,
  options: { newMessage?: boolean } = {},
): Promise<{ id?: string }> {
  const reference = TurnContext.getConversationReference(context.activity);
  const activity = TurnContext.applyConversationReference({ ...partial }, reference) as Activity;
  if (conversationId) activity.conversation = { ...activity.conversation, id: conversationId };
  // A message into another conversation (an escalation channel, the asker's chat) replies to nothing there.
  if (options.newMessage) delete (activity as Partial<Activity>).replyToId;
  const base = (activity.serviceUrl ?? '').replace(/\/+$/, '');
  const conv = encodeURIComponent(activity.conversation.id);
  const url = activity.replyToId
    ? `${base}/v3/conversations/${conv}/activities/${encodeURIComponent(activity.replyToId)}`
    : `${base}/v3/conversations/${conv}/activities`;
  // Token acquisition (MSAL against Entra ID) has no timeout of its own; a hung token endpoint must not hang the turn.
  let timer: NodeJS.Timeout | undefined;
  const tokenTimeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectorSendError(0, 'timed out getting a Bot Framework token')), SEND_TIMEOUT_MS);
  });
  const authorization = await Promise.race([authorizationFor(context), tokenTimeout]).finally(() => clearTimeout(timer));
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) {
    // The connector's error body names the problem (e.g. BotNotInConversationRoster) and holds no message text.
    throw new ConnectorSendError(
      response.status,
      `Bot Framework connector answered ${response.status}: ${text.slice(0, 200)}`,
      connectorCode(text),
    );
  }
  try {
    const parsed = JSON.parse(text) as { id?: unknown };
    return typeof parsed.id === 'string' ? { id: parsed.id } : {};
  } catch {
    return {};
  }
}
