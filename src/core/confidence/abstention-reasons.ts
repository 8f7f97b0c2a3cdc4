/**
 * Why an answer is ruled out or where else it may be, for the abstention to say so: the best source's patient group,
 * side or subject does not match the question's qualifiers; or the channel's document sets lack what other sets
 * hold.
 */
import type { AnswerDeps } from '../deps.js';
import type { ChannelProfile } from '../ports.js';
import { agreement, chunkPopulation, groupName, namedGroups, type Population, type PopulationReading } from '../question/population.js';
import { type Qualified, Qualifiers } from '../question/qualifiers.js';
import { contains, rangeFit, statedRanges } from '../question/ranges.js';
import { retrieve } from '../retrieve/retrieve.js';
import { sentences, terms } from '../text.js';
import type { RetrievedChunk } from '../types.js';
import { evidenceFeatures, singular } from './features.js';
import { assess } from './labels.js';

/**
 * The best source is written for another patient group than the one the question names (an adult protocol for "a
 * 4 year old", a paediatric one for "adult"): Rounds does not answer from it, whatever it says of the topic.
 */
export function populationMismatch(asked: PopulationReading, top: RetrievedChunk): string | undefined {
  if (asked.groups.length === 0) return undefined;
  // Whom the source says it is for: in its title or headings, or as one version of a topic for several groups. A
  // research abstract that mostly speaks of children is no children's protocol: its readers judge that.
  const source = top.meta.topic !== undefined ? chunkPopulation(top) : namedGroups(`${top.meta.title} ${top.meta.headingPath.join(' ')}`);
  if (agreement(asked.groups, source) >= 0) return undefined;
  const group = groupName(asked.groups[0] as Population);
  const about = asked.cue && /\d/.test(asked.cue) ? `${group} (${asked.cue})` : group;
  return `The closest source, "${top.meta.title}", is written for ${groupName(source[0] as Population)}; the question is about ${about}. Rounds does not answer from another patient group's protocol: use the protocol for that group.`;
}

/** The lexical weight of a term's other names against the asker's own words (see retrieve.ts). */
export const EXPANSION_WEIGHT = 0.5;

/**
 * Why the best source does not answer this question's qualifiers, or undefined: it is written for another patient
 * group ("in adults" for a newborn), or it is about the opposite side of what was asked (hypokalaemia for a
 * potassium of 6.1) and never names the asked side.
 */
export function qualifierMismatch(q: Qualified, top: RetrievedChunk, deps: AnswerDeps): string | undefined {
  const heading = `${top.meta.title} ${top.meta.headingPath.join(' ')}`;
  // Whom a guideline is for is said in its title or its opening ("…keeps blood glucose in range in adults…").
  const opening = q.groups.length ? (deps.lexical.window(top.id, top.meta.chunkIndex)[0]?.text ?? '') : '';
  const clash = (deps.qualifiers ?? Qualifiers.empty()).conflict(q.groups, `${heading} ${opening}`);
  if (clash)
    return `The closest source, "${top.meta.title}", is written for the ${clash[0]} group; the question is about the ${clash[1]} group. Use a guideline for that group.`;
  const window = deps.lexical.window(top.id, 1);
  const evidence = new Set(terms(`${heading} ${(window.length ? window : [top]).map((c) => c.text).join(' ')}`));
  // "Emergency medicines for children" is a guideline on "child" (a group named by an age, "a 4 year old"): stemming
  // keeps irregular plurals apart.
  const headingTerms = new Set(terms(heading).flatMap((t) => [t, singular(t)]));
  // A lab value's meaning ("hyperkalaemia") is answered by a guideline or section about it, not by a table that
  // mentions it in passing (a drug interaction that causes it).
  // A source that names the condition beside a range holding the value ("Hyperglycaemia above 12.0 mmol/L" for a
  // CBG of 15), or a table keyed on the value itself (a CBG band in a sliding scale), does handle it.
  const windowText = (window.length ? window : [top]).map((c) => c.text).join('\n');
  // A time span ("2–4 hours after birth") is no band for a level.
  const ranges = statedRanges(windowText).filter((iv) => !iv.time);
  for (const condition of q.conditions) {
    const named = terms(condition);
    if (named.every((t) => headingTerms.has(t))) continue;
    // Keyed on the value: a band holding it that lies wholly on its side of the reference range. "Fasting plasma
    // glucose below 6.0 mmol/L" holds a newborn's 1.8 too, but is a diagnostic cut-off, not a band for hypoglycaemia.
    const sides = q.outside.filter((o) => o.condition === condition);
    const keyed =
      rangeFit(windowText, q.values, heading) === 1 &&
      (sides.length === 0 ||
        sides.some((o) => ranges.some((iv) => contains(iv, o.value) && (o.side === 'low' ? iv.hi <= o.bound : iv.lo >= o.bound))));
    const unlabelled = q.values.map((v) => ({ value: v.value }));
    const stated = sentences(windowText).some((s) => {
      const said = new Set(terms(s));
      return named.every((t) => said.has(t)) && rangeFit(s, unlabelled) === 1;
    });
    if (!keyed && !stated) return `The closest source, "${top.meta.title}", is not a guideline on ${condition}.`;
  }
  for (const side of q.sides) {
    const askedTerms = side.asked.flatMap((p) => terms(p));
    const otherTerms = side.other.flatMap((p) => terms(p));
    if (otherTerms.some((t) => headingTerms.has(t)) && !askedTerms.some((t) => evidence.has(t)))
      return `The closest source, "${top.meta.title}", is about ${side.other[0]}, not ${side.asked[0]}: it does not answer this question.`;
  }
  return undefined;
}

/**
 * For an abstention in a channel that searches only some document sets: the other sets whose documents would
 * answer it (the same search over every set clears the abstention threshold), so the asker knows the reason is
 * the channel's configuration, not the knowledge base. Their documents are not shown.
 */
export async function otherCollections(
  query: string,
  expansion: string,
  groups: string[][][],
  profile: ChannelProfile,
  deps: AnswerDeps,
  atLeast: 'low' | 'medium',
  typed?: string[][][],
): Promise<string[]> {
  if (profile.collections.includes('*')) return [];
  const wide = await retrieve(query, deps, {
    expansion,
    expansionWeight: EXPANSION_WEIGHT,
    collections: ['*'],
    candidates: deps.settings.candidates,
    denseWeight: deps.settings.denseWeight,
    lexicalWeight: deps.settings.lexicalWeight,
  });
  const top = wide.chunks[0];
  if (!top || profile.collections.includes(top.meta.collection)) return [];
  const { scope, ...features } = evidenceFeatures({ text: query, groups, ...(typed ? { typed } : {}) }, wide, deps.lexical);
  if (scope) return [];
  // No answer was drafted from the other sets: its signals are taken as a plain quote of the best sentence would give.
  const wideConfidence = assess(
    { ...features, leadCoverage: features.sentenceCoverage, kindStated: 1, groupFit: 0, valueFit: 0, support: 1, sources: 1 },
    deps.settings.thresholds,
    deps.settings.model,
  );
  const rank = { insufficient: 0, low: 1, medium: 2, high: 3 } as const;
  if (rank[wideConfidence.label] < rank[atLeast]) return [];
  return [...new Set(wide.chunks.slice(0, 3).map((c) => c.meta.collection))].filter((c) => !profile.collections.includes(c));
}
