/**
 * A local Microsoft Graph and Entra ID token endpoint over HTTPS (test/setup/test-tls.ts), speaking their wire
 * format: the OpenID configuration and the client-credentials token grant (client secret, or a certificate's
 * signed client assertion); sites by `host:/path`, a site's drives; `/drives/{id}/root/delta` with
 * `@odata.nextLink` pages and an `@odata.deltaLink`, `deleted` facets, a renamed folder reported alone (its
 * children are not sent again, as Graph does), 410 `resyncRequired` for an expired link; an item with
 * `$expand=listItem($expand=fields)`; `/content` answering 302 to a pre-authenticated (`tempauth`) URL.
 * Faults on demand: 429/503 with Retry-After, a dropped connection, a request held forever, a revoked grant.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import { inject } from 'vitest';

interface Node {
  id: string;
  name: string;
  parentId?: string;
  folder: boolean;
  content: Buffer;
  fields: Record<string, unknown>;
  /** eTag counter: any change. */
  version: number;
  /** cTag counter: content changes. */
  contentVersion: number;
  seq: number;
  deleted: boolean;
  guid: string;
}

export interface GraphRequestLog {
  method: string;
  path: string;
  at: number;
  /** The bearer token the request carried (to tell instances apart). */
  token?: string;
  status?: number;
}

type Fault = { kind: 'status'; status: number; retryAfter?: string } | { kind: 'drop' } | { kind: 'hold' };

const MIME: Record<string, string> = {
  '.md': 'text/markdown',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pdf': 'application/pdf',
  '.html': 'text/html',
};

export class FakeGraph {
  readonly tenantId = randomUUID();
  readonly clientId = randomUUID();
  readonly clientSecret = `sp~${randomBytes(18).toString('base64url')}`;
  readonly siteHost = 'contoso.sharepoint.com';
  readonly sitePath = '/sites/clinical';
  readonly siteId = `contoso.sharepoint.com,${randomUUID()},${randomUUID()}`;
  readonly driveId = `b!${randomBytes(24).toString('base64url')}`;
  readonly driveName = 'Guidelines';
  url = '';
  pageSize = 3;
  /** Delay before each delta page is answered. */
  deltaDelayMs = 0;
  /** Application permissions in issued tokens; without Sites.Selected Graph refuses every call. */
  roles: string[] = ['Sites.Selected'];
  /** Whether the site granted the app read access (POST /sites/{id}/permissions). */
  siteGranted = true;
  /** The certificate (PEM) the app registration trusts for client assertions. */
  appCertificate?: string;
  readonly requests: GraphRequestLog[] = [];
  readonly issuedTokens: string[] = [];
  readonly tempauths: string[] = [];
  private readonly nodes = new Map<string, Node>();
  private readonly rootId = randomUUID();
  private seq = 1;
  private expiredBefore = 0;
  private faults: Array<{ match: (path: string) => boolean; fault: Fault; count: number }> = [];
  private server?: Server;
  private readonly held: Array<() => void> = [];

  /** `tls`: PEM files, for running the fake outside vitest (by hand); inside, the run's certificate. */
  async start(tls?: { cert: string; key: string }): Promise<this> {
    const cert = tls?.cert ?? inject('tlsCert');
    if (!cert) throw new Error('no test certificate: openssl is needed for the HTTPS fakes (test/setup/test-tls.ts)');
    this.server = createServer({ cert: readFileSync(cert), key: readFileSync(tls?.key ?? inject('tlsKey')) }, (req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'generalException', message: String(error) } }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const release of this.held.splice(0)) release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The environment Rounds needs to sign in here. */
  env(): Record<string, string> {
    return {
      SHAREPOINT_TENANT_ID: this.tenantId,
      SHAREPOINT_CLIENT_ID: this.clientId,
      SHAREPOINT_CLIENT_SECRET: this.clientSecret,
      SHAREPOINT_AUTHORITY_HOST: this.url,
      SHAREPOINT_GRAPH_URL: this.url,
    };
  }

  get site(): string {
    return `${this.siteHost}:${this.sitePath}`;
  }

  // --- the library -----------------------------------------------------------------------------------------

  private byPath(path: string): Node {
    const node = [...this.nodes.values()].find((n) => !n.deleted && this.pathOf(n) === path);
    if (!node) throw new Error(`fake graph: no item at ${path}`);
    return node;
  }

