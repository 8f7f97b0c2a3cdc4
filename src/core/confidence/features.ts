/**
 * Measured evidence features behind the confidence label. All are scale-free (shares and margins in [0, 1] or
 * cosine similarities), so they mean the same on a 20-document pack and a 100k-chunk index.
 */
import type { LexicalIndex } from '../ports.js';
import { isCueTerm } from '../question/population.js';
import { KIND_WORDS } from '../question/value-kind.js';
import type { Retrieval } from '../retrieve/retrieve.js';
import { isWeakTerm, sentences, stem, terms } from '../text.js';

/** A query term group: alternatives (each a list of terms), covered when all terms of one alternative are present. */
export type TermGroups = string[][][];

export interface EvidenceFeatures {
  /** IDF-weighted share of the question's terms found in the best chunk (title, headings and text). */
  coverage: number;
  /** The same share for the best single sentence of that chunk: evidence clustered in one statement. */
  sentenceCoverage: number;
  /** IDF-weighted share of the question's adjacent term pairs found as adjacent pairs in the chunk. */
  bigram: number;
  /** BM25 margin of the best document over the next one: (s1 - s2) / s1. */
  margin: number;
  /** Cosine similarity of the question and the best chunk. */
  dense: number;
  /** 1 when the best document is in the top 3 of both the dense and the lexical ranking. */
  agreement: number;
  /** Share of the question's two rarest terms found in the evidence: the specific word ("Waterlow",
   * "methadone") is what a near-miss source lacks. */
  rare: number;
  /** 1 when one of the best documents names a missing question term only where it says what it does not cover. */
  outOfScope: number;
  /** The coverage of the best chunk of the second-best document: a second source that also holds the question. */
  coverage2: number;
  /** The weight of the heaviest question term missing from the evidence, over the heaviest term's (0: none missing). */
  missing: number;
  /** The best lexical score over the most the question's terms could score: how much of the question one chunk holds. */
  lexical: number;
  /**
   * How many of the ten best documents hold the question's most specific term as typed (the heaviest group that is
   * not an everyday or answer-form word, before spelling correction), over three, capped at 1: an answerable
   * question usually has several sources naming its subject; a near miss names it once by chance ("Ohnologs" in one
   * unrelated abstract) or not at all ("exposome", searched as "exosome"; a drug the knowledge base lacks).
   */
  rareDocs: number;
  /**
   * How often the best evidence names the question's most specific term, over three, capped at 1: a source about
   * a thing names it again and again; one that mentions it in passing ("PhenomeCentral" in a list of seven
   * databases) names it once.
   */
  mentions: number;
}

/** Where one of the best documents says the question's subject is outside its scope (see scopeExclusion). */
export interface ScopeExclusion {
  docId: string;
  title: string;
  sentence: string;
}

/**
 * A sentence in which a source states what it does not cover: "Central venous catheters are outside its scope",
 * "It does not cover children or neonates", "Children … follow separate guidance", "hyperkalaemia is managed under a
 * separate protocol", "DKA … need a fixed rate infusion under their own protocols". Guidelines state their
 * scope; a question whose subject a source mentions only to exclude it is not answered by that source. A sentence
 * opening with "Do not include…" is an instruction to the reader ("Do not include home doses of albuterol in your
 * total"), not a scope statement.
 */
