/**
 * Names, after Philter (UCSF): a word is safe when the knowledge base, an English word list or the medicines list
 * knows it; a name-shaped word nobody knows, or a first name, is redacted when it stands near a name cue — a title
 * ("Mr", "Dr"), a patient word ("pt", "patient", "daughter"), "for"/"re", a possessive, a bed or ward — in lower
 * case too ("pt ravi patel", "asking for grace adeyemi"). Ward names ("Nightingale Ward") are locations.
 * Clinical safety: the knowledge base's own vocabulary is never redacted except right after a title, so a drug,
 * score or condition the sources name keeps its word even when it is also a first name.
 */
import {
  EPONYM_HEADS,
  FILLERS,
  FOREIGN,
  GENERIC_WARD,
  NAME_PARTICLES,
  NOT_NAMES,
  PATIENT_CUES,
  PERSON_TITLES,
  SHORTHAND,
  WEAK_CUES,
} from './cues.js';
import { isCue, isTitle, type Tok, tokenize } from './tokens.js';

export interface Span {
  start: number;
  end: number;
  kind: 'name' | 'location' | 'address';
}

/** Could this word be part of a name that has already started? */
function continues(t: Tok | undefined, prev?: Tok): boolean {
  if (!t || t.token || t.stop || isCue(t)) return false;
  // "John Smith MRN …", "Jo Bloggs ICU": a short acronym ends a name.
  if (t.base.length <= 4 && t.base === t.base.toUpperCase() && !t.initial && !t.first) return false;
  // "pt wei green": after a first name, a surname the pack also uses ("green") is still the surname.
  if (t.clinical && (prev?.first || prev?.nameWord || prev?.unknown) && t.surname && !NOT_NAMES.has(t.lower) && !SHORTHAND.has(t.lower))
    return true;
  // "Patient John Smith" when the pack says "St John's wort" and "Smith's fracture": inside a name, a capitalised
  // name-list word is a name whatever the knowledge base uses.
  if (t.clinical)
    return t.cap && !t.sentenceStart && (t.first || t.surname || t.nameWord) && !NOT_NAMES.has(t.lower) && !SHORTHAND.has(t.lower);
  return t.initial || t.unknown || t.first || t.nameWord || t.surname || (t.cap && !t.sentenceStart);
}

