/**
 * Whether the quoted passage answers this question, measured on the answer itself (whatever composed it): how much
 * of the question the lead sentence covers with its source's headings, whether it states the kind of value asked
 * for (a dose for "how much", joules for "what energy"), whether its source is for the question's patient group,
 * and how its numbers stand to the patient's values. The evidence features say whether the knowledge base holds the
 * topic; these say whether the answer is the right line of it, which transfers across knowledge bases where the
 * first does not (a county's protocols name every drug in many documents).
 */
import type { Verified } from '../compose/verify.js';
import { agreement, chunkPopulation, type Population } from '../question/population.js';
import { type QuestionValue, rangeFit } from '../question/ranges.js';
import type { KindReading } from '../question/value-kind.js';
import { terms } from '../text.js';
import type { RetrievedChunk } from '../types.js';
import { groupCoverage, type TermGroups } from './features.js';

export interface AnswerSignals {
  /** Coverage of the question by the lead sentence with its source's title and headings. */
  leadCoverage: number;
  /** 1 when the answer states a value of the kind asked for (or none was asked), else 0. */
  kindStated: number;
  /** The lead source's patient group against the question's: 1 agrees, -1 another group, 0 either does not say. */
  groupFit: number;
  /** The lead sentence against the patient's values: 1 holds one, -1 excludes them, 0 silent or no values. */
  valueFit: number;
}

export function answerSignals(
  query: { groups: TermGroups; values: QuestionValue[]; population: readonly Population[]; kind: KindReading | undefined },
  verified: Verified,
  sources: RetrievedChunk[],
  idf: (t: string) => number,
  weak: (t: string) => boolean,
): AnswerSignals {
  const supported = verified.sentences.filter((s) => s.supported);
  const lead = supported[0];
  if (!lead) return { leadCoverage: 0, kindStated: 0, groupFit: 0, valueFit: 0 };
  const cited = verified.citations.find((c) => c.n === lead.citations[0]);
  const chunk = cited ? sources.find((c) => c.id === cited.chunkId) : undefined;
  const context = cited ? `${cited.title} ${cited.headingPath.join(' ')}` : '';
  const leadCoverage = groupCoverage(query.groups, new Set(terms(`${lead.text} ${context}`)), idf, weak);
  const kindStated = !query.kind || supported.some((s) => query.kind?.states.test(s.text)) ? 1 : 0;
  const groupFit = chunk ? agreement(query.population, chunkPopulation(chunk)) : 0;
  const valueFit = query.values.length ? rangeFit(lead.text, query.values, context) : 0;
  return { leadCoverage, kindStated, groupFit, valueFit };
}
