/**
 * The text that is embedded and lexically indexed for a chunk: its title and heading path give a short section
 * ("Doses") the context it needs to be found ("Vancomycin › Doses"). The stored chunk text stays as written,
 * for quoting.
 */
import type { StoredChunk } from './types.js';

export function indexText(chunk: Pick<StoredChunk, 'text' | 'meta'>): string {
  const path = chunk.meta.headingPath[0] === chunk.meta.title ? chunk.meta.headingPath : [chunk.meta.title, ...chunk.meta.headingPath];
  return `${path.join(' › ')}\n${chunk.text}`;
}
