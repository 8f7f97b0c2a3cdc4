/**
 * Sign-ins the console must refuse, each driven over HTTP through the real openid-client against a provider
 * that forges one defect into an otherwise correct exchange: an ID token with a bad signature, for another
 * audience, expired, from another issuer, carrying a replayed nonce; a replayed or foreign `state`; a user
 * without the reviewer role. A refusal starts no session and records nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../harness.js';
import { type Defect, FORGING_CLIENT_ID, FORGING_CLIENT_SECRET, type ForgingProvider, startForgingProvider } from './forging-provider.js';
import { type SqliteConsole, startSqliteConsole } from './sqlite-console.js';

let idp: ForgingProvider;
let rounds: SqliteConsole;

beforeAll(async () => {
  idp = await startForgingProvider();
  const port = await freePort();
  rounds = await startSqliteConsole(port, {
    REVIEW_OIDC_ISSUER: idp.issuer,
    REVIEW_OIDC_CLIENT_ID: FORGING_CLIENT_ID,
    REVIEW_OIDC_CLIENT_SECRET: FORGING_CLIENT_SECRET,
    REVIEW_OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/review/callback`,
  });
});
afterAll(async () => {
  await rounds?.close();
  await idp?.close();
});

function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

interface SignIn {
  callbackUrl: string;
  loginCookie: string;
  res: Response;
  body: string;
}

/** Sign-in start → provider → callback, as a browser would follow it (no redirects followed automatically). */
async function signIn(defect: Defect): Promise<SignIn> {
  idp.defect = defect;
  const start = await fetch(`${rounds.url}/review/sign-in`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  const loginCookie = `rounds_review_signin=${cookiesOf(start).rounds_review_signin}`;
  const authorize = new URL(start.headers.get('location')!);
  expect(authorize.origin).toBe(idp.issuer);
  // PKCE with S256, a state and a nonce on every sign-in.
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const atProvider = await fetch(authorize, { redirect: 'manual' });
  const callbackUrl = atProvider.headers.get('location')!;
  const res = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: loginCookie } });
  return { callbackUrl, loginCookie, res, body: await res.text() };
}

function expectNoSession(res: Response): void {
  expect(cookiesOf(res).rounds_review ?? '').toBe('');
}

describe('OIDC sign-in refusals (real openid-client, forged provider answers)', () => {
  it('accepts an honest sign-in: session for the provider identity, console pages under the nonce CSP', async () => {
    const { res } = await signIn('none');
    expect(res.status).toBe(200);
    expect(res.headers.get('refresh')).toBe('0;url=/review');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'nonce-[^']+'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const session = cookiesOf(res).rounds_review;
    expect(session).toBeTruthy();
    expect(res.headers.getSetCookie().find((c) => c.startsWith('rounds_review='))).toMatch(/HttpOnly; SameSite=Strict; Max-Age=28800/);
    const page = await (await fetch(`${rounds.url}/review`, { headers: { cookie: `rounds_review=${session}` } })).text();
    expect(page).toContain('data-reviewer-id="carol.reviewer">Dr Carol Reviewer<');
  });

  const forged: [Defect, string, RegExp][] = [
    ['bad-signature', 'an ID token signed with a key the provider never published', /JWT signature verification failed/],
    ['wrong-audience', 'an ID token issued to another application', /unexpected JWT \\"aud\\" \(audience\) claim value/],
    ['expired', 'an expired ID token', /OAUTH_JWT_TIMESTAMP_CHECK_FAILED.*expiration is past current timestamp/],
    ['wrong-issuer', 'an ID token from another issuer', /unexpected JWT \\"iss\\" \(issuer\) claim value/],
    ['replayed-nonce', 'an ID token carrying the nonce of an earlier sign-in', /unexpected ID Token \\"nonce\\" claim value/],
  ];
  for (const [defect, what, logged] of forged) {
    it(`refuses ${what} (401, no session)`, async () => {
      await signIn('none'); // so that an earlier nonce exists to replay
      const before = idp.tokenRequests;
      const { res, body } = await signIn(defect);
      // The forged token really was delivered: the refusal is the client's, not the provider's.
      expect(idp.tokenRequests).toBe(before + 1);
      expect(res.status).toBe(401);
      expect(body).toContain('did not pass Rounds&#39; checks');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expectNoSession(res);
      const line = rounds.logs.filter((l) => l.includes('review_sign_in_refused')).at(-1) ?? '';
      expect(line).toMatch(logged);
      // The token never reaches the log.
      expect(rounds.logs.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\./);
    });
  }

  it('refuses a replayed state: the same callback a second time, and a callback in a browser that did not start it', async () => {
    const first = await signIn('none');
    expect(first.res.status).toBe(200);
    const again = await fetch(first.callbackUrl, { redirect: 'manual', headers: { cookie: first.loginCookie } });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already used or has expired');
    expectNoSession(again);
    const elsewhere = await fetch(first.callbackUrl, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('not started in this browser');
    expectNoSession(elsewhere);
  });

  it('refuses a user without the reviewer role with a 403, and nothing is recorded', async () => {
    const answerId = await rounds.seedAnswer('ans-no-role');
    const { res, body } = await signIn('no-role');
    expect(res.status).toBe(403);
    expect(body).toContain('does not give you the reviewer role (claim &quot;roles&quot;)');
    expectNoSession(res);
    // Whatever the browser holds, it cannot rate.
    const rate = await fetch(`${rounds.url}/review/rate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: Object.entries(cookiesOf(res))
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
      },
      body: new URLSearchParams({ answerId, value: 'up', csrf: 'x' }),
      redirect: 'manual',
    });
    expect(rate.status).toBe(401);
    expect(await rounds.ratings(answerId)).toEqual([]);
    expect(await rounds.events(answerId)).toEqual([]);
  });
});
