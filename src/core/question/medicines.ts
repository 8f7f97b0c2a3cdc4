/**
 * Medicines a question names that the knowledge base never mentions. A drug question answered from sources about
 * other drugs is the plausible wrong answer a care team fears most ("oral morphine to methadone" answered from an
 * opioid table without methadone; "ferric carboxymaltose" from general IV-iron advice), so Rounds abstains and
 * says which medicine the knowledge base lacks. The names come from a plain list (lexicon/medicines.txt).
 */
import { readFileSync } from 'node:fs';
import { covers, knownTo, type TermGroups } from '../confidence/features.js';
import { terms, words } from '../text.js';
import type { StoredChunk } from '../types.js';
import { edits1 } from './spelling.js';

/** Salt, form and ion words: "tranexamic acid" is matched on "tranexamic", "calcium gluconate" not at all. */
const SALT = new Set(
  terms(
    'sodium potassium calcium magnesium chloride sulfate sulphate hydrochloride acid phosphate acetate citrate gluconate ' +
      'bromide tartrate maleate mesylate succinate fumarate besylate bicarbonate',
  ),
);

export interface Medicine {
  /** The name as the list writes it. */
  name: string;
  /** Its stemmed terms without salt and form words; a question names the medicine when it has all of them. */
  terms: string[];
}

export class MedicineLexicon {
  private readonly byTerm = new Map<string, Medicine[]>();
  /** One-word names (salt words aside), folded: for recognising a misspelt medicine. */
  private readonly oneWord = new Map<string, string>();
  readonly size: number;

  constructor(names: string[]) {
    let size = 0;
    for (const raw of names) {
      const name = raw.trim();
      if (!name || name.startsWith('#')) continue;
      // A name of salt words alone ("calcium gluconate", "sodium bicarbonate") is all its words: the salt is what
      // tells calcium gluconate from calcium chloride.
      const all = [...new Set(terms(name))];
      const specific = all.some((t) => !SALT.has(t)) ? all.filter((t) => !SALT.has(t)) : all;
      if (specific.length === 0) continue;
      const medicine = { name, terms: specific };
      const named = words(name).filter((w) => !SALT.has(terms(w)[0] ?? ''));
      if (named.length === 1 && (named[0] as string).length >= 5) this.oneWord.set(named[0] as string, named[0] as string);
      const first = specific[0] as string;
      const list = this.byTerm.get(first) ?? [];
      list.push(medicine);
      this.byTerm.set(first, list);
      size += 1;
    }
    this.size = size;
  }

  static load(path: string): MedicineLexicon {
    return new MedicineLexicon(readFileSync(path, 'utf8').split('\n'));
  }

  /**
   * The one-word medicine name a (folded) word is a misspelling of, one edit away ("methadon", "metformine"), or
   * undefined. Words of five letters or fewer are not guessed at.
   */
  spelledLike(word: string): string | undefined {
    if (word.length < 6 || this.oneWord.has(word)) return undefined;
    for (const c of edits1(word)) {
      const name = this.oneWord.get(c);
      if (name) return name;
    }
    return undefined;
  }

  /** The medicines named by these question terms. */
  named(questionTerms: Iterable<string>): Medicine[] {
    const present = new Set(questionTerms);
    const out: Medicine[] = [];
    for (const t of present) for (const m of this.byTerm.get(t) ?? []) if (m.terms.every((x) => present.has(x))) out.push(m);
    return out;
  }
}

/**
 * The medicines the question names that no chunk mentions under any spelling the terminology knows (a group is
 * known when one of its alternatives has every term in the index). Returns the stemmed terms the knowledge base
 * lacks, for showing in the asker's own words.
 */
export function unknownMedicines(groups: TermGroups, lexicon: MedicineLexicon, docFrequency: (term: string) => number): string[] {
  const known = knownTo(docFrequency);
  const missing = new Set<string>();
  for (const g of groups) {
    if (covers(g, known)) continue;
    for (const alt of g) for (const t of alt) if (!known(t)) missing.add(t);
  }
  if (missing.size === 0) return [];
  const asked = groups.flatMap((g) => g.flat());
  const out = new Set<string>();
  for (const m of lexicon.named(asked)) for (const t of m.terms) if (missing.has(t)) out.add(t);
  return [...out];
}

/**
 * The one medicine a question names, on all the question's words ("calcium gluconate" is two terms, each alone
 * naming nothing), with the question's term groups that name it; undefined for none or several.
 */
export function oneMedicine(
  groups: TermGroups,
  medicines: MedicineLexicon | undefined,
): { medicine: Medicine; own: TermGroups } | undefined {
  if (!medicines) return undefined;
  const named = medicines.named(groups.flatMap((g) => g.flat()));
  const medicine = named.find((m) => !named.some((o) => o !== m && m.terms.every((t) => o.terms.includes(t))));
  if (!medicine || named.some((o) => o !== medicine && !o.terms.every((t) => medicine.terms.includes(t)))) return undefined;
  return { medicine, own: groups.filter((g) => g.some((alt) => alt.some((t) => medicine.terms.includes(t)))) };
}

/** Whether a passage names a medicine (in its text, title or section), by the question's term groups naming it. */
export function passageNames(chunk: StoredChunk | undefined, own: TermGroups): boolean {
  if (!chunk) return false;
  const said = new Set(terms(`${chunk.meta.title} ${chunk.meta.headingPath.join(' ')} ${chunk.text}`));
  return own.every((g) => covers(g, (t) => said.has(t)));
}
