/** The review console's and /metrics' configuration: every wrong combination is refused with the fix. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

const dir = mkdtempSync(join(tmpdir(), 'rounds-review-config-'));
const OIDC = {
  REVIEW_OIDC_ISSUER: 'https://login.microsoftonline.com/0000-tenant/v2.0',
  REVIEW_OIDC_CLIENT_ID: 'client-id',
  REVIEW_OIDC_CLIENT_SECRET: 'client-secret',
  ROUNDS_PUBLIC_URL: 'https://rounds.hospital.example',
};
const load = (env: Record<string, string>) => loadConfig({ ROUNDS_DATA_DIR: join(dir, 'data'), ...env }, dir);

describe('review console configuration', () => {
  it('is off with neither OIDC nor a secret', () => {
    expect(load({}).review).toBeUndefined();
  });

  it('derives the redirect and post-logout URLs from ROUNDS_PUBLIC_URL and turns on HSTS for https', () => {
    const c = load(OIDC);
    expect(c.review?.oidc).toEqual({
      issuer: OIDC.REVIEW_OIDC_ISSUER,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      redirectUrl: 'https://rounds.hospital.example/review/callback',
      postLogoutRedirectUrl: 'https://rounds.hospital.example/review/signed-out',
      scopes: 'openid profile email',
      allowHttp: false,
    });
    expect(c.review?.sessionMinutes).toBe(480);
    expect(c.hsts).toBe(true);
    expect(load({ ...OIDC, ROUNDS_PUBLIC_URL: 'http://127.0.0.1:3978' }).hsts).toBe(false);
  });

  it('names what is missing from a partial OIDC setup', () => {
    expect(() => load({ REVIEW_OIDC_ISSUER: OIDC.REVIEW_OIDC_ISSUER })).toThrow(
      /REVIEW_OIDC_CLIENT_ID, REVIEW_OIDC_CLIENT_SECRET are not set.*docs\/review-console\.md/,
    );
    const { ROUNDS_PUBLIC_URL: _p, ...noUrl } = OIDC;
    expect(() => load(noUrl)).toThrow(/REVIEW_OIDC_REDIRECT_URL is not set.*\/review\/callback/);
  });

  it('refuses plain http to a provider or a redirect that is not on this machine', () => {
    expect(() => load({ ...OIDC, REVIEW_OIDC_ISSUER: 'http://idp.hospital.example/realms/rounds' })).toThrow(
      /REVIEW_OIDC_ISSUER .* is not https/,
    );
    expect(() => load({ ...OIDC, ROUNDS_PUBLIC_URL: 'http://rounds.hospital.example' })).toThrow(
      /REVIEW_OIDC_REDIRECT_URL .* is not https/,
    );
    const local = load({ ...OIDC, REVIEW_OIDC_ISSUER: 'http://localhost:8080/realms/rounds', ROUNDS_PUBLIC_URL: 'http://127.0.0.1:3978' });
    expect(local.review?.oidc?.allowHttp).toBe(true);
  });

  it('refuses a redirect URL Rounds does not serve, on another origin, and scopes without openid', () => {
    expect(() => load({ ...OIDC, REVIEW_OIDC_REDIRECT_URL: 'https://rounds.hospital.example/auth/callback' })).toThrow(
      /Rounds receives sign-ins at \/review\/callback.*https:\/\/rounds\.hospital\.example\/review\/callback/,
    );
    expect(() => load({ ...OIDC, REVIEW_OIDC_REDIRECT_URL: 'https://other.example/review/callback' })).toThrow(
      /is not on ROUNDS_PUBLIC_URL/,
    );
    expect(() => load({ ...OIDC, REVIEW_OIDC_SCOPES: 'profile email' })).toThrow(/must include openid/);
    expect(() => load({ ...OIDC, REVIEW_SESSION_MINUTES: '1' })).toThrow(/REVIEW_SESSION_MINUTES.*between 5 and 1440/);
  });

  it('refuses the shared secret with NODE_ENV=production unless explicitly allowed, and marks it for a warning', () => {
    const secret = { REVIEW_SECRET: 'a-local-secret-0123456789', NODE_ENV: 'production' };
    expect(() => load(secret)).toThrow(
      /REVIEW_SECRET .* refused with NODE_ENV=production.*REVIEW_OIDC_ISSUER.*REVIEW_SECRET_IN_PRODUCTION=true/,
    );
    expect(load({ ...secret, REVIEW_SECRET_IN_PRODUCTION: 'true' }).review).toMatchObject({
      secret: secret.REVIEW_SECRET,
      secretInProduction: true,
    });
    expect(load({ REVIEW_SECRET: secret.REVIEW_SECRET }).review?.secretInProduction).toBe(false);
    // OIDC in production is what the secret should give way to.
    expect(load({ ...OIDC, NODE_ENV: 'production' }).review?.oidc).toBeDefined();
  });

  it('reads the reviewer claim from rounds.config.yaml, with Entra app-role defaults, and refuses unknown keys', () => {
    expect(load({}).file.reviewers.oidc).toEqual({
      claim: 'roles',
      values: ['Rounds.Reviewer'],
      tenants: {},
      tenantClaim: 'tid',
      idClaim: 'sub',
    });
    const yaml = join(dir, 'groups.yaml');
    writeFileSync(
      yaml,
      'reviewers:\n  oidc:\n    claim: groups\n    values: [rounds-reviewers]\n    tenants:\n      tenant-a: [group-a]\n',
    );
    expect(load({ ROUNDS_CONFIG: yaml }).file.reviewers.oidc).toMatchObject({
      claim: 'groups',
      values: ['rounds-reviewers'],
      tenants: { 'tenant-a': ['group-a'] },
    });
    writeFileSync(yaml, 'reviewers:\n  oidc:\n    role: groups\n');
    expect(() => load({ ROUNDS_CONFIG: yaml })).toThrow(/reviewers\.oidc.*role/);
  });
});

describe('/metrics configuration', () => {
  it('knows when the server listens beyond loopback and takes a token of at least 16 characters', () => {
    expect(load({}).metrics).toEqual({ listensBeyondLoopback: false });
    expect(load({ HOST: '0.0.0.0' }).metrics).toEqual({ listensBeyondLoopback: true });
    expect(load({ HOST: '0.0.0.0', METRICS_TOKEN: 'metrics-token-0123456789' }).metrics.token).toBe('metrics-token-0123456789');
    expect(() => load({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters.*openssl rand/);
  });
});
