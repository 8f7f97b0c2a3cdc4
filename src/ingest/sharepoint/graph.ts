/**
 * Microsoft Graph, app-only, through Microsoft's own client (`@microsoft/microsoft-graph-client`): its retry
 * handler honours Retry-After on 429/503/504 (capped here by `retryMaxSeconds`), its redirect handler follows a
 * download's 302 to the pre-authenticated URL without carrying the token to another host, and its auth handler
 * attaches a token only to Graph's own host. Tokens come from `@azure/identity` (client secret or certificate).
 *
 * Nothing here logs a URL: a delta link carries the library's cursor and a download URL a `tempauth` token.
 */
import {
  AuthenticationHandler,
  Client,
  GraphError,
  HTTPMessageHandler,
  RedirectHandler,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { SharePointConfig } from '../../config/config.js';
import { ErrorCode, RoundsError } from '../../core/errors.js';
import type { Logger } from '../../logger.js';
import { createCredential, type TokenSource } from './credential.js';

/** Graph's answer when a delta link is too old to resume from: enumerate the whole library again. */

/** What @azure/identity and MSAL say when no answer came back, as opposed to a refusal (AADSTS…, invalid_client). */
const UNREACHABLE =
  /network_error|endpoints_resolution_error|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|fetch failed|socket hang up|getaddrinfo/i;
export class ResyncRequired extends Error {}

/** What to grant, with the app's own client id (an identifier, not a secret) filled in. */
export const sitesSelectedHint = (clientId: string) =>
  'The app registration needs the Microsoft Graph application permission Sites.Selected (with admin consent) and a ' +
  'read grant on this site: POST /v1.0/sites/{site-id}/permissions with ' +
  `{"roles":["read"],"grantedToIdentities":[{"application":{"id":"${clientId}","displayName":"Rounds"}}]} ` +
  '(docs/ingest.md → SharePoint document libraries).';

export interface GraphApiOptions {
  config: SharePointConfig;
  logger: Logger;
  /** Another token source (tests of the sign-in's failure modes); default: from the configuration. */
  credential?: TokenSource;
}

export class GraphApi {
  private readonly client: Client;
  private readonly credential: TokenSource;
  private readonly scope: string;
  private readonly origin: string;

  constructor(private readonly opts: GraphApiOptions) {
    const { config, logger } = opts;
    this.credential = opts.credential ?? createCredential(config);
    this.origin = config.graphUrl;
    this.scope = `${config.graphUrl}/.default`;
    const retry = new RetryHandlerOptions(1, 6, (_delay, attempt, _request, _options, response) => {
      const res = response as Response;
      logger.warn(
        { status: res.status, attempt, retryAfter: res.headers.get('retry-after') ?? null },
        'Microsoft Graph asked to slow down; retrying',
      );
      return true;
    });
    // The client copies these options with Object.assign, which keeps own properties only: the cap must be one.
    Object.assign(retry, { getMaxDelay: () => config.retryMaxSeconds });
    const auth = new AuthenticationHandler(new TokenCredentialAuthenticationProvider(this.credential, { scopes: [this.scope] }));
    const retryHandler = new RetryHandler(retry);
    const redirect = new RedirectHandler();
    auth.setNext(retryHandler);
    retryHandler.setNext(redirect);
    redirect.setNext(new HTTPMessageHandler());
    const host = new URL(config.graphUrl).hostname;
    this.client = Client.initWithMiddleware({
      baseUrl: config.graphUrl,
      middleware: auth,
      // Graph's own hosts are known to the client; a national cloud or the tests' local Graph must be named.
      ...(/(^|\.)graph\.microsoft\.com$/.test(host) ? {} : { customHosts: new Set([host]) }),
    });
  }

  /** Signs in once up front, so a refused sign-in is reported as such rather than as a failed Graph call. */
  async signIn(): Promise<void> {
    const { auth } = this.opts.config;
    try {
      const token = await this.credential.getToken(this.scope);
      if (!token) throw new Error('no token returned');
    } catch (cause) {
      const detail = String((cause as Error).message ?? cause)
        .split('\n')
        .filter((l) => l.trim())
        .slice(0, 3)
        .join(' ');
      // Entra ID never answered (no network, a proxy, a wrong authority host): not a refusal, nothing to fix in the app.
      if (UNREACHABLE.test(detail)) {
        throw new RoundsError(
          ErrorCode.SyncFailed,
          `Could not reach Microsoft Entra ID at ${this.opts.config.authorityHost} to sign in app ${auth.clientId}: ${detail}. ` +
            'Check the network, the proxy (HTTPS_PROXY) and SHAREPOINT_AUTHORITY_HOST; the sync is tried again at the next interval.',
          { cause },
        );
      }
      throw new RoundsError(
        ErrorCode.SyncForbidden,
        `Microsoft Entra ID refused the sign-in of app ${auth.clientId} in tenant ${auth.tenantId}: ${detail}. ` +
          `Check SHAREPOINT_TENANT_ID, SHAREPOINT_CLIENT_ID and ${auth.kind === 'secret' ? 'SHAREPOINT_CLIENT_SECRET (secrets expire)' : 'SHAREPOINT_CERTIFICATE_PATH (the certificate uploaded to the app registration)'}.`,
        { cause },
      );
    }
  }

  /** GET a Graph path (`/sites/…`) or a link Graph gave (`@odata.nextLink`, `@odata.deltaLink`). */
  async get<T>(pathOrLink: string, what: string, options: { expand?: string } = {}): Promise<T> {
    try {
      const request = this.client.api(this.relative(pathOrLink));
      if (options.expand) request.expand(options.expand);
      return (await request.get()) as T;
    } catch (error) {
      throw this.fault(error, what);
    }
  }

  /** A file's bytes (`/content` answers 302 to a pre-authenticated download URL, followed by the client). */
  async download(driveId: string, itemId: string, what: string): Promise<Buffer> {
    try {
      const body = (await this.client
        .api(`/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}/content`)
        .responseType(ResponseType.ARRAYBUFFER)
        .get()) as ArrayBuffer;
      return Buffer.from(body);
    } catch (error) {
      throw this.fault(error, what);
    }
  }

  /** A link from Graph must point at Graph: the token is never sent anywhere else. */
  private relative(pathOrLink: string): string {
    if (!/^https?:\/\//i.test(pathOrLink)) return pathOrLink;
    if (!pathOrLink.startsWith(`${this.origin}/`)) {
      throw new RoundsError(
        ErrorCode.SyncFailed,
        `Microsoft Graph returned a link to another host than ${this.origin}; refusing to follow it.`,
      );
    }
    return pathOrLink;
  }

  private fault(error: unknown, what: string): Error {
    if (error instanceof RoundsError) return error;
    if (!(error instanceof GraphError)) {
      return new RoundsError(ErrorCode.SyncFailed, `Could not ${what}: ${(error as Error).message}`, { cause: error });
    }
    const status = error.statusCode;
    const code = error.code ?? '';
    if (status === 410 || /resync/i.test(code)) return new ResyncRequired(code || 'resyncRequired');
    if (status === 401 || status === 403) {
      return new RoundsError(
        ErrorCode.SyncForbidden,
        `Microsoft Graph refused to ${what} (${status} ${code || 'accessDenied'}). ${sitesSelectedHint(this.opts.config.auth.clientId)}`,
        { cause: error },
      );
    }
    if (status === 404) {
      return new RoundsError(
        ErrorCode.SyncFailed,
        `Could not ${what}: Microsoft Graph says it does not exist (404 ${code}). Check the site, library and folder in rounds.config.yaml (sharepoint.libraries); with Sites.Selected a site not granted to the app can also read as missing. ${sitesSelectedHint(this.opts.config.auth.clientId)}`,
        { cause: error },
      );
    }
    if (status === -1) {
      const reason = error.message || error.body || error.code || 'no answer';
      return new RoundsError(ErrorCode.SyncFailed, `Could not ${what}: Microsoft Graph at ${this.origin} did not answer (${reason}).`, {
        cause: error,
      });
    }
    const throttled = status === 429 || status === 503 || status === 504;
    return new RoundsError(
      ErrorCode.SyncFailed,
      `Could not ${what}: Microsoft Graph answered ${status} ${code}${throttled ? ' after every retry the Retry-After allowed; the next sync resumes where this one stopped' : ''}.`,
      { cause: error },
    );
  }
}