/** The name spans and ward names in `text` (already free of patterned identifiers). */
export function findNames(text: string, known: (word: string) => boolean = () => false): Span[] {
  const toks = tokenize(text, known);
  const foreign = toks.filter((t) => FOREIGN.has(t.lower)).length >= 2;
  // A question in Title Case (a paper's title pasted in) makes capitals weak evidence: "Early Age Mania".
  const words = toks.filter((t) => !t.token && !t.stop && t.base.length > 1);
  const titleCase = words.length >= 4 && words.filter((t) => t.cap && !t.sentenceStart).length / words.length >= 0.5;
  const isName = new Array<boolean>(toks.length).fill(false);
  const wardName = new Array<boolean>(toks.length).fill(false);

  /** Particles from j on ("van der", "de la") and the word after them, when that word is capitalised. */
  const afterParticles = (j: number): number => {
    let k = j;
    while (toks[k] && NAME_PARTICLES.has(toks[k]?.lower ?? '') && k < j + 3) k += 1;
    return k > j && toks[k]?.cap ? k : j;
  };
  const joined = (from: number, to: number) => {
    for (let k = from; k < to; k++)
      if (!/^(?:\.?\s+|-|\s*['’]\s*)$/.test(text.slice(toks[k]?.end ?? 0, toks[k + 1]?.start ?? 0))) return false;
    return true;
  };

  /** Marks the name starting at i and any following name words (initials, surnames, particles, hyphenated parts). */
  const take = (i: number, max = 4) => {
    isName[i] = true;
    const capital = toks[i]?.cap;
    let j = i + 1;
    let words = 1;
    while (j < toks.length && words < max) {
      // "Jan van der Berg": particles belong to the name when a capitalised surname follows them.
      const w = afterParticles(j);
      if (
        !continues(toks[w], toks[w - 1]) ||
        toks[j - 1]?.possessive ||
        // "Herr Müller geboren am": a name begun with a capital goes on only in capitals; no name runs over a comma.
        (capital && !toks[w]?.cap) ||
        !joined(j - 1, w)
      )
        break;
      for (let k = j; k <= w; k++) isName[k] = true;
      j = w + 1;
      words += 1;
    }
  };

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.token || isName[i]) continue;
    const next = toks[i + 1];
    let k = i + 1;
    while (toks[k] && FILLERS.has(toks[k]?.lower ?? '') && k < i + 3) k += 1;
    const after = toks[k];

    // Titles: "Mr Smith", "mrs baker", "Dr John A. Okafor", "mevrouw van der Berg", "M. Dupont". The word after a
    // title is a name even when English knows it; surname particles between them belong to the name.
    const dotted = text[t.end] === '.';
    const frenchM = t.text === 'M' && dotted && !!next?.cap;
    const named = afterParticles(i + 1);
    const lowerParticles = named === i + 1 && PERSON_TITLES.has(t.lower) && NAME_PARTICLES.has(next?.lower ?? '');
    if ((isTitle(t) || frenchM) && (named > i + 1 || lowerParticles)) {
      let k = i + 1;
      while (toks[k] && NAME_PARTICLES.has(toks[k]?.lower ?? '') && k < i + 4) k += 1;
      const surname = toks[k];
      if (surname && !surname.token && !surname.stop && joined(i + 1, k)) {
        for (let m = i + 1; m < k; m++) isName[m] = true;
        take(k);
        continue;
      }
    }
    if ((isTitle(t) || frenchM) && next && !next.token && !next.stop) {
      // "Mr", "Mrs", "Ms", "Mx" in mixed or lower case take any next word ("mrs baker", "Mr Brown"). In capitals
      // they are acronyms ("MR angiography", "MS relapse"); other titles are words too ("Miss", "Sister", "Dr review").
      const acronym = t.text === t.text.toUpperCase() && t.text.length > 1;
      const person = PERSON_TITLES.has(t.lower) && !acronym && !(t.lower === 'ms' && next.clinical && !next.cap);
      const evidence =
        next.unknown ||
        (next.first && !next.clinical) ||
        (!acronym && next.cap && (!next.clinical || next.surname || next.nameWord)) ||
        (dotted && !next.clinical);
      if (person || evidence) take(i + 1);
      if (person || evidence) continue;
    }
    // Patient words: "pt ravi patel", "patient John A. Smith", "daughter Amira", "name: Jo Bloggs".
    const knownName = !!after?.first && (after.cap || continues(toks[k + 1])) && !NOT_NAMES.has(after.lower) && !SHORTHAND.has(after.lower);
    // "pt named brady": after "named" or "called" the word is a name, whatever else it means.
    const namedBy = toks.slice(i + 1, k).some((w) => w.lower === 'named' || w.lower === 'called');
    if (PATIENT_CUES.has(t.lower) && after && !after.token && !after.stop && (!after.clinical || knownName || namedBy)) {
      if (
        namedBy ||
        (after.unknown && (after.cap || !foreign)) ||
        after.first ||
        after.nameWord ||
        after.cap ||
        (after.surname && !foreign)
      ) {
        take(k);
        continue;
      }
    }
    // Weak cues: "asking for grace adeyemi", "re Harold Fitzwilliam". Needs an unknown word or a first name.
    const afterAcronym = !!after && after.base.length > 1 && after.base === after.base.toUpperCase();
    const eponymAhead = toks.slice(k + 1, k + 4).some((w) => EPONYM_HEADS.has(w.lower));
    if (
      WEAK_CUES.has(t.lower) &&
      after &&
      !after.token &&
      !after.stop &&
      (!after.clinical || knownName) &&
      !after.eponym &&
      !afterAcronym &&
      !eponymAhead
    ) {
      const follower = toks[k + 1];
      const strongFollower =
        !!follower &&
        !follower.stop &&
        (follower.unknown ||
          follower.nameWord ||
          (!follower.clinical && follower.cap && !follower.english) ||
          (after.first && continues(follower, after)));
      const unknownPair = after.unknown && !!follower && !follower.stop && !follower.clinical && (follower.unknown || follower.first);
      const firstLike = after.first || after.nameWord;
      if ((after.unknown && after.cap) || unknownPair || (firstLike && (after.cap || strongFollower || !after.english))) {
        take(k);
      }
    }
  }

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    const next = toks[i + 1];
    // A first name the knowledge base also uses ("grace") is still a name before a surname nobody knows ("adeyemi").
    const knownFirst =
      t.first &&
      !!next &&
      !next.token &&
      (next.unknown ||
        (t.cap && next.cap && !next.sentenceStart && (next.surname || next.nameWord) && !(titleCase && t.english && next.english)));
    // "Kowalski, Rose", "Brown, Wei": a surname, a comma and a capitalised first name.
    const surnameFirst =
      !t.token &&
      t.cap &&
      !isCue(t) &&
      (t.surname || t.nameWord || t.unknown) &&
      !!next &&
      next.cap &&
      !next.token &&
      !isTitle(next) &&
      (next.first || ((next.nameWord || next.unknown) && !next.english)) &&
      /^,\s*$/.test(text.slice(t.end, next.start));
    if (surnameFirst && !isName[i]) {
      isName[i] = true;
      isName[i + 1] = true;
      continue;
    }
    const ownFirst =
      t.possessive && t.first && t.cap && !t.eponym && toks[i - 1]?.lower !== 'st' && !!next && !next.cap && !EPONYM_HEADS.has(next.lower);
    if (t.token || isName[i] || t.stop || ((t.clinical || t.eponym) && !knownFirst && !ownFirst) || isCue(t)) continue;
    // A first name and a surname with no cue: "Harold Fitzwilliam in ICU", "grace adeyemi's INR", "Amelia Green".
    const shortCaps = !!next && next.base.length <= 3 && next.base === next.base.toUpperCase();
    // Two English words in Title Case ("Early Age", "Grace Period") are a heading, not a name.
    const third = toks[i + 2];
    const heading = titleCase || (!!third && third.cap && third.english && !third.token && third.base !== third.base.toUpperCase());
    const capitalSurname =
      !!next?.cap &&
      !next.sentenceStart &&
      !shortCaps &&
      (next.surname || next.nameWord) &&
      t.cap &&
      !(heading && t.english && next.english);
    if (
      (t.first || t.nameWord || (t.unknown && capitalSurname)) &&
      next &&
      /^\s+$/.test(text.slice(t.end, next.start)) &&
      !shortCaps &&
      !next.token &&
      !next.stop &&
      (!next.clinical || capitalSurname) &&
      !EPONYM_HEADS.has(toks[i + 2]?.lower ?? '')
    ) {
      const surname =
        next.unknown ||
        next.initial ||
        next.nameWord ||
        capitalSurname ||
        (next.cap && (t.cap || !t.english) && !t.unknown && !(heading && t.english && next.english)) ||
        (t.first && next.surname && !t.english);
      if (surname && (!t.english || t.cap || next.unknown)) {
        take(i);
        continue;
      }
    }
    // A first name nobody else knows ("Is Harold ok on 5 mg?"); possessives of unknown words ("Adeyemi's INR").
    // "Cornelia de Lange's syndrome": an eponym head within three words makes the name part of a clinical term.
    const eponymous = toks.slice(i + 1, i + 4).some((w) => EPONYM_HEADS.has(w.lower));
    const acronym = t.base.length > 1 && t.base === t.base.toUpperCase();
    if (
      (t.first && !t.english && !t.hyphenated && !eponymous && !acronym) ||
      (t.possessive && !eponymous && (t.unknown || (t.first && t.cap)))
    ) {
      take(i);
      continue;
    }
    // Two capitalised words nobody knows ("Fitzwilliam Adeyemi"); a capitalised hyphenated surname ("Smith-Jones").
    if (t.unknown && t.cap && next?.unknown && next.cap) {
      take(i);
    }
  }

  // Beds and wards: "Nightingale Ward"; names beside a bed or bay ("bed 4 ravi", "Harold in bed 6").
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.lower !== 'ward' && t.lower !== 'wards') continue;
    for (let j = i - 1; j >= Math.max(0, i - 2); j--) {
      const w = toks[j] as Tok;
      if (w.token || w.stop || GENERIC_WARD.has(w.lower) || (w.clinical && !w.cap)) break;
      if (!w.cap && !w.unknown && !w.first) break;
      wardName[j] = true;
    }
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    const place = t.text === '[LOCATION]' || (t.lower === 'ward' && wardName[i - 1]);
    if (!place) continue;
    for (let j = Math.max(0, i - 6); j <= Math.min(toks.length - 1, i + 6); j++) {
      const w = toks[j] as Tok;
      if (w.token || w.stop || w.clinical || w.eponym || isName[j] || wardName[j] || isCue(w)) continue;
      const acronym = w.base.length > 1 && w.base === w.base.toUpperCase();
      if (
        w.unknown ||
        w.nameWord ||
        (w.first && (!w.english || (w.cap && !w.sentenceStart))) ||
        (w.cap && !w.sentenceStart && !w.english && !acronym)
      )
        isName[j] = true;
    }
  }

  // Towns beside an address or postcode ("Cardiff [POSTCODE]", "[POSTCODE] Berlin") or after "lives in".
  const town = new Array<boolean>(toks.length).fill(false);
  const ADDRESS_TOKENS = new Set(['[ADDRESS]', '[POSTCODE]', '[ZIP]']);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    // English, Dutch, German and French: "lives in", "woont in", "wohnt in", "habite à".
    const livesIn =
      /^(?:lives?|living|resides?|residing|moved|home|woont|woonachtig|wohnt|wohnhaft|habite|demeure|domicili[ée]e?)$/.test(t.lower) &&
      /^(?:in|near|at|te|à|a)$/.test(toks[i + 1]?.lower ?? '');
    if (!ADDRESS_TOKENS.has(t.text) && !livesIn) continue;
    // The cue of a postal code ("Eircode [POSTCODE]") is no town.
    const townish = (w: Tok | undefined) =>
      !!w &&
      !w.token &&
      !w.stop &&
      w.cap &&
      !w.clinical &&
      !isTitle(w) &&
      w.base !== w.base.toUpperCase() &&
      !/^(?:eircode|postcode|postal|zip|zipcode|plz|code|address|adres|adresse)$/.test(w.lower);
    for (let j = i + (livesIn ? 2 : 1); j < Math.min(toks.length, i + 4) && townish(toks[j]) && !toks[j]?.sentenceStart; j++)
      town[j] = true;
    for (let j = i - 1; j >= Math.max(0, i - 2) && townish(toks[j]) && !toks[j]?.sentenceStart; j--) town[j] = true;
  }

  const spans: Span[] = [];
  for (let i = 0; i < toks.length; i++) {
    const kind = isName[i] ? 'name' : wardName[i] ? 'location' : town[i] ? 'address' : undefined;
    if (!kind) continue;
    const t = toks[i] as Tok;
    const last = spans[spans.length - 1];
    const gap = last ? text.slice(last.end, t.start) : '';
    let end = t.possessive && t.base !== t.text ? t.start + t.base.length : t.end;
    if (t.initial && text[end] === '.') end += 1;
    if (last && last.kind === kind && /^[\s.,'’-]*$/.test(gap) && !gap.includes(',')) last.end = end;
    else spans.push({ start: t.start, end, kind });
  }
  return spans;
}