  private pathOf(node: Node): string | undefined {
    const parts = [node.name];
    let parent = node.parentId;
    while (parent && parent !== this.rootId) {
      const p = this.nodes.get(parent);
      if (!p || p.deleted) return undefined;
      parts.unshift(p.name);
      parent = p.parentId;
    }
    return parts.join('/');
  }

  private parentFor(path: string): string {
    const dir = path.split('/').slice(0, -1).join('/');
    return dir ? this.byPath(dir).id : this.rootId;
  }

  private touch(node: Node): void {
    node.seq = ++this.seq;
  }

  addFolder(path: string): string {
    return this.addNode(path, true, Buffer.alloc(0), {});
  }

  addFile(path: string, content: string | Buffer, fields: Record<string, unknown> = {}): string {
    return this.addNode(path, false, Buffer.from(content), fields);
  }

  private addNode(path: string, folder: boolean, content: Buffer, fields: Record<string, unknown>): string {
    const node: Node = {
      id: randomUUID(),
      name: path.split('/').at(-1) as string,
      parentId: this.parentFor(path),
      folder,
      content,
      fields,
      version: 1,
      contentVersion: 1,
      seq: 0,
      deleted: false,
      guid: randomUUID().toUpperCase(),
    };
    this.touch(node);
    this.nodes.set(node.id, node);
    return node.id;
  }

  /** A new version: new content and/or changed columns. */
  updateFile(path: string, change: { content?: string | Buffer; fields?: Record<string, unknown> }): void {
    const node = this.byPath(path);
    if (change.content !== undefined) {
      node.content = Buffer.from(change.content);
      node.contentVersion++;
    }
    if (change.fields) node.fields = { ...node.fields, ...change.fields };
    node.version++;
    this.touch(node);
  }

  rename(path: string, newName: string): void {
    const node = this.byPath(path);
    node.name = newName;
    node.version++;
    this.touch(node);
  }

  move(path: string, toFolder: string): void {
    const node = this.byPath(path);
    node.parentId = toFolder ? this.byPath(toFolder).id : this.rootId;
    node.version++;
    this.touch(node);
  }

  delete(path: string): void {
    const node = this.byPath(path);
    node.deleted = true;
    this.touch(node);
  }

  /** Every delta link issued so far is now too old: Graph answers 410 resyncRequired. */
  expireDeltaLinks(): void {
    this.expiredBefore = this.seq + 1;
  }

  /** The next `count` requests whose path matches get the fault. */
  fault(match: RegExp, fault: Fault, count = 1): void {
    this.faults.push({ match: (p) => match.test(p), fault, count });
  }

  deltaRequests(): GraphRequestLog[] {
    return this.requests.filter((r) => r.path.includes('/root/delta'));
  }

  // --- the wire ----------------------------------------------------------------------------------------------

  private itemJson(node: Node, withFields = false): Record<string, unknown> {
    if (node.deleted) {
      return {
        id: node.id,
        deleted: { state: 'deleted' },
        parentReference: { driveId: this.driveId, driveType: 'documentLibrary', id: node.parentId },
      };
    }
    const path = this.pathOf(node) ?? node.name;
    const ext = /\.[^.]+$/.exec(node.name)?.[0] ?? '';
    return {
      id: node.id,
      name: node.name,
      eTag: `"{${node.guid}},${node.version}"`,
      cTag: `"c:{${node.guid}},${node.contentVersion}"`,
      createdDateTime: '2026-01-05T09:00:00Z',
      lastModifiedDateTime: new Date().toISOString(),
      webUrl: `https://${this.siteHost}${this.sitePath}/${encodeURIComponent(this.driveName)}/${path.split('/').map(encodeURIComponent).join('/')}`,
      size: node.content.length,
      parentReference: { driveId: this.driveId, driveType: 'documentLibrary', id: node.parentId },
      ...(node.folder
        ? { folder: { childCount: [...this.nodes.values()].filter((n) => n.parentId === node.id && !n.deleted).length } }
        : {}),
      ...(!node.folder
        ? { file: { mimeType: MIME[ext] ?? 'application/octet-stream', hashes: { quickXorHash: randomBytes(20).toString('base64') } } }
        : {}),
      ...(withFields
        ? {
            listItem: {
              id: String(node.seq),
              fields: {
                '@odata.etag': `"${node.guid.toLowerCase()},${node.version}"`,
                FileLeafRef: node.name,
                _UIVersionString: `${node.version}.0`,
                ...node.fields,
              },
            },
          }
        : {}),
    };
  }

