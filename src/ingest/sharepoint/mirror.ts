/**
 * Brings the local mirror of a library (one file per document, under `files/`) in line with what the state
 * says the library holds. The plan is worked out from the whole state every time, not from one round's
 * changes, so a download that failed (or a sync killed half-way) is simply done by the next sync.
 *
 * A new version is downloaded to `staging/` and renamed over the old copy: the mirror holds the old file or the
 * new one, never part of one, and the knowledge base only reads it once the whole round is done.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { SharePointLibrary } from '../../config/config.js';
import { ErrorCode, isRoundsError } from '../../core/errors.js';
import type { LoadFailure } from '../source-document.js';
import { readColumns } from './columns.js';
import type { GraphApi } from './graph.js';
import { type DriveItem, type ItemMeta, type ItemState, itemPath, type LibraryPaths, type LibraryState } from './library-state.js';

/** The formats the parsers in src/ingest read (Word, PDF, HTML, Markdown, and plain text). */
const SUPPORTED = new Set(['.docx', '.pdf', '.html', '.htm', '.md', '.markdown', '.txt']);

export interface SyncChange {
  kind: 'added' | 'updated' | 'renamed' | 'removed';
  /** Path under the synced folder. */
  path: string;
  /** The previous path (renamed or moved). */
  from?: string;
  version?: string;
  /** Only the columns changed (review date, owner, …), not the file. */
  metadataOnly?: boolean;
}

export interface MirrorResult {
  changes: SyncChange[];
  /** Files of a type Rounds does not read (left out, never downloaded). */
  skipped: LoadFailure[];
  /** Files that could not be fetched or whose columns are invalid: their previous copy stays. */
  failed: LoadFailure[];
}

/** The item's path under the configured folder, or undefined when it is outside it (or its parents are gone). */
export function scopedPath(state: LibraryState, id: string, folder: string | undefined): string | undefined {
  const path = itemPath(state, id);
  if (path === undefined || !folder) return path;
  const prefix = `${folder}/`;
  return path.toLowerCase().startsWith(prefix.toLowerCase()) ? path.slice(prefix.length) : undefined;
}

interface Step {
  id: string;
  item: ItemState;
  rel: string;
  download: boolean;
  readMeta: boolean;
}

export async function reconcileMirror(opts: {
  state: LibraryState;
  library: SharePointLibrary;
  paths: LibraryPaths;
  graph: GraphApi;
  dryRun: boolean;
  /** Called after each file is in place, so a long first sync saves its progress. */
  onProgress?: () => void;
}): Promise<MirrorResult> {
  const { state, library, paths, graph, dryRun } = opts;
  const driveId = state.driveId as string;
  const result: MirrorResult = { changes: [], skipped: [], failed: [] };
  const steps: Step[] = [];
  const removals: Array<{ id: string; item: ItemState }> = [];
  for (const [id, item] of Object.entries(state.items)) {
    if (item.folder) {
      if (item.deleted && !dryRun) delete state.items[id];
      continue;
    }
    const rel = item.deleted ? undefined : scopedPath(state, id, library.folder);
    if (rel !== undefined && !SUPPORTED.has(extname(rel).toLowerCase())) {
      result.skipped.push({ path: rel, reason: `unsupported file type "${extname(rel) || 'none'}" (synced: ${[...SUPPORTED].join(' ')})` });
    }
    if (rel === undefined || !SUPPORTED.has(extname(rel).toLowerCase())) {
      if (item.local || item.deleted) removals.push({ id, item });
      continue;
    }
    const download = !item.local || item.local.cTag !== item.cTag;
    // A file under a renamed folder keeps its eTag (Graph does not even send it again) but not its link.
    const readMeta = item.metaETag !== item.eTag || !item.meta || (item.local !== undefined && item.local.path !== rel);
    if (download || readMeta || item.local?.path !== rel) steps.push({ id, item, rel, download, readMeta });
  }

  for (const { id, item } of removals) {
    if (item.local) result.changes.push({ kind: 'removed', path: item.local.path });
    if (dryRun) continue;
    if (item.local) rmSync(join(paths.files, item.local.path), { force: true });
    if (item.deleted) delete state.items[id];
    else delete item.local;
  }

  for (const step of steps) {
    const { id, item, rel } = step;
    let meta: ItemMeta | undefined = item.meta;
    if (step.readMeta) {
      const fetched = await fetchColumns(graph, driveId, id, rel, library);
      if ('error' in fetched) {
        // Columns that do not read (a review date of "soon") stop this version: the previous one keeps answering.
        result.failed.push({ path: rel, reason: fetched.error });
        continue;
      }
      meta = fetched.meta;
    }
    const moved = item.local && item.local.path !== rel;
    const columns = (m: ItemMeta | undefined) => JSON.stringify({ ...m, webUrl: undefined });
    const metaChanged = columns(meta) !== columns(item.meta);
    const kind: SyncChange['kind'] = !item.local ? 'added' : step.download || metaChanged ? 'updated' : 'renamed';
    if (kind !== 'renamed' || moved) {
      result.changes.push({
        kind,
        path: rel,
        ...(moved ? { from: item.local?.path as string } : {}),
        ...(meta?.version ? { version: meta.version } : {}),
        ...(kind === 'updated' && !step.download ? { metadataOnly: true } : {}),
      });
    }
    if (dryRun) continue;
    const target = join(paths.files, rel);
    if (step.download) {
      let bytes: Buffer;
      try {
        bytes = await graph.download(driveId, id, `download ${rel}`);
      } catch (error) {
        if (!isRoundsError(error, ErrorCode.SyncFailed)) throw error;
        result.failed.push({ path: rel, reason: error.message });
        continue;
      }
      const staged = join(paths.staging, id.replace(/[^A-Za-z0-9_-]/g, '_'));
      mkdirSync(paths.staging, { recursive: true });
      writeFileSync(staged, bytes);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(staged, target);
    } else if (moved) {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(paths.files, item.local?.path as string), target);
    }
    if (moved && step.download) rmSync(join(paths.files, item.local?.path as string), { force: true });
    item.local = { path: rel, cTag: step.download ? (item.cTag ?? '') : (item.local?.cTag ?? '') };
    if (meta) item.meta = meta;
    item.metaETag = item.eTag as string;
    opts.onProgress?.();
  }
  return result;
}

async function fetchColumns(
  graph: GraphApi,
  driveId: string,
  id: string,
  rel: string,
  library: SharePointLibrary,
): Promise<{ meta: ItemMeta } | { error: string }> {
  try {
    const item = await graph.get<DriveItem>(
      `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(id)}`,
      `read the columns of ${rel} in library ${library.name}`,
      { expand: 'listItem($expand=fields)' },
    );
    return readColumns(item, library);
  } catch (error) {
    // Gone since the delta said it changed, or a passing fault: the next sync tries again.
    if (!isRoundsError(error, ErrorCode.SyncFailed)) throw error;
    return { error: error.message };
  }
}
