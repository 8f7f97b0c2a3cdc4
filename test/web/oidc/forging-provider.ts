/**
 * A hand-rolled OpenID Connect provider that can be told to misbehave, for the refusal tests: discovery, JWKS,
 * an authorization endpoint that signs the user in at once, and a token endpoint that checks client
 * authentication, the code and the PKCE verifier like a real one, then returns an ID token signed with `jose`,
 * honestly or with one defect. Rounds' side is the real openid-client; nothing here is shared with it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export const FORGING_CLIENT_ID = 'rounds-forged-tests';
export const FORGING_CLIENT_SECRET = 'client-secret-for-the-forging-provider-0123';

export type Defect = 'none' | 'bad-signature' | 'wrong-audience' | 'expired' | 'replayed-nonce' | 'no-role' | 'wrong-issuer';

interface Pending {
  nonce: string;
  challenge: string;
  redirectUri: string;
}

export interface ForgingProvider {
  issuer: string;
  /** What the next token response will do. */
  defect: Defect;
  /** Token requests seen (a refused token was still issued: the refusal is the client's). */
  tokenRequests: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

/** client_secret_basic (RFC 6749 §2.3.1): both parts form-urlencoded, then base64. */
function clientAuthenticated(header: string | undefined): boolean {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!m?.[1]) return false;
  const [user, pass] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
  const decode = (v: string | undefined) => decodeURIComponent((v ?? '').replace(/\+/g, ' '));
  return decode(user) === FORGING_CLIENT_ID && decode(pass) === FORGING_CLIENT_SECRET;
}

export async function startForgingProvider(): Promise<ForgingProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const issuer = `http://localhost:${port}`;
  const good = await generateKeyPair('RS256', { extractable: true });
  // Same kid as the published key: the forgery claims to be signed by the provider's key.
  const forger = await generateKeyPair('RS256');
  const publicJwk: JWK = { ...(await exportJWK(good.publicKey)), alg: 'RS256', use: 'sig', kid: 'k1' };
  const codes = new Map<string, Pending>();
  const nonces: string[] = [];

  const state: ForgingProvider = {
    issuer,
    defect: 'none',
    tokenRequests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  server.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    }
    if (url.pathname === '/jwks') return send(res, 200, { keys: [publicJwk] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== FORGING_CLIENT_ID || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256') {
        return send(res, 400, { error: 'invalid_request' });
      }
      const code = randomBytes(16).toString('hex');
      const nonce = q.get('nonce') ?? '';
      codes.set(code, { nonce, challenge: q.get('code_challenge') ?? '', redirectUri: q.get('redirect_uri') ?? '' });
      nonces.push(nonce);
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      state.tokenRequests += 1;
      if (!clientAuthenticated(req.headers.authorization)) return send(res, 401, { error: 'invalid_client' });
      const form = new URLSearchParams(await readBody(req));
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!pending || form.get('redirect_uri') !== pending.redirectUri) return send(res, 400, { error: 'invalid_grant' });
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
        return send(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      const d = state.defect;
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        name: 'Dr Carol Reviewer',
        roles: d === 'no-role' ? ['Ward.Staff'] : ['Rounds.Reviewer'],
        // The replay: the nonce of the first sign-in this provider saw, not this one's.
        nonce: d === 'replayed-nonce' ? nonces[0] : pending.nonce,
      };
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
        .setIssuer(d === 'wrong-issuer' ? 'https://evil.example' : issuer)
        .setSubject('carol.reviewer')
        .setAudience(d === 'wrong-audience' ? 'some-other-app' : FORGING_CLIENT_ID)
        .setIssuedAt(d === 'expired' ? now - 7200 : now)
        .setExpirationTime(d === 'expired' ? now - 3600 : now + 600);
      const idToken = await jwt.sign(d === 'bad-signature' ? forger.privateKey : good.privateKey);
      return send(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 600, id_token: idToken });
    }
    send(res, 404, { error: 'not_found' });
  });
  return state;
}