  private deltaPage(token: string | null): { status: number; body: unknown } {
    let since = 0;
    let upto = this.seq;
    let offset = 0;
    if (token) {
      const [s, u, o] = token.split('.').map(Number);
      since = s ?? 0;
      if (u !== undefined && !Number.isNaN(u)) upto = u;
      offset = o ?? 0;
      // A link from before the expiry is refused; a fresh full enumeration's own pages (since 0) stay valid.
      if (since > 0 && since < this.expiredBefore) {
        return {
          status: 410,
          body: {
            error: {
              code: 'resyncRequired',
              message:
                "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd.",
              innerError: { code: 'resyncChangesApplyDifferences', date: new Date().toISOString(), 'request-id': randomUUID() },
            },
          },
        };
      }
    }
    const nodes = [...this.nodes.values()]
      .filter((n) => (since === 0 ? !n.deleted : n.seq > since) && n.seq <= upto)
      .sort((a, b) => (since === 0 ? this.depth(a) - this.depth(b) || a.seq - b.seq : a.seq - b.seq));
    const all: Record<string, unknown>[] = [
      ...(since === 0
        ? [{ id: this.rootId, name: 'root', root: {}, folder: { childCount: 0 }, parentReference: { driveId: this.driveId } }]
        : []),
      ...nodes.map((n) => this.itemJson(n)),
    ];
    const slice = all.slice(offset, offset + this.pageSize);
    const base = `${this.url}/v1.0/drives/${this.driveId}/root/delta`;
    const more = offset + this.pageSize < all.length;
    return {
      status: 200,
      body: {
        '@odata.context': `${this.url}/v1.0/$metadata#Collection(driveItem)`,
        ...(more
          ? { '@odata.nextLink': `${base}?token=${since}.${upto}.${offset + this.pageSize}` }
          : { '@odata.deltaLink': `${base}?token=${upto}` }),
        value: slice,
      },
    };
  }

  private depth(node: Node): number {
    let d = 0;
    for (let p = node.parentId; p && p !== this.rootId; p = this.nodes.get(p)?.parentId) d++;
    return d;
  }

  private async handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const path = decodeURIComponent(url.pathname);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const auth = req.headers.authorization;
    const log: GraphRequestLog = { method: req.method ?? 'GET', path: `${path}${url.search}`, at: Date.now() };
    if (auth?.startsWith('Bearer ')) log.token = auth.slice(7);
    this.requests.push(log);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      log.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const fault = this.faults.find((f) => f.count > 0 && f.match(log.path));
    if (fault) {
      fault.count--;
      if (fault.fault.kind === 'drop') {
        log.status = -1;
        req.socket.destroy();
        return;
      }
      if (fault.fault.kind === 'hold') {
        log.status = 0;
        await new Promise<void>((resolve) => this.held.push(resolve));
        req.socket.destroy();
        return;
      }
      const { status, retryAfter } = fault.fault;
      const code = status === 429 ? 'activityLimitReached' : 'serviceNotAvailable';
      return send(status, { error: { code, message: 'The request has been throttled' } }, retryAfter ? { 'retry-after': retryAfter } : {});
    }

