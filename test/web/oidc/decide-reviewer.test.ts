/** Who an ID token names and whether the configured role or group claim makes them a reviewer. */
import { describe, expect, it } from 'vitest';
import { decideReviewer, type ReviewerClaimConfig } from '../../../adapters/web/oidc-login.js';

const entra: ReviewerClaimConfig = { claim: 'roles', values: ['Rounds.Reviewer'], tenants: {}, tenantClaim: 'tid', idClaim: 'sub' };

describe('decideReviewer', () => {
  it('takes id and name from the token and the role from an Entra app-role claim', () => {
    expect(decideReviewer({ sub: 's1', name: 'Dr A', tid: 't1', roles: ['Other', 'Rounds.Reviewer'] }, entra)).toEqual({
      ok: true,
      id: 's1',
      name: 'Dr A',
      tenant: 't1',
    });
    expect(decideReviewer({ sub: 's1', preferred_username: 'a@h.example', roles: 'Rounds.Reviewer' }, entra)).toMatchObject({
      ok: true,
      name: 'a@h.example',
    });
  });

  it('refuses a user whose claim lacks the value, or lacks the claim', () => {
    expect(decideReviewer({ sub: 's2', name: 'B', roles: ['Ward.Staff'] }, entra)).toEqual({
      ok: false,
      reason: 'not_reviewer',
      id: 's2',
      name: 'B',
      claim: 'roles',
    });
    expect(decideReviewer({ sub: 's2', groups: ['Rounds.Reviewer'] }, entra)).toMatchObject({ ok: false, reason: 'not_reviewer' });
  });

  it('grants per-tenant groups only in that tenant', () => {
    const groups: ReviewerClaimConfig = { ...entra, claim: 'groups', values: [], tenants: { 'tenant-a': ['g-a'] } };
    expect(decideReviewer({ sub: 's', tid: 'tenant-a', groups: ['g-a'] }, groups)).toMatchObject({ ok: true, tenant: 'tenant-a' });
    expect(decideReviewer({ sub: 's', tid: 'tenant-b', groups: ['g-a'] }, groups)).toMatchObject({ ok: false, reason: 'not_reviewer' });
    expect(decideReviewer({ sub: 's', groups: ['g-a'] }, groups)).toMatchObject({ ok: false, reason: 'not_reviewer' });
  });

  it('uses the configured id claim and refuses a token without a usable one', () => {
    expect(decideReviewer({ sub: 'pairwise', oid: 'object-id', roles: ['Rounds.Reviewer'] }, { ...entra, idClaim: 'oid' })).toMatchObject({
      id: 'object-id',
    });
    expect(decideReviewer({ roles: ['Rounds.Reviewer'] }, { ...entra, idClaim: 'oid' })).toEqual({
      ok: false,
      reason: 'no_identity',
      claim: 'oid',
    });
    expect(decideReviewer({ sub: 'a\nb', roles: ['Rounds.Reviewer'] }, entra)).toMatchObject({ ok: false, reason: 'no_identity' });
  });
});
