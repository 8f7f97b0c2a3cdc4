/**
 * A real OpenID Connect provider for the tests: the certified `oidc-provider` package, on its own loopback
 * port under the host name `localhost` (Rounds runs on 127.0.0.1, so the two are different sites, as a hospital's
 * identity provider and Rounds are). Its development sign-in pages accept any password; the account named
 * decides the claims, so one account holds the reviewer app role and one does not.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';

export const CLIENT_ID = 'rounds-review-console';
export const CLIENT_SECRET = 'client-secret-for-the-test-provider-0123456789';
export const REVIEWER_ROLE = 'Rounds.Reviewer';

export interface TestAccount {
  name: string;
  email: string;
  roles: string[];
}

export const ACCOUNTS: Record<string, TestAccount> = {
  'alice.reviewer': { name: 'Dr Alice Reviewer', email: 'alice@hospital.example', roles: [REVIEWER_ROLE] },
  'bob.nurse': { name: 'Bob Nurse', email: 'bob@hospital.example', roles: ['Ward.Staff'] },
};

export interface IdentityProvider {
  issuer: string;
  provider: Provider;
  close(): Promise<void>;
}

/** Starts the provider; `roundsOrigin` is where Rounds listens (its callback and signed-out URLs are registered). */
export async function startIdentityProvider(roundsOrigin: string): Promise<IdentityProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const issuer = `http://localhost:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key-1' };

  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${roundsOrigin}/review/callback`],
        post_logout_redirect_uris: [`${roundsOrigin}/review/signed-out`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk as never] },
    // Entra ID puts app roles in the ID token; here the `roles` scope carries them.
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], roles: ['roles'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['cookie-key-for-the-test-provider'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    findAccount: async (_ctx, id) => {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: account.name, email: account.email, roles: account.roles }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  server.on('request', provider.callback());
  return {
    issuer,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
