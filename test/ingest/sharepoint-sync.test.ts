/**
 * SharePoint sync end to end in one process: a local Microsoft Graph and Entra ID (test/fakes/fake-graph.ts, over
 * HTTPS), the real `@azure/identity` and Graph clients, a real embedded Chroma and the real answer pipeline.
 * The tests run in order on one library, as a knowledge team would change it over a week.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { ErrorCode, isRoundsError } from '../../src/core/errors.js';
import type { Question } from '../../src/core/types.js';
import { libraryPaths } from '../../src/ingest/sharepoint/library-state.js';
import { type SyncOptions, syncSharePoint } from '../../src/ingest/sharepoint/sync.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { guideline, sharepointFile, wordGuideline } from './sharepoint-helpers.js';

const all = { name: 'all', collections: ['*'], followUps: true, feedbackButtons: true };
const q = (text: string): Question => ({ text, platform: 'cli' });

let graph: FakeGraph;
let rt: TestRuntime;
let knowledge: string;
const { logger, logs } = captureLogger('debug');

beforeAll(async () => {
  graph = await new FakeGraph().start();
  knowledge = mkdtempSync(join(tmpdir(), 'rounds-sp-kb-'));
  writeFileSync(
    join(knowledge, 'hand-hygiene.md'),
    '---\nid: hand-hygiene\ncollection: general\nversion: "1"\n---\n# Hand hygiene\n\n## When\n\nClean hands with alcohol rub before and after every contact with a capybara enclosure.\n',
  );
  rt = await createTestRuntime({ knowledgeDir: knowledge, env: graph.env(), file: { sharepoint: sharepointFile(graph) } });
}, 120_000);

afterAll(async () => {
  await rt?.cleanup();
  await graph?.close();
});

function sync(extra: Partial<SyncOptions> = {}) {
  return syncSharePoint({
    config: rt.config.sharepoint!,
    dataDir: rt.dataDir,
    logger,
    kb: rt.kb,
    collection: rt.config.env.CHROMA_COLLECTION,
    ...extra,
  });
}

const ask = (text: string) => answer(q(text), rt.answerDeps, { profile: all });

async function chunksOf(docId: string) {
  const out = [];
  for await (const page of rt.kb.index.scan({ includeText: true })) out.push(...page.filter((c) => c.meta.docId === docId));
  return out;
}

describe('rounds sync sharepoint (in process)', () => {
  it('answers a new file after one sync, with the library version, review date, owner and link', async () => {
    graph.addFolder('Approved');
    graph.addFolder('Approved/Adult');
    graph.addFolder('Drafts');
    graph.addFile(
      'Approved/Adult/Okapi fever.md',
      guideline('Okapi fever in adults', 'Treatment', 'Treat okapi fever with 40 mg of zorbamycin twice daily for five days.'),
      { ReviewDate: '2027-03-31T23:00:00Z', EffectiveDate: '2025-06-01T00:00:00Z', GuidelineOwner: 'Infection prevention team' },
    );
    graph.addFile(
      'Approved/Adult/Tapir bites.docx',
      await wordGuideline('Tapir bites', 'Wound care', 'Irrigate a tapir bite with 500 mL of saline before closure.'),
      { ReviewDate: '2028-01-01T00:00:00Z' },
    );
    graph.addFile('Approved/Adult/Rota.xlsx', 'not a guideline');
    graph.addFile(
      'Drafts/Okapi fever draft.md',
      guideline('Okapi fever draft', 'Draft', 'Draft: treat okapi fever with 90 mg of quaxitol.'),
    );

    const [report] = await sync();
    expect(report?.changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual([
      'added Adult/Okapi fever.md',
      'added Adult/Tapir bites.docx',
    ]);
    expect(report?.skipped).toEqual([{ path: 'Adult/Rota.xlsx', reason: expect.stringMatching(/unsupported file type ".xlsx"/) }]);
    expect(report?.ingest).toMatchObject({ added: 2, removed: 0 });
    expect(report?.full).toBe(true);

    const a = await ask('What dose of zorbamycin treats okapi fever?');
    expect(a.status).toBe('answered');
    expect(a.text).toMatch(/40 mg of zorbamycin/);
    expect(a.citations[0]).toMatchObject({
      docId: 'guidelines/adult/okapi-fever',
      title: 'Okapi fever in adults',
      version: '1.0',
      effective: '2025-06-01',
      // 2027-03-31T23:00:00Z is midnight of 1 April in London (summer time): the date people typed.
      reviewBy: '2027-04-01',
      publisher: 'Infection prevention team',
      source: expect.stringMatching(
        /^https:\/\/contoso\.sharepoint\.com\/sites\/clinical\/Guidelines\/Approved\/Adult\/Okapi%20fever\.md$/,
      ),
    });
    expect((await ask('How do I irrigate a tapir bite?')).text).toMatch(/500 mL of saline/);
    // Outside the configured folder: never synced.
    expect(await chunksOf('guidelines/okapi-fever-draft')).toHaveLength(0);
    expect((await ask('What dose of quaxitol treats okapi fever?')).text).not.toMatch(/90 mg/);
    // The knowledge folder is still answered beside the library.
    expect((await ask('When should I clean my hands at the capybara enclosure?')).status).toBe('answered');
  });

  it('replaces an edited file by its new version in answers and citations, and follows a changed review date', async () => {
    graph.updateFile('Approved/Adult/Okapi fever.md', {
      content: guideline('Okapi fever in adults', 'Treatment', 'Treat okapi fever with 60 mg of zorbamycin once daily for seven days.'),
    });
    const [report] = await sync();
    expect(report?.changes).toEqual([{ kind: 'updated', path: 'Adult/Okapi fever.md', version: '2.0' }]);
    expect(report?.ingest).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
    const a = await ask('What dose of zorbamycin treats okapi fever?');
    expect(a.text).toMatch(/60 mg of zorbamycin/);
    expect(a.citations[0]).toMatchObject({ docId: 'guidelines/adult/okapi-fever', version: '2.0' });
    const chunks = await chunksOf('guidelines/adult/okapi-fever');
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.some((c) => c.text.includes('40 mg'))).toBe(false);

    // Only a column changes: the review date has passed, and the citation says so.
    graph.updateFile('Approved/Adult/Okapi fever.md', { fields: { ReviewDate: '2024-01-31T00:00:00Z' } });
    const [meta] = await sync();
    expect(meta?.changes).toEqual([{ kind: 'updated', path: 'Adult/Okapi fever.md', version: '3.0', metadataOnly: true }]);
    const b = await ask('What dose of zorbamycin treats okapi fever?');
    expect(b.citations[0]).toMatchObject({ version: '3.0', reviewBy: '2024-01-31' });
    expect(b.citations[0]?.warnings).toEqual([{ kind: 'past_review', reviewBy: '2024-01-31' }]);
  });

  it('follows a renamed folder (whose files Graph does not send again) and removes a file moved out of the folder', async () => {
    graph.rename('Approved/Adult', 'Adults');
    graph.move('Approved/Adults/Tapir bites.docx', 'Drafts');
    const [report] = await sync();
    expect(report?.changes.map((c) => `${c.kind} ${c.from ?? ''}→${c.path}`).sort()).toEqual([
      'removed →Adult/Tapir bites.docx',
      'renamed Adult/Okapi fever.md→Adults/Okapi fever.md',
    ]);
    // A document's id comes from its path, as in a knowledge folder: the renamed one is the old id removed and the new added.
    expect(report?.ingest).toMatchObject({ added: 1, removed: 2 });
    const a = await ask('What dose of zorbamycin treats okapi fever?');
    expect(a.text).toMatch(/60 mg of zorbamycin/);
    expect(a.citations[0]?.docId).toBe('guidelines/adults/okapi-fever');
    expect(a.citations[0]?.source).toMatch(/Approved\/Adults\/Okapi%20fever\.md$/);
    expect(await chunksOf('guidelines/adult/okapi-fever')).toHaveLength(0);
    expect(await chunksOf('guidelines/adult/tapir-bites')).toHaveLength(0);
    expect((await ask('How do I irrigate a tapir bite?')).citations.some((c) => c.snippet.includes('500 mL'))).toBe(false);
  });

  it('keeps the previous version answering when a new one fails to parse, and reports it', async () => {
    graph.addFile(
      'Approved/Adults/Sloth sedation.docx',
      await wordGuideline('Sloth sedation', 'Dose', 'Sedate a sloth with 2 mg/kg of ketamine intramuscularly.'),
    );
    await sync();
    expect((await ask('What dose of ketamine sedates a sloth?')).text).toMatch(/2 mg\/kg of ketamine/);
    graph.updateFile('Approved/Adults/Sloth sedation.docx', { content: Buffer.from('PK\u0003\u0004 this is not a Word file') });
    const [report] = await sync();
    expect(report?.changes).toEqual([{ kind: 'updated', path: 'Adults/Sloth sedation.docx', version: '2.0' }]);
    expect(report?.failed).toEqual([{ path: 'Adults/Sloth sedation.docx', reason: expect.any(String) }]);
    const a = await ask('What dose of ketamine sedates a sloth?');
    expect(a.text).toMatch(/2 mg\/kg of ketamine/);
    expect(a.citations[0]).toMatchObject({ docId: 'guidelines/adults/sloth-sedation', version: '1.0' });
  });

  it('never quotes a deleted file again', async () => {
    graph.delete('Approved/Adults/Sloth sedation.docx');
    const [report] = await sync();
    expect(report?.changes).toEqual([{ kind: 'removed', path: 'Adults/Sloth sedation.docx' }]);
    expect(report?.ingest).toMatchObject({ removed: 1 });
    expect(await chunksOf('guidelines/adults/sloth-sedation')).toHaveLength(0);
    const a = await ask('What dose of ketamine sedates a sloth?');
    expect(a.citations.some((c) => c.docId === 'guidelines/adults/sloth-sedation')).toBe(false);
    expect(a.text).not.toMatch(/2 mg\/kg of ketamine/);
  });

  it('leaves library documents alone when the knowledge folder is ingested, and the folder alone when the library syncs', async () => {
    const summary = await rt.kb.ingest(knowledge);
    expect(summary).toMatchObject({ removed: 0, unchanged: 1 });
    expect(await chunksOf('guidelines/adults/okapi-fever')).not.toHaveLength(0);
    await sync();
    expect(await chunksOf('hand-hygiene')).not.toHaveLength(0);
  });

  it('lists what would change with a dry run and changes nothing', async () => {
    graph.addFile(
      'Approved/Adults/Pangolin scales.md',
      guideline('Pangolin scales', 'Handling', 'Handle pangolin scales with nitrile gloves only.'),
    );
    graph.updateFile('Approved/Adults/Okapi fever.md', {
      content: guideline('Okapi fever in adults', 'Treatment', 'Treat okapi fever with 80 mg of zorbamycin once daily.'),
    });
    const paths = libraryPaths(rt.dataDir, 'guidelines');
    const before = readFileSync(paths.state, 'utf8');
    const [dry] = await sync({ dryRun: true, kb: undefined });
    expect(dry?.dryRun).toBe(true);
    expect(dry?.changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual([
      'added Adults/Pangolin scales.md',
      'updated Adults/Okapi fever.md',
    ]);
    expect(dry?.ingest).toBeUndefined();
    expect(readFileSync(paths.state, 'utf8')).toBe(before);
    expect(existsSync(join(paths.files, 'Adults/Pangolin scales.md'))).toBe(false);
    expect((await ask('What dose of zorbamycin treats okapi fever?')).text).toMatch(/60 mg/);

    const [real] = await sync();
    expect(real?.changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual([
      'added Adults/Pangolin scales.md',
      'updated Adults/Okapi fever.md',
    ]);
    expect((await ask('What dose of zorbamycin treats okapi fever?')).text).toMatch(/80 mg/);
  });

  it('honours Retry-After on 429 and 503, capping a long one at retryMaxSeconds', async () => {
    graph.addFile(
      'Approved/Adults/Aardvark anaesthesia.md',
      guideline('Aardvark anaesthesia', 'Induction', 'Induce an aardvark with 3 mg/kg of propofol.'),
    );
    graph.fault(/\/root\/delta/, { kind: 'status', status: 429, retryAfter: '1' });
    graph.fault(/\/items\/[^/]+\?/, { kind: 'status', status: 503, retryAfter: '3600' });
    const from = graph.requests.length;
    const [report] = await sync();
    expect(report?.changes.map((c) => c.path)).toEqual(['Adults/Aardvark anaesthesia.md']);
    const log = graph.requests.slice(from);
    const throttled = log.findIndex((r) => r.status === 429);
    const retried = log.slice(throttled + 1).find((r) => r.path === log[throttled]?.path);
    expect(retried, 'the throttled delta request was retried').toBeDefined();
    expect((retried?.at ?? 0) - (log[throttled]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    const unavailable = log.findIndex((r) => r.status === 503);
    const again = log.slice(unavailable + 1).find((r) => r.path === log[unavailable]?.path);
    const waited = (again?.at ?? 0) - (log[unavailable]?.at ?? 0);
    // Retry-After asked for an hour; retryMaxSeconds (2) caps the wait (the client adds under a second of jitter).
    expect(waited).toBeGreaterThanOrEqual(1900);
    expect(waited).toBeLessThan(60_000);
    expect(logs.join('')).toMatch(/Microsoft Graph asked to slow down/);
    expect((await ask('What dose of propofol induces an aardvark?')).text).toMatch(/3 mg\/kg of propofol/);
  });

  it('enumerates the whole library again when Graph answers 410 resyncRequired, and drops what is gone', async () => {
    graph.expireDeltaLinks();
    graph.delete('Approved/Adults/Pangolin scales.md');
    graph.addFile(
      'Approved/Adults/Kinkajou colic.md',
      guideline('Kinkajou colic', 'Fluids', 'Give a kinkajou with colic 20 mL/kg of warm Hartmann solution.'),
    );
    const from = graph.requests.length;
    const [report] = await sync();
    const deltas = graph.requests.slice(from).filter((r) => r.path.includes('/root/delta'));
    expect(deltas[0]?.status).toBe(410);
    expect(deltas[1]?.path).toMatch(/\/root\/delta$/);
    expect(report).toMatchObject({ resynced: true, full: true });
    expect(report?.changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual([
      'added Adults/Kinkajou colic.md',
      'removed Adults/Pangolin scales.md',
    ]);
    expect(await chunksOf('guidelines/adults/pangolin-scales')).toHaveLength(0);
    expect((await ask('How much Hartmann solution for a kinkajou with colic?')).text).toMatch(/20 mL\/kg/);
    // Unchanged files were not downloaded again.
    expect(graph.requests.slice(from).filter((r) => r.path.endsWith('/content'))).toHaveLength(1);
  });

  it('resumes an interrupted sync from its last stored link, answering from the previous versions meanwhile', async () => {
    graph.pageSize = 2;
    graph.updateFile('Approved/Adults/Okapi fever.md', {
      content: guideline('Okapi fever in adults', 'Treatment', 'Treat okapi fever with 100 mg of zorbamycin once daily.'),
    });
    graph.addFile('Approved/Adults/Numbat nutrition.md', guideline('Numbat nutrition', 'Diet', 'Feed a numbat 20,000 termites a day.'));
    graph.addFile('Approved/Adults/Quoll quarantine.md', guideline('Quoll quarantine', 'Isolation', 'Isolate a new quoll for 30 days.'));
    // The second page of the round never arrives: the connection drops (as when the process or network dies).
    graph.fault(/\/root\/delta\?token=\d+\.\d+\.2$/, { kind: 'drop' });
    const from = graph.requests.length;
    const error = await sync().catch((e: unknown) => e);
    expect(isRoundsError(error, ErrorCode.SyncFailed)).toBe(true);
    const state = JSON.parse(readFileSync(libraryPaths(rt.dataDir, 'guidelines').state, 'utf8')) as { link: string };
    expect(state.link).toMatch(/token=\d+\.\d+\.2$/);
    // Nothing half-done reached the answers: the previous version still answers, the new files are not there yet.
    expect((await ask('What dose of zorbamycin treats okapi fever?')).text).toMatch(/80 mg/);
    expect(await chunksOf('guidelines/adults/numbat-nutrition')).toHaveLength(0);

    const resumedAt = graph.requests.length;
    const [report] = await sync();
    const firstDelta = graph.requests.slice(resumedAt).find((r) => r.path.includes('/root/delta'));
    expect(firstDelta?.path).toBe(graph.requests.slice(from).find((r) => r.status === -1)?.path);
    expect(report?.changes.map((c) => `${c.kind} ${c.path}`).sort()).toEqual([
      'added Adults/Numbat nutrition.md',
      'added Adults/Quoll quarantine.md',
      'updated Adults/Okapi fever.md',
    ]);
    expect((await ask('What dose of zorbamycin treats okapi fever?')).text).toMatch(/100 mg/);
    expect((await ask('How long should a new quoll be isolated?')).text).toMatch(/30 days/);
    graph.pageSize = 3;
  });

  it('names the permission when Graph or Entra ID refuses', async () => {
    graph.siteGranted = false;
    const denied = await sync().catch((e: unknown) => e);
    expect(isRoundsError(denied, ErrorCode.SyncForbidden)).toBe(true);
    expect((denied as Error).message).toMatch(/Sites\.Selected/);
    expect((denied as Error).message).toMatch(/POST \/v1\.0\/sites\/\{site-id\}\/permissions/);
    expect((denied as Error).message).toContain(`"application":{"id":"${graph.clientId}"`);
    graph.siteGranted = true;

    graph.roles = [];
    const noRole = await sync().catch((e: unknown) => e);
    expect(isRoundsError(noRole, ErrorCode.SyncForbidden)).toBe(true);
    expect((noRole as Error).message).toMatch(/403 AccessDenied.*Sites\.Selected/);
    graph.roles = ['Sites.Selected'];

    const badSecret = {
      ...rt.config.sharepoint!,
      auth: {
        ...(rt.config.sharepoint!.auth as { kind: 'secret'; tenantId: string; clientId: string; secret: string }),
        secret: 'expired-secret-value',
      },
    };
    const refused = await sync({ config: badSecret }).catch((e: unknown) => e);
    expect(isRoundsError(refused, ErrorCode.SyncForbidden)).toBe(true);
    expect((refused as Error).message).toMatch(/refused the sign-in.*AADSTS7000215.*SHAREPOINT_CLIENT_SECRET/s);

    // No answer at all (offline, a proxy, a wrong authority host) is not a refusal: it says to check the network.
    const offline = { ...rt.config.sharepoint!, authorityHost: 'https://127.0.0.1:1' };
    const unreachable = await sync({ config: offline }).catch((e: unknown) => e);
    expect(isRoundsError(unreachable, ErrorCode.SyncFailed), String(unreachable)).toBe(true);
    expect((unreachable as Error).message).toMatch(/Could not reach Microsoft Entra ID at https:\/\/127\.0\.0\.1:1 .*Check the network/s);
    expect((unreachable as Error).message).not.toMatch(/refused/);
  });

  it('signs in with a certificate (ClientCertificateCredential) as well as a secret', async () => {
    const { inject } = await import('vitest');
    const pem = `${readFileSync(inject('tlsKey'), 'utf8')}\n${readFileSync(inject('tlsCert'), 'utf8')}`;
    graph.appCertificate = readFileSync(inject('tlsCert'), 'utf8');
    const file = join(mkdtempSync(join(tmpdir(), 'rounds-sp-cert-')), 'rounds-app.pem');
    writeFileSync(file, pem, { mode: 0o600 });
    const { tenantId, clientId } = rt.config.sharepoint!.auth;
    const config = { ...rt.config.sharepoint!, auth: { kind: 'certificate' as const, tenantId, clientId, certificatePath: file } };
    const tokens = graph.issuedTokens.length;
    const [report] = await sync({ config });
    expect(report?.changes).toEqual([]);
    expect(graph.issuedTokens.length).toBe(tokens + 1);
  });

  it('never writes the client secret, an access token or a download token to the logs', () => {
    const text = logs.join('');
    expect(text).toMatch(/SharePoint sync finished/);
    expect(graph.issuedTokens.length).toBeGreaterThan(0);
    expect(graph.tempauths.length).toBeGreaterThan(0);
    expect(text).not.toContain(graph.clientSecret);
    for (const token of graph.issuedTokens) expect(text).not.toContain(token);
    for (const tempauth of graph.tempauths) expect(text).not.toContain(tempauth);
    expect(text).not.toMatch(/token=\d/);
  });
});
