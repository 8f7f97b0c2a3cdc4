/**
 * Coverage reranking: among the top fused chunks, prefer the one whose own words (with its heading path) cover
 * most of the question. Fusion finds the right document; this finds the right section of it — the table that
 * holds "emergency response" rather than the document's introduction.
 */

import { covers, groupCoverage, heaviestGroup, type TermGroups } from '../confidence/features.js';
import { isDeviationList } from '../deviation.js';
import { agreement, chunkPopulation, isCueTerm, type Population, titledPopulation } from '../question/population.js';
import type { KindReading } from '../question/value-kind.js';
import { isWeakTerm, terms, typedWords } from '../text.js';
import type { RetrievedChunk } from '../types.js';

// 20 rather than 10: a long table chunk holding the one rare word ("nitrofurantoin") can rank below ten chunks that
// share the commoner words (demo hit@1 0.975 → 0.981; bioasq-dev nDCG@10 0.865 → 0.863).
export const RERANK_DEPTH = 20;
const FUSED_WEIGHT = 1;
/**
 * The question's subject, when it is a name: its rarest term, typed as a word no English dictionary holds (a new
 * drug, a gene, a tool: "anlotinib", "DamID", "PhenomeCentral") and not in capitals (an acronym, "ECLIA" or "GDM",
 * qualifies a question more often than it names its subject; a number is no name). BM25 and coverage let two
 * commoner words outweigh it: "What is the mechanism of action of anlotinib?" ranked a one-line abstract on another
 * drug's "mechanism of action" above every abstract about anlotinib. When at least SUBJECT_HOLDERS of the head
 * chunks name the subject, those that do are preferred by SUBJECT_BONUS. Measured with the confidence model
 * refitted: bioasq-dev hit@1 0.874 → 0.897, nDCG@10 0.863 → 0.890; pubmedqa-dev and the demo pack rank as before
 * (their subjects are dictionary words, or lead already). Bonus 0.3–1 and holders 2–4 measure alike.
 */
const SUBJECT_BONUS = 0.5;
const SUBJECT_HOLDERS = 3;

export function nameSubject(
  question: string,
  groups: TermGroups,
  idf: (t: string) => number,
  isWord: (word: string) => boolean,
): TermGroups[number] | undefined {
  const heaviest = heaviestGroup(groups, idf);
  if (!heaviest) return undefined;
  const names = new Set(
    typedWords(question)
      .filter((w) => !/^[A-Z0-9-]+$/.test(w) && !isWord(w.toLowerCase()))
      .flatMap((w) => terms(w)),
  );
  return heaviest.some((alt) => alt.some((t) => names.has(t))) ? heaviest : undefined;
}

/**
 * Patient groups, between versions of one topic: the version for the asked group is preferred by POPULATION_AGREE,
 * one for another group only (the adult protocol for "a 4 year old", the paediatric one for "adult") set back by
 * POPULATION_CONFLICT.
 */
const POPULATION_AGREE = 0.3;
/** A chunk stating the kind of value asked for ("what energy": joules), where that kind is rarely stated. */
const KIND_BONUS = 0.2;
const RARE_KINDS = new Set<KindReading['kind']>(['energy', 'ratio', 'rate']);
const POPULATION_CONFLICT = 0.3;
/**
 * A list of deviations from a standard (a quality or audit list, see deviation.ts) names the medicines, doses and
 * conditions of the protocols it audits: it is set back so that the protocol, not its audit, answers.
 */
const DEVIATION_LIST = 0.5;

/** Among versions of a topic, words naming the patient group weigh like everyday words: the group tells them apart. */
const weakOrCue = (t: string) => isWeakTerm(t) || isCueTerm(t);

export function rerankByCoverage(
  chunks: RetrievedChunk[],
  groups: TermGroups,
  idf: (t: string) => number,
  depth = RERANK_DEPTH,
  /** The question's subject when it is a name (see nameSubject). */
  subject?: TermGroups[number],
  /** The patient groups the question names (see question/population.ts). */
  population: readonly Population[] = [],
  /** The kind of value asked for (question/value-kind.ts), other than a dose: a chunk stating one is preferred. */
  kind?: KindReading,
): RetrievedChunk[] {
  const head = chunks.slice(0, depth);
  const best = head[0]?.score ?? 0;
  if (best <= 0 || head.length < 2) return chunks;
  const present = head.map((c) => new Set(terms(`${c.meta.title} ${c.meta.headingPath.join(' ')} ${c.text}`)));
  const names = present.map((p) => subject !== undefined && covers(subject, (t) => p.has(t)));
  const bonus = names.filter(Boolean).length >= SUBJECT_HOLDERS ? SUBJECT_BONUS : 0;
  // Versions of one topic for different groups (an adult and a paediatric protocol, marked at ingest): the asked
  // group's version first; a question naming no group reads as an adult's. Between different topics the question's
  // words decide: "chance of getting pregnant" does not make every obstetric guideline a better match.
  const populations = head.map(chunkPopulation);
  const titled = population.length ? head.map(titledPopulation) : [];
  const versions = (i: number) => {
    const topic = head[i]?.meta.topic;
    return (
      topic !== undefined && head.some((c, j) => j !== i && c.meta.topic === topic && populations[j]?.join() !== populations[i]?.join())
    );
  };
  const weak = head.some((c) => c.meta.topic !== undefined) ? weakOrCue : isWeakTerm;
  // A dose, a frequency or a duration is stated nearly everywhere in a protocol; an energy, a rate or a ratio is not.
  const stated = (c: RetrievedChunk) => kind !== undefined && RARE_KINDS.has(kind.kind) && kind.states.test(c.text);
  const scored = head.map((c, i) => {
    // Without versions, a group the question names still rules out a document written only for another group: the
    // newborn protocol's 3:1 ratio is not the answer for a 6-year-old, whatever words it shares with the question.
    const fit = versions(i)
      ? agreement(population.length ? population : ['adult'], populations[i] ?? [])
      : Math.min(0, agreement(population, titled[i] ?? []));
    return {
      c,
      s:
        FUSED_WEIGHT * (c.score / best) +
        groupCoverage(groups, present[i] as Set<string>, idf, weak) +
        (names[i] ? bonus : 0) +
        (fit > 0 ? POPULATION_AGREE : fit < 0 ? -POPULATION_CONFLICT : 0) +
        (stated(c) ? KIND_BONUS : 0) -
        (isDeviationList(c.text) ? DEVIATION_LIST : 0),
    };
  });
  scored.sort((a, b) => b.s - a.s);
  return [...scored.map((x) => x.c), ...chunks.slice(depth)];
}