    // Entra ID
    const tenantPrefix = `/${this.tenantId}`;
    if (path === `${tenantPrefix}/v2.0/.well-known/openid-configuration` || path === `${tenantPrefix}/.well-known/openid-configuration`) {
      const base = `${this.url}/${this.tenantId}`;
      return send(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        tenant_region_scope: 'EU',
      });
    }
    if (path === `${tenantPrefix}/oauth2/v2.0/token` && req.method === 'POST') return this.token(new URLSearchParams(body), send);
    if (path.startsWith('/download/')) {
      const node = this.nodes.get(path.slice('/download/'.length));
      if (!node || node.deleted || !this.tempauths.includes(url.searchParams.get('tempauth') ?? ''))
        return send(404, { error: { code: 'itemNotFound' } });
      log.status = 200;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(node.content.length) });
      res.end(node.content);
      return;
    }

    // Graph
    if (!path.startsWith('/v1.0/')) return send(404, { error: { code: 'BadRequest', message: `Invalid version: ${path}` } });
    if (!log.token || !this.issuedTokens.includes(log.token)) {
      return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    }
    if (!this.roles.includes('Sites.Selected') && !this.roles.includes('Sites.Read.All')) {
      return send(403, { error: { code: 'AccessDenied', message: 'Either scp or roles claim need to be present in the token.' } });
    }
    if (!this.siteGranted) return send(403, { error: { code: 'accessDenied', message: 'Access denied' } });
    const rest = path.slice('/v1.0'.length);
    if (rest === `/sites/${this.siteHost}:${this.sitePath}` || rest === `/sites/${this.siteId}`) {
      return send(200, {
        id: this.siteId,
        name: 'clinical',
        displayName: 'Clinical guidelines',
        webUrl: `https://${this.siteHost}${this.sitePath}`,
      });
    }
    if (rest.startsWith('/sites/')) {
      if (rest === `/sites/${this.siteId}/drives`) {
        return send(200, {
          value: [
            { id: `b!${randomBytes(8).toString('hex')}`, name: 'Documents', driveType: 'documentLibrary' },
            { id: this.driveId, name: this.driveName, driveType: 'documentLibrary' },
          ],
        });
      }
      if (rest === `/sites/${this.siteId}/drive`)
        return send(200, { id: this.driveId, name: this.driveName, driveType: 'documentLibrary' });
      return send(404, { error: { code: 'itemNotFound', message: 'Requested site could not be found' } });
    }
    const drivePrefix = `/drives/${this.driveId}`;
    if (!rest.startsWith(drivePrefix)) return send(404, { error: { code: 'itemNotFound', message: 'The resource could not be found.' } });
    const inDrive = rest.slice(drivePrefix.length);
    if (inDrive === '/root/delta') {
      if (this.deltaDelayMs) await new Promise((r) => setTimeout(r, this.deltaDelayMs));
      const page = this.deltaPage(url.searchParams.get('token'));
      return send(page.status, page.body);
    }
    const item = /^\/items\/([^/]+)(\/content)?$/.exec(inDrive);
    const node = item ? this.nodes.get(item[1] as string) : undefined;
    if (!item || !node || node.deleted) return send(404, { error: { code: 'itemNotFound', message: 'The resource could not be found.' } });
    if (item[2]) {
      const tempauth = randomBytes(24).toString('base64url');
      this.tempauths.push(tempauth);
      log.status = 302;
      res.writeHead(302, { location: `${this.url}/download/${node.id}?tempauth=${tempauth}` });
      res.end();
      return;
    }
    return send(200, this.itemJson(node, (url.searchParams.get('$expand') ?? '').includes('listItem')));
  }

  private async token(form: URLSearchParams, send: (status: number, payload: unknown) => void): Promise<void> {
    const fail = (code: string, description: string) =>
      send(401, {
        error: code,
        error_description: description,
        error_codes: [7000215],
        timestamp: new Date().toISOString(),
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
      });
    if (form.get('grant_type') !== 'client_credentials')
      return send(400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003' });
    if (form.get('client_id') !== this.clientId)
      return fail(
        'unauthorized_client',
        `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`,
      );
    if (form.get('scope') !== `${this.url}/.default`)
      return send(400, {
        error: 'invalid_scope',
        error_description: `AADSTS1002012: The provided value for scope ${form.get('scope')} is not valid.`,
      });
    const assertion = form.get('client_assertion');
    if (assertion) {
      if (!this.appCertificate)
        return fail(
          'invalid_client',
          'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.',
        );
      try {
        const { alg } = decodeProtectedHeader(assertion);
        const key = await importX509(this.appCertificate, alg ?? 'RS256');
        const { payload } = await compactVerify(assertion, key);
        const claims = JSON.parse(new TextDecoder().decode(payload)) as { iss?: string; sub?: string; aud?: string };
        if (claims.iss !== this.clientId || claims.sub !== this.clientId) throw new Error('iss/sub');
      } catch {
        return fail('invalid_client', 'AADSTS700027: Client assertion failed signature validation.');
      }
    } else if (form.get('client_secret') !== this.clientSecret) {
      return fail(
        'invalid_client',
        'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
    }
    const token = `eyJ0eXAiOiJKV1QifQ.${randomBytes(32).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
    this.issuedTokens.push(token);
    send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  }
}
