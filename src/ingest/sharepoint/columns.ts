/**
 * Document metadata from a library's columns (listItem fields), under the names the configuration maps, so a
 * SharePoint guideline carries its version, effective and review dates and owner as Markdown front matter would,
 * and freshness warnings ("past its review date") work the same.
 */
import type { SharePointLibrary } from '../../config/config.js';
import type { DriveItem, ItemMeta } from './library-state.js';

/** A column value as a date people would read (YYYY-MM-DD), or an error naming what was found. */
export function columnDate(value: unknown, timeZone: string): string | { error: string } {
  if (typeof value !== 'string' || !value.trim()) return { error: `is ${JSON.stringify(value)}, not a date` };
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const instant = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(instant.getTime())) return { error: `is "${text}", not a date` };
  // SharePoint stores a date column as the instant of local midnight in the site's time zone, sent as UTC.
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && value.trim()) return value.trim();
  return undefined;
}

/** The version from the item's eTag ("{GUID},7" → "7") when no version column is available. */
export function eTagVersion(eTag: string | undefined): string | undefined {
  return /,(\d+)"?$/.exec(eTag ?? '')?.[1];
}

/** Reads the mapped columns of an item fetched with `$expand=listItem($expand=fields)`. */
export function readColumns(item: DriveItem, library: SharePointLibrary): { meta: ItemMeta } | { error: string } {
  const fields = item.listItem?.fields ?? {};
  const { columns } = library;
  const meta: ItemMeta = {};
  if (item.webUrl) meta.webUrl = item.webUrl;
  const version = text(fields[columns.version]) ?? eTagVersion(item.eTag);
  if (version) meta.version = version;
  for (const [key, column] of [
    ['effective', columns.effective],
    ['reviewBy', columns.review_by],
  ] as const) {
    if (!column || fields[column] === undefined || fields[column] === null || fields[column] === '') continue;
    const date = columnDate(fields[column], library.timeZone);
    if (typeof date !== 'string') return { error: `column ${column} ${date.error}` };
    meta[key] = date;
  }
  if (columns.owner) {
    const owner = fields[columns.owner];
    // A Person column reaches Graph as a lookup id only (OwnerLookupId), not a name: map a text column instead.
    if (owner !== undefined && owner !== null && typeof owner === 'object') {
      return { error: `column ${columns.owner} is not text (a Person column? map a text column such as the owner's team)` };
    }
    const name = text(owner);
    if (name) meta.owner = name;
  }
  return { meta };
}
