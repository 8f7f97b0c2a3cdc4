/**
 * What Rounds remembers of one synced library, in `<ROUNDS_DATA_DIR>/sharepoint/<name>/state.json` beside the
 * mirror of its files: the link the next sync starts from, and every item of the library by id. Graph's delta
 * does not give paths (a renamed folder's children are not sent again), so the tree is kept as names and parent
 * ids, and paths are worked out from it. The file is replaced atomically (write, fsync, rename): a sync killed at
 * any point leaves the previous state or the next, never half of one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The subset of a Graph driveItem the sync reads. */
export interface DriveItem {
  id: string;
  name?: string;
  eTag?: string;
  cTag?: string;
  webUrl?: string;
  root?: object;
  folder?: object;
  file?: { mimeType?: string };
  deleted?: { state?: string };
  parentReference?: { id?: string; driveId?: string };
  listItem?: { fields?: Record<string, unknown> };
}

/** Metadata read from the library's columns and the item itself. */
export interface ItemMeta {
  version?: string;
  effective?: string;
  reviewBy?: string;
  owner?: string;
  webUrl?: string;
}

export interface ItemState {
  name: string;
  parentId?: string;
  folder?: boolean;
  /** Content tag: changes when the bytes change (not when a column or the name does). */
  cTag?: string;
  /** Entity tag: changes with the bytes and with the columns; the metadata is read again when it moves. */
  eTag?: string;
  meta?: ItemMeta;
  /** eTag the metadata was read at. */
  metaETag?: string;
  /** The local copy: its path under the mirror and the cTag it holds. */
  local?: { path: string; cTag: string };
  /** Deleted in the library (or not seen in a full round): kept until its local copy is gone. */
  deleted?: boolean;
}

export interface LibraryState {
  version: 1;
  /** site|library|folder the state was built for: another value starts over. */
  source: string;
  driveId?: string;
  rootId?: string;
  /** Where the next sync starts: a deltaLink after a finished round, a nextLink when the last one stopped half-way. */
  link?: string;
  /** A full enumeration under way (the first sync, or after Graph's 410 resyncRequired): ids seen so far. */
  full?: { seen: string[] };
  items: Record<string, ItemState>;
}

export interface LibraryPaths {
  dir: string;
  files: string;
  state: string;
  staging: string;
}

export function libraryPaths(dataDir: string, name: string): LibraryPaths {
  const dir = join(dataDir, 'sharepoint', name);
  return { dir, files: join(dir, 'files'), state: join(dir, 'state.json'), staging: join(dir, 'staging') };
}

export function emptyState(source: string): LibraryState {
  return { version: 1, source, items: {} };
}

export function readState(path: string, source: string): LibraryState {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as LibraryState;
    if (state.version === 1 && state.source === source && state.items && typeof state.items === 'object') return state;
  } catch {
    // missing (first sync) or unreadable: start over; the sweep at the end of the full round tidies the mirror
  }
  return emptyState(source);
}

export function writeState(path: string, state: LibraryState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Path of an item from the library root ('Adult/Sepsis.docx'), or undefined when its chain of parents is not
 * known (a parent deleted, or not received yet in this round).
 */
export function itemPath(state: LibraryState, id: string): string | undefined {
  const parts: string[] = [];
  let current: string | undefined = id;
  for (let depth = 0; depth < 256 && current; depth++) {
    if (current === state.rootId) return parts.reverse().join('/');
    const item: ItemState | undefined = state.items[current];
    if (!item || item.deleted) return undefined;
    parts.push(item.name);
    current = item.parentId;
  }
  return undefined;
}
