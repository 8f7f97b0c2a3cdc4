/** The SharePoint configuration slice and the library columns: what is refused at start, and how columns read. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/config.js';
import { columnDate, readColumns } from '../../src/ingest/sharepoint/columns.js';

const library = { name: 'guidelines', site: 'contoso.sharepoint.com:/sites/clinical', library: 'Guidelines', collection: 'general' };

function load(sharepoint: unknown, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-sp-config-'));
  writeFileSync(join(dir, 'rounds.config.yaml'), stringify({ sharepoint }));
  return loadConfig({ ROUNDS_DATA_DIR: join(dir, 'data'), ...env }, dir);
}

const ids = { SHAREPOINT_TENANT_ID: 'tenant-guid', SHAREPOINT_CLIENT_ID: 'client-guid' };

describe('sharepoint configuration', () => {
  it('has no slice without libraries, and a complete one with them', () => {
    expect(loadConfig({ ROUNDS_DATA_DIR: '/tmp/x' }, mkdtempSync(join(tmpdir(), 'rounds-sp-none-'))).sharepoint).toBeUndefined();
    const config = load({ libraries: [library] }, { ...ids, SHAREPOINT_CLIENT_SECRET: 's3cret-value' });
    expect(config.sharepoint).toMatchObject({
      auth: { kind: 'secret', tenantId: 'tenant-guid', clientId: 'client-guid' },
      authorityHost: 'https://login.microsoftonline.com',
      graphUrl: 'https://graph.microsoft.com',
      syncMinutes: 15,
      retryMaxSeconds: 60,
      libraries: [{ ...library, columns: { version: '_UIVersionString' }, timeZone: 'UTC' }],
    });
  });

  it('names what to set when the sign-in is incomplete or ambiguous', () => {
    expect(() => load({ libraries: [library] })).toThrow(/SHAREPOINT_TENANT_ID and SHAREPOINT_CLIENT_ID are not set/);
    expect(() => load({ libraries: [library] }, ids)).toThrow(/neither SHAREPOINT_CERTIFICATE_PATH nor SHAREPOINT_CLIENT_SECRET/);
    expect(() => load({ libraries: [library] }, { ...ids, SHAREPOINT_CERTIFICATE_PATH: '/nonexistent/rounds.pem' })).toThrow(
      /SHAREPOINT_CERTIFICATE_PATH points to \/nonexistent\/rounds\.pem, which does not exist/,
    );
    expect(() =>
      load({ libraries: [library] }, { ...ids, SHAREPOINT_CLIENT_SECRET: 'x', SHAREPOINT_CERTIFICATE_PATH: '/etc/hosts' }),
    ).toThrow(/Set one/);
    expect(() =>
      load({ libraries: [library] }, { ...ids, SHAREPOINT_CLIENT_SECRET: 'x', SHAREPOINT_GRAPH_URL: 'http://graph.internal' }),
    ).toThrow(/SHAREPOINT_GRAPH_URL: must be an https URL/);
  });

  it('refuses a bad library entry with the key that is wrong', () => {
    const env = { ...ids, SHAREPOINT_CLIENT_SECRET: 'x' };
    expect(() => load({ libraries: [{ ...library, timeZone: 'Mars/Olympus' }] }, env)).toThrow(
      /sharepoint\.libraries\.0\.timeZone: must be an IANA time zone/,
    );
    expect(() => load({ libraries: [{ ...library, drive: 'b!abc' }] }, env)).toThrow(
      /either library \(its name\) or drive \(its id\), not both/,
    );
    expect(() => load({ libraries: [library, library] }, env)).toThrow(/library names must be unique/);
    expect(() => load({ libraries: [{ ...library, name: 'Clinical Guidelines' }] }, env)).toThrow(/sharepoint\.libraries\.0\.name/);
    expect(() => load({ libraries: [{ ...library, columns: { reviewBy: 'ReviewDate' } }] }, env)).toThrow(/reviewBy/);
  });
});

describe('library columns', () => {
  it('reads date columns in the site time zone', () => {
    expect(columnDate('2027-03-31T23:00:00Z', 'Europe/London')).toBe('2027-04-01');
    expect(columnDate('2027-01-31T23:00:00Z', 'Europe/London')).toBe('2027-01-31');
    expect(columnDate('2027-01-31T23:00:00Z', 'Europe/Rome')).toBe('2027-02-01');
    expect(columnDate('2027-05-01', 'UTC')).toBe('2027-05-01');
    expect(columnDate('soon', 'UTC')).toEqual({ error: 'is "soon", not a date' });
  });

  it('maps columns to metadata, falls back to the eTag for the version, and refuses a Person column as owner', () => {
    const lib = { ...library, columns: { version: '_UIVersionString', review_by: 'ReviewDate', owner: 'Owner' }, timeZone: 'UTC' };
    const item = {
      id: '1',
      eTag: '"{ABC},7"',
      webUrl: 'https://x/y.docx',
      listItem: { fields: { ReviewDate: '2028-02-01T00:00:00Z', Owner: 'Pharmacy' } },
    };
    expect(readColumns(item, lib)).toEqual({
      meta: { version: '7', reviewBy: '2028-02-01', owner: 'Pharmacy', webUrl: 'https://x/y.docx' },
    });
    expect(readColumns({ ...item, listItem: { fields: { _UIVersionString: '3.0' } } }, lib)).toEqual({
      meta: { version: '3.0', webUrl: 'https://x/y.docx' },
    });
    expect(readColumns({ ...item, listItem: { fields: { ReviewDate: 'next year' } } }, lib)).toEqual({
      error: 'column ReviewDate is "next year", not a date',
    });
    expect(readColumns({ ...item, listItem: { fields: { Owner: { LookupId: 12 } } } }, lib)).toMatchObject({
      error: expect.stringMatching(/Person column/),
    });
  });
});
