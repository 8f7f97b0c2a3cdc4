/**
 * `rounds sync sharepoint` and the scheduled sync in `rounds start`: for each configured library, Graph's delta
 * round (delta-round.ts), the local mirror brought in line (mirror.ts), then the mirror ingested through the
 * same incremental path as a knowledge folder, scoped to the library (`sharepoint://<name>/…` paths), with the
 * library's columns as the documents' metadata. So a changed file replaces exactly its own chunks, a deleted one
 * leaves the index, and one that fails to parse keeps its previous version, as for a folder.
 */
import { mkdirSync } from 'node:fs';
import type { SharePointConfig, SharePointLibrary } from '../../config/config.js';
import { ErrorCode, RoundsError } from '../../core/errors.js';
import type { Logger } from '../../logger.js';
import type { IngestSummary, KnowledgeBase } from '../knowledge-base.js';
import { slugId } from '../load-documents.js';
import type { LoadFailure, SourceDocument } from '../source-document.js';
import { runDeltaRound } from './delta-round.js';
import { GraphApi } from './graph.js';
import { type LibraryPaths, type LibraryState, libraryPaths, readState, writeState } from './library-state.js';
import { reconcileMirror, type SyncChange } from './mirror.js';
import { acquireSyncLock } from './sync-lock.js';

export interface LibrarySyncReport {
  library: string;
  collection: string;
  dryRun: boolean;
  changes: SyncChange[];
  skipped: LoadFailure[];
  /** Files whose new version could not be fetched, read or parsed: their previous version keeps answering. */
  failed: LoadFailure[];
  pages: number;
  full: boolean;
  resynced: boolean;
  /** The knowledge base's own summary (not in a dry run). */
  ingest?: IngestSummary;
}

export interface SyncOptions {
  config: SharePointConfig;
  dataDir: string;
  logger: Logger;
  /** The knowledge base to write; not needed for a dry run. */
  kb?: KnowledgeBase;
  /** The Chroma collection (names the lock: one sync per collection). */
  collection: string;
  databaseUrl?: string;
  dryRun?: boolean;
  /** Only these libraries (by name). */
  only?: string[];
  /** Another Graph client (tests of sign-in failures). */
  graph?: GraphApi;
}

export const scopePrefix = (library: string) => `sharepoint://${library}/`;

const sourceKey = (l: SharePointLibrary) => JSON.stringify([l.site, l.library ?? null, l.drive ?? null, l.folder ?? null]);

export async function syncSharePoint(opts: SyncOptions): Promise<LibrarySyncReport[]> {
  const libraries = opts.config.libraries.filter((l) => !opts.only?.length || opts.only.includes(l.name));
  if (opts.only?.length && libraries.length !== opts.only.length) {
    const known = opts.config.libraries.map((l) => l.name).join(', ');
    throw new RoundsError(
      ErrorCode.InvalidInput,
      `No SharePoint library named ${opts.only.join(', ')} in the configuration (configured: ${known}).`,
    );
  }
  const release = opts.dryRun
    ? async () => {}
    : await acquireSyncLock({
        dataDir: opts.dataDir,
        collection: opts.collection,
        ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
      });
  try {
    const graph = opts.graph ?? new GraphApi({ config: opts.config, logger: opts.logger });
    await graph.signIn();
    const reports: LibrarySyncReport[] = [];
    for (const library of libraries) reports.push(await syncLibrary(graph, library, opts));
    return reports;
  } finally {
    await release();
  }
}

