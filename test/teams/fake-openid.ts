/**
 * A local stand-in for the Bot Framework's token signing service: an OpenID configuration and a JWKS with one
 * RSA key endorsed for msteams, plus a signer producing channel tokens as the Bot Framework does
 * (iss https://api.botframework.com, aud = the bot's app id, serviceurl claim). Lets tests prove that a correctly
 * signed activity is accepted, not only that unsigned ones are refused.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenId {
  metadataUrl: string;
  sign(claims: Record<string, unknown>, options?: { key?: KeyObject; kid?: string }): string;
  close(): Promise<void>;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export async function startFakeOpenId(): Promise<FakeOpenId> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const kid = 'rounds-test-key';
  let base = '';
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/v1/.well-known/keys` }));
    } else if (req.url === '/v1/.well-known/keys') {
      res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? kid }));
      const payload = b64url(
        JSON.stringify({ iss: 'https://api.botframework.com', nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims }),
      );
      const signature = createSign('RSA-SHA256')
        .update(`${header}.${payload}`)
        .sign(options.key ?? privateKey);
      return `${header}.${payload}.${b64url(signature)}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
