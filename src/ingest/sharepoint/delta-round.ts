/**
 * One round of Graph's delta query on a library (`/drives/{id}/root/delta`): pages are followed through
 * `@odata.nextLink` to the `@odata.deltaLink`, and the state (items and the link to go on from) is saved after
 * every page, so a sync that dies resumes from the last page it saved. An expired link is answered with 410
 * `resyncRequired`: the round starts over as a full enumeration, and at its end every item not seen again is
 * taken as deleted (a full round lists what exists, not what changed).
 */
import { ErrorCode, RoundsError } from '../../core/errors.js';
import type { Logger } from '../../logger.js';
import { type GraphApi, ResyncRequired } from './graph.js';
import type { DriveItem, LibraryState } from './library-state.js';

interface DeltaPage {
  value?: DriveItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface RoundResult {
  pages: number;
  items: number;
  /** A full enumeration ran (first sync, changed configuration, or Graph asked for a resync). */
  full: boolean;
  /** Graph answered 410 resyncRequired to the stored link. */
  resynced: boolean;
}

function applyItem(state: LibraryState, item: DriveItem): void {
  if (item.root) {
    state.rootId = item.id;
    return;
  }
  const previous = state.items[item.id];
  if (item.deleted) {
    if (previous) previous.deleted = true;
    return;
  }
  const name = item.name ?? previous?.name;
  if (!name) return;
  const parentId = item.parentReference?.id ?? previous?.parentId;
  const cTag = item.cTag ?? previous?.cTag;
  const eTag = item.eTag ?? previous?.eTag;
  const next = { ...previous, name, folder: Boolean(item.folder) };
  delete next.deleted;
  if (parentId) next.parentId = parentId;
  if (cTag) next.cTag = cTag;
  if (eTag) next.eTag = eTag;
  state.items[item.id] = next;
}

export async function runDeltaRound(opts: {
  graph: GraphApi;
  state: LibraryState;
  library: string;
  logger: Logger;
  /** Saves the state (not in a dry run). */
  save: () => void;
}): Promise<RoundResult> {
  const { graph, state, logger, save } = opts;
  const start = `/drives/${encodeURIComponent(state.driveId as string)}/root/delta`;
  const result: RoundResult = { pages: 0, items: 0, full: false, resynced: false };
  if (!state.link) {
    state.full = { seen: [] };
    state.link = start;
  }
  const seen = new Set(state.full?.seen ?? []);
  for (;;) {
    let page: DeltaPage;
    try {
      page = await graph.get<DeltaPage>(state.link as string, `read the changes of library ${opts.library}`);
    } catch (error) {
      // One resync a round: Graph refusing its own fresh enumeration would otherwise loop forever.
      if (!(error instanceof ResyncRequired) || state.link === start || result.resynced) {
        throw error instanceof ResyncRequired
          ? new RoundsError(ErrorCode.SyncFailed, `Microsoft Graph asked library ${opts.library} to resync again during a full resync.`)
          : error;
      }
      logger.warn({ library: opts.library, code: error.message }, 'SharePoint delta link expired; enumerating the whole library again');
      result.resynced = true;
      state.full = { seen: [] };
      seen.clear();
      state.link = start;
      save();
      continue;
    }
    result.pages++;
    for (const item of page.value ?? []) {
      applyItem(state, item);
      if (state.full) seen.add(item.id);
      result.items++;
    }
    if (state.full) state.full.seen = [...seen];
    const next = page['@odata.nextLink'];
    if (next) {
      state.link = next;
      save();
      continue;
    }
    const delta = page['@odata.deltaLink'];
    if (!delta) {
      throw new RoundsError(
        ErrorCode.SyncFailed,
        `Microsoft Graph answered a delta page of library ${opts.library} with neither @odata.nextLink nor @odata.deltaLink.`,
      );
    }
    if (state.full) {
      result.full = true;
      for (const [id, item] of Object.entries(state.items)) if (!seen.has(id)) item.deleted = true;
      delete state.full;
    }
    state.link = delta;
    return result;
  }
}