async function syncLibrary(graph: GraphApi, library: SharePointLibrary, opts: SyncOptions): Promise<LibrarySyncReport> {
  const { logger, dryRun = false } = opts;
  const paths = libraryPaths(opts.dataDir, library.name);
  const state = readState(paths.state, sourceKey(library));
  const save = dryRun ? () => {} : () => writeState(paths.state, state);
  const log = logger.child({ library: library.name });
  log.info({ dryRun }, 'SharePoint sync started');
  if (!state.driveId) {
    state.driveId = await resolveDrive(graph, library);
    save();
  }
  const round = await runDeltaRound({ graph, state, library: library.name, logger: log, save });
  save();
  let placed = 0;
  const mirror = await reconcileMirror({
    state,
    library,
    paths,
    graph,
    dryRun,
    onProgress: () => {
      if (++placed % 50 === 0) save();
    },
  });
  save();
  const report: LibrarySyncReport = {
    library: library.name,
    collection: library.collection,
    dryRun,
    changes: mirror.changes,
    skipped: mirror.skipped,
    failed: [...mirror.failed],
    pages: round.pages,
    full: round.full,
    resynced: round.resynced,
  };
  if (!dryRun) {
    if (!opts.kb) throw new Error('syncSharePoint needs a knowledge base unless it is a dry run');
    report.ingest = await ingestMirror(opts.kb, library, paths, state);
    report.failed.push(...report.ingest.failed.map((f) => ({ ...f, path: f.path.replace(scopePrefix(library.name), '') })));
  }
  log.info(
    {
      pages: round.pages,
      full: round.full,
      resynced: round.resynced,
      added: mirror.changes.filter((c) => c.kind === 'added').length,
      updated: mirror.changes.filter((c) => c.kind === 'updated').length,
      renamed: mirror.changes.filter((c) => c.kind === 'renamed').length,
      removed: mirror.changes.filter((c) => c.kind === 'removed').length,
      failed: report.failed.length,
      dryRun,
    },
    'SharePoint sync finished',
  );
  for (const f of report.failed) log.warn({ path: f.path, reason: f.reason }, 'SharePoint file not updated; its previous version stays');
  return report;
}

async function resolveDrive(graph: GraphApi, library: SharePointLibrary): Promise<string> {
  if (library.drive) return library.drive;
  const site = await graph.get<{ id: string }>(`/sites/${library.site}`, `open site ${library.site}`);
  if (!library.library) {
    const drive = await graph.get<{ id: string }>(`/sites/${site.id}/drive`, `open the default library of site ${library.site}`);
    return drive.id;
  }
  const drives = await graph.get<{ value: Array<{ id: string; name: string }> }>(
    `/sites/${site.id}/drives`,
    `list the libraries of site ${library.site}`,
  );
  const wanted = library.library.toLowerCase();
  const found = drives.value.find((d) => d.name.toLowerCase() === wanted);
  if (!found) {
    throw new RoundsError(
      ErrorCode.SyncFailed,
      `Site ${library.site} has no document library named "${library.library}" (it has: ${drives.value.map((d) => d.name).join(', ') || 'none'}). Fix sharepoint.libraries[].library in rounds.config.yaml.`,
    );
  }
  return found.id;
}

/** Ingests the mirror as the library's scope of the collection, with the library's metadata on each document. */
async function ingestMirror(
  kb: KnowledgeBase,
  library: SharePointLibrary,
  paths: LibraryPaths,
  state: LibraryState,
): Promise<IngestSummary> {
  mkdirSync(paths.files, { recursive: true });
  const prefix = scopePrefix(library.name);
  const byPath = new Map(
    Object.values(state.items)
      .filter((i) => i.local)
      .map((i) => [i.local?.path as string, i]),
  );
  const prepare = (doc: SourceDocument): SourceDocument => {
    const rel = doc.path.slice(prefix.length);
    const meta = byPath.get(rel)?.meta ?? {};
    // An id the document gives itself (front matter, Word property) is kept, so `supersedes` works within the
    // library; a default one (from the path) is namespaced, so it cannot meet a knowledge-folder document's.
    const id = doc.id === slugId(rel) ? `${library.name}/${doc.id}` : doc.id;
    const out: SourceDocument = { ...doc, id, collection: library.collection, header: { file: doc.header ?? null, sharepoint: meta } };
    if (meta.version) out.version = meta.version;
    if (meta.effective) out.effective = meta.effective;
    if (meta.reviewBy) out.reviewBy = meta.reviewBy;
    if (meta.owner) out.publisher = meta.owner;
    if (meta.webUrl) out.source = meta.webUrl;
    return out;
  };
  return kb.ingest(paths.files, { scope: { prefix, prepare, allowEmpty: true } });
}