const SCOPE_EXCLUSION =
  /\b(?:does|will) not (?:cover|apply to|include|address)\b|(?<!(?:^|[.!?:;])[\s\-–•*\d.)]*)\b(?:do not|don[’']t) (?:cover|apply to|include|address)\b|\b(?:is|are) not (?:covered|included)\b|\b(?:outside|beyond|out of) (?:the |its |this |our )?(?:\w+ )?scope\b|\bfollows? (?:a )?separate\b|\bsee (?:the )?separate\b|\bexcluded from (?:this|the)\b|\b(?:own|separate) (?:protocols?|guidelines?|guidance|polic(?:y|ies)|pathways?)\b/i;

export function isScopeExclusion(sentence: string): boolean {
  return SCOPE_EXCLUSION.test(sentence);
}

/** The chunk text without its scope-exclusion sentences (unchanged when it has none). */
function withoutExclusions(text: string): { text: string; exclusions: string[] } {
  if (!SCOPE_EXCLUSION.test(text)) return { text, exclusions: [] };
  const exclusions: string[] = [];
  const kept: string[] = [];
  for (const s of sentences(text)) (isScopeExclusion(s) ? exclusions : kept).push(s);
  return { text: kept.join('\n'), exclusions };
}

/** A term group is covered when every term of one of its alternatives (spellings from the terminology) is there. */
export function covers(group: string[][], has: (term: string) => boolean): boolean {
  return group.some((alt) => alt.every(has));
}

/**
 * How much a term group weighs: the IDF of its most used spelling, as an approximation of the IDF of "any of its
 * spellings". Spellings the knowledge base never uses (a foreign variant from the terminology file has the
 * maximum IDF) count only when no spelling is used at all.
 */
export function groupWeight(group: string[][], idf: (t: string) => number, weak: (t: string) => boolean = isWeakTerm): number {
  let used = Number.POSITIVE_INFINITY;
  let unused = 0;
  // No chunk holds a term that cannot be typed: its IDF is the IDF of a term the knowledge base never uses.
  const unseen = idf('\u0000') - 1e-9;
  for (const alt of group) {
    let w = 0;
    let unknown = false;
    for (const t of alt) {
      const v = idf(t);
      if (v >= unseen) unknown = true;
      w += v * (weak(t) ? 0.25 : 1);
    }
    w /= Math.max(1, alt.length);
    if (unknown) unused = Math.max(unused, w);
    else used = Math.min(used, w);
  }
  return Number.isFinite(used) ? used : unused;
}

/**
 * The question's most specific term group (highest IDF weight, not only weak words) among those `where` accepts; the
 * first of equals.
 */
export function heaviestGroup(
  groups: TermGroups,
  idf: (t: string) => number,
  where: (g: TermGroups[number]) => boolean = () => true,
  weak: (t: string) => boolean = isWeakTerm,
): TermGroups[number] | undefined {
  return [...groups]
    .filter((g) => where(g) && g.some((alt) => alt.some((t) => !weak(t))))
    .sort((a, b) => groupWeight(b, idf, weak) - groupWeight(a, idf, weak))[0];
}

export function groupCoverage(
  groups: TermGroups,
  present: Set<string>,
  idf: (t: string) => number,
  weak: (t: string) => boolean = isWeakTerm,
): number {
  let total = 0;
  let covered = 0;
  for (const g of groups) {
    const w = groupWeight(g, idf, weak);
    total += w;
    if (covers(g, (t) => present.has(t))) covered += w;
  }
  return total > 0 ? covered / total : 0;
}

function bigramShare(queryTerms: string[], chunkTerms: string[], idf: (t: string) => number): number {
  if (queryTerms.length < 2) return 0;
  const pairs = new Set<string>();
  for (let i = 1; i < chunkTerms.length; i += 1) pairs.add(`${chunkTerms[i - 1]} ${chunkTerms[i]}`);
  let total = 0;
  let found = 0;
  for (let i = 1; i < queryTerms.length; i += 1) {
    const a = queryTerms[i - 1] as string;
    const b = queryTerms[i] as string;
    const w = idf(a) + idf(b);
    total += w;
    if (pairs.has(`${a} ${b}`)) found += w;
  }
  return total > 0 ? found / total : 0;
}

const WINDOW_RADIUS = 1;

export function evidenceFeatures(
  /** typed: the question's term groups before spelling correction (defaults to groups), for rareDocs. */
  query: { text: string; groups: TermGroups; typed?: TermGroups; weak?: (term: string) => boolean },
  retrieval: Retrieval,
  lexical: LexicalIndex,
): EvidenceFeatures & { scope?: ScopeExclusion } {
  const isFeatureWeak = query.weak ?? isFormOrWeak;
  const top = retrieval.chunks[0];
  if (!top)
    return {
      coverage: 0,
      sentenceCoverage: 0,
      bigram: 0,
      margin: 0,
      dense: 0,
      agreement: 0,
      rare: 0,
      outOfScope: 0,
      coverage2: 0,
      missing: 1,
      lexical: 0,
      rareDocs: 0,
      mentions: 0,
    };
  const idf = (t: string) => lexical.idf(t);
  // The evidence window: the best chunk and its neighbours, so a statement split by chunking still counts
  // (measured on pubmedqa-dev: abstention AUROC 0.975 → 0.977 against the chunk alone).
  // What a source says it does not cover is not evidence for it: those sentences are left out of the window.
  const windowChunks = lexical.window(top.id, WINDOW_RADIUS);
  const evidence = (windowChunks.length ? windowChunks : [top]).map((c) => {
    const { text } = withoutExclusions(c.text);
    return text === c.text ? c : { ...c, text };
  });
  const windowText = evidence.map((c) => c.text).join('\n');
  const context = terms(`${top.meta.title} ${top.meta.headingPath.join(' ')}`);
  const present = new Set([...context, ...terms(windowText)]);
  const coverage = groupCoverage(query.groups, present, idf, isFeatureWeak);
  const weights = query.groups.map((g) => groupWeight(g, idf, isFeatureWeak));
  const heaviest = Math.max(0, ...weights);
  const missing =
    heaviest > 0
      ? Math.max(0, ...query.groups.map((g, i) => (covers(g, (t) => present.has(t)) ? 0 : (weights[i] as number)))) / heaviest
      : 1;
  const second = retrieval.chunks.slice(0, 10).find((c) => c.meta.docId !== top.meta.docId);
  const coverage2 = second
    ? groupCoverage(
        query.groups,
        new Set(terms(`${second.meta.title} ${second.meta.headingPath.join(' ')} ${second.text}`)),
        idf,
        isFeatureWeak,
      )
    : 0;
  // A BM25 term scores at most idf × (k1 + 1) (k1 = 1.2): the best score over that bound, capped at 1 (the
  // retrieval query also carries terminology variants).
  const possible = [...new Set(terms(query.text))].reduce((a, t) => a + idf(t), 0);
  const lexicalShare = possible > 0 ? Math.min(1, (retrieval.lexicalDocs[0]?.score ?? 0) / (possible * 2.2)) : 0;
  const rarest = [...query.groups].sort((a, b) => groupWeight(b, idf, isFeatureWeak) - groupWeight(a, idf, isFeatureWeak)).slice(0, 2);
  const rare = rarest.length ? rarest.filter((g) => covers(g, (t) => present.has(t))).length / rarest.length : 0;
  let sentenceCoverage = 0;
  for (const c of evidence) {
    const ctx = terms(`${c.meta.title} ${c.meta.headingPath.join(' ')}`);
    for (const s of sentences(c.text)) {
      const cov = groupCoverage(query.groups, new Set([...ctx, ...terms(s)]), idf, isFeatureWeak);
      if (cov > sentenceCoverage) sentenceCoverage = cov;
    }
  }
  const bigram = bigramShare(terms(query.text), terms(windowText), idf);

  const topDoc = top.meta.docId;
  const lexScore = retrieval.lexicalDocs.find((d) => d.docId === topDoc)?.score ?? 0;
  const other = retrieval.lexicalDocs.find((d) => d.docId !== topDoc)?.score ?? 0;
  const denom = Math.max(lexScore, other);
  const margin = denom > 0 ? (lexScore - other) / denom : 0;
  const inTop3 = (list: { docId: string }[]) => list.slice(0, 3).some((d) => d.docId === topDoc);
  const scope = scopeExclusion(query.groups, present, retrieval.chunks, lexical, idf);
  const rareDocs = rareDocShare(query.typed ?? query.groups, retrieval.chunks, lexical, idf);
  const mentions =
    Math.min(MENTIONS_ENOUGH, mentionsOf(heaviestGroup(query.groups, idf, undefined, isFeatureWeak), terms(windowText))) / MENTIONS_ENOUGH;
  return {
    ...(scope ? { scope } : {}),
    outOfScope: scope ? 1 : 0,
    coverage,
    sentenceCoverage,
    bigram,
    margin,
    dense: top.denseScore ?? 0,
    agreement: inTop3(retrieval.lexicalDocs) && inTop3(retrieval.denseDocs) ? 1 : 0,
    rare,
    coverage2,
    missing,
    lexical: lexicalShare,
    rareDocs,
    mentions,
  };
}

/**
 * Words that say what form the answer should take ("List …", "Name …", "Please describe briefly …", "What is known
 * about …"), not what the question is about. Sources rarely use them, so their IDF is high by chance: in the
 * confidence features they weigh like everyday words, and a source lacking "list" or "please" is not a near miss.
 * So do the words that ask what a thing does ("the mechanism of action of anlotinib", "the mode of action", "the
 * function of the protein", "the role of", "the basis of"): a source answers them by saying it ("a multi-target
 * tyrosine kinase inhibitor"), rarely with the asking words (with the subject-name ranking in rerank.ts, out of fold:
 * bioasq-dev abstained_at_95 62.6% → 64.2% averaged over eight fold draws; pubmedqa-dev and the demo set as before).
 */
const FORM = new Set(
  'list lists name please describe briefly provide summary summarize summarise explain mention known mechanism mode action function role basis'
    .split(' ')
    .map((w) => stem(w)),
);

/** Everyday words and words saying what form the answer takes: a source answers them without them. */
export function isFormOrWeak(term: string): boolean {
  return isWeakTerm(term) || FORM.has(term);
}

/**
 * The words of this question a source need not contain: everyday and form words; the words asking for a kind of
 * value when the question asks for one ("what energy", "how much": the source states joules or milligrams); and,
 * where the best source is one version of a topic written for several patient groups, the words naming the group
 * ("kid", "4 year old": a paediatric protocol says so by being one). Elsewhere "pregnancy" or "children" may be
 * the very subject of a question, and weigh in full.
 */
export function featureWeakness(kindAsked: boolean, versioned: boolean): (term: string) => boolean {
  return (t) => isFormOrWeak(t) || (kindAsked && KIND_WORDS.has(t)) || (versioned && isCueTerm(t));
}

const MENTIONS_ENOUGH = 3;

/** How many times a group is named in a run of terms (a multiword alternative counts where its terms stand in order). */
function mentionsOf(group: TermGroups[number] | undefined, run: string[]): number {
  if (!group) return 0;
  let n = 0;
  for (let i = 0; i < run.length; i += 1) if (group.some((alt) => alt.length > 0 && alt.every((t, k) => run[i + k] === t))) n += 1;
  return n;
}

const RARE_DOCS = 10;
const RARE_DOCS_ENOUGH = 3;

/** Share of the best documents (one chunk window each) holding the heaviest specific group, capped (see rareDocs). */
function rareDocShare(groups: TermGroups, ranked: Retrieval['chunks'], lexical: LexicalIndex, idf: (t: string) => number): number {
  const rarest = heaviestGroup(groups, idf, undefined, isFormOrWeak);
  if (!rarest) return 0;
  const seen = new Set<string>();
  let holding = 0;
  for (const c of ranked) {
    if (seen.size >= RARE_DOCS) break;
    if (seen.has(c.meta.docId)) continue;
    seen.add(c.meta.docId);
    const win = lexical.window(c.id, WINDOW_RADIUS);
    const text = (win.length ? win : [c]).map((x) => x.text).join('\n');
    const present = new Set(terms(`${c.meta.title} ${c.meta.headingPath.join(' ')} ${text}`));
    if (covers(rarest, (t) => present.has(t))) holding += 1;
  }
  return Math.min(1, holding / RARE_DOCS_ENOUGH);
}

/**
 * A scope statement that excludes what the question asks about: a question term (not an everyday word) missing
 * from the evidence but named in a sentence of one of the three best documents saying it does not cover it
 * ("vancomycin for a 3-year-old child" → "It does not cover children or neonates"). Scope statements usually
 * sit in a document's opening, so every chunk of those documents is read (at most 200 each).
 */
function scopeExclusion(
  groups: TermGroups,
  present: Set<string>,
  ranked: Retrieval['chunks'],
  lexical: LexicalIndex,
  idf: (t: string) => number,
): ScopeExclusion | undefined {
  const missing = groups.filter((g) => !covers(g, (t) => present.has(t)) && groupWeight(g, idf) > 0);
  const specific = missing.filter((g) => g.some((alt) => alt.some((t) => !isWeakTerm(t))));
  if (specific.length === 0) return undefined;
  const docs = new Map<string, Retrieval['chunks'][number]>();
  for (const c of ranked) {
    if (docs.size >= 3) break;
    if (!docs.has(c.meta.docId)) docs.set(c.meta.docId, c);
  }
  for (const best of docs.values()) {
    const docChunks = lexical.window(best.id, Math.min(200, Math.max(best.meta.chunkCount, 1)));
    for (const c of docChunks.length ? docChunks : [best]) {
      for (const sentence of withoutExclusions(c.text).exclusions) {
        const said = new Set(terms(sentence).map(singular));
        if (specific.some((g) => covers(g, (t) => said.has(singular(t))))) {
          return { docId: best.meta.docId, title: best.meta.title, sentence };
        }
      }
    }
  }
  return undefined;
}

/** Irregular plurals that stemming leaves apart ("does not cover children" must exclude "a 3-year-old child"). */
const IRREGULAR: Record<string, string> = { children: 'child', women: 'woman', men: 'man', people: 'person', feet: 'foot', teeth: 'tooth' };
export function singular(term: string): string {
  return IRREGULAR[term] ?? term;
}
const PLURAL: Record<string, string> = Object.fromEntries(Object.entries(IRREGULAR).map(([plural, one]) => [one, plural]));

/**
 * Question terms the knowledge base never uses (no chunk holds any of their spellings), when the rest of the
 * question is in its vocabulary: "Waterlow" in a pack that scores pressure risk with Braden, "methadone" beside an
 * opioid table without it. A source can look like a strong match while lacking the one word that matters, so the
 * answer names them. Questions mostly outside the vocabulary (another language, heavy shorthand) get no list: it
 * would name half the question. Returns the stemmed terms.
 */
export function unknownTerms(groups: TermGroups, docFrequency: (term: string) => number): string[] {
  const specific = groups.filter((g) => g.some((alt) => alt.some((t) => !isWeakTerm(t) && t.length >= 4)));
  const known = knownTo(docFrequency);
  const unknown = specific.filter((g) => !covers(g, known));
  if (unknown.length === 0 || unknown.length > 2 || specific.length - unknown.length < 2) return [];
  return unknown.flatMap((g) => (g[0] ?? []).filter((t) => !known(t)));
}

/**
 * Whether the knowledge base uses a (stemmed) term: some chunk holds it. "child" is known when the pack only says
 * "children": stemming keeps irregular plurals apart.
 */
export function knownTo(docFrequency: (term: string) => number): (term: string) => boolean {
  return (t) => docFrequency(t) > 0 || (PLURAL[t] !== undefined && docFrequency(PLURAL[t]) > 0) || docFrequency(singular(t)) > 0;
}
