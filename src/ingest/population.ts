/**
 * Which patient groups each document is written for (see src/core/question/population.ts), set at ingest so every
 * chunk carries it:
 *
 * 1. front matter `population: [paediatric]` (the knowledge team's word, always first);
 * 2. the groups its title names ("… in adults", "Newborn / neonatal resuscitation", "Pregnancy complication");
 * 3. its text, when that names one group far more than the others (a paediatric protocol speaks of "pediatric
 *    patients", "< 1 year of age", "4 years or older"; an adult one of none of these);
 * 4. versions of one topic: documents of a set whose titles differ only by their reference or a group's name are
 *    versions for different patients, and an unmarked version beside a paediatric one is the adult version.
 */
import { namedGroups, POPULATIONS, type Population, statedAges, topicOf } from '../core/question/population.js';
import { fold } from '../core/text.js';
import type { SourceDocument } from './source-document.js';

/** A group named at least this often, and at least twice as often as every other group, types an untitled document. */
const MIN_MENTIONS = 3;

/** Mentions of each group in a text: its words, and the ages it states ("< 1 year of age" a child, "≥ 16 years" an adult). */
export function groupMentions(text: string): Record<Population, number> {
  const count: Record<Population, number> = { adult: 0, paediatric: 0, neonatal: 0, obstetric: 0 };
  for (const line of text.split('\n')) {
    for (const g of namedGroups(line)) count[g] += 1;
    // Ages as a protocol writes its bands: "<1 year of age", "4 years or older", "12-16 months".
    const t = fold(line);
    for (const m of t.matchAll(/(?:^|[^\d.])(\d{1,2})\s*(?:-\s*\d{1,2}\s*)?(years?|months?)\s*(?:of age|old|or older|or younger)/g)) {
      const years = Number(m[1]) / (/^month/.test(m[2] as string) ? 12 : 1);
      count[years < 16 ? 'paediatric' : 'adult'] += 1;
    }
    for (const a of statedAges(line)) count[a < 16 ? 'paediatric' : 'adult'] += 0.5;
    // An age band heading a dose ("6-11 Years", "12-16 months") is a child's.
    for (const m of t.matchAll(/(?:^|[^\d.])\d{1,2}\s*[-–]\s*(\d{1,2})\s*(years?|months?)\b(?!\s*(?:of age|old|or))/g)) {
      const upper = Number(m[1]) / (/^month/.test(m[2] as string) ? 12 : 1);
      if (upper < 16) count.paediatric += 1;
    }
  }
  return count;
}

/** The groups a document's title names, or its text names far more than any other. */
export function documentPopulation(doc: Pick<SourceDocument, 'title' | 'text'>): Population[] {
  const titled = namedGroups(doc.title);
  if (titled.length) return titled;
  const count = groupMentions(doc.text);
  const ranked = POPULATIONS.filter((p) => p !== 'obstetric').sort((a, b) => count[b] - count[a]);
  const top = ranked[0] as Population;
  const rest = ranked.slice(1).reduce((s, p) => s + count[p], 0);
  const out: Population[] = [];
  // A drug reference with "Adult Dose" and "Pediatric Dose" lines is for both: another group named twice or more
  // leaves the document unmarked.
  if (count[top] >= MIN_MENTIONS && (rest === 0 || count[top] >= 4 * rest)) out.push(top);
  // Pregnancy is read on its own: a protocol about labour names it throughout, whatever it says of newborns.
  if (count.obstetric >= MIN_MENTIONS * 2 && count.obstetric >= 2 * Math.max(count.adult, count.paediatric)) out.push('obstetric');
  return out;
}

/** Doses given per kilogram of body weight ("0.01mg/kg", "20 mL/kg", "2J/kg"). */
export function perKgDoses(text: string): number {
  return (text.match(/\d\s*(?:mg|mcg|micrograms?|g|gm|ml|meq|mmol|units?|j|joules)\s*\/\s*kg\b/gi) ?? []).length;
}

/** Sets `population` on every document that has none from its front matter (see the steps above). */
export function typeDocuments(docs: SourceDocument[]): void {
  for (const doc of docs) if (!doc.population?.length) doc.population = documentPopulation(doc);
  const byTopic = new Map<string, SourceDocument[]>();
  for (const doc of docs) {
    const topic = topicOf(doc.title);
    if (!topic) continue;
    const key = `${doc.collection}\u0000${topic}`;
    byTopic.set(key, [...(byTopic.get(key) ?? []), doc]);
  }
  for (const versions of byTopic.values()) {
    // Two to four versions (adult, child, newborn, pregnancy); more documents sharing a title ("PubMed 1234…")
    // are not versions of one topic.
    if (versions.length < 2 || versions.length > 4) continue;
    const isChild = (d: SourceDocument) => d.population?.some((p) => p === 'paediatric' || p === 'neonatal') ?? false;
    if (!versions.some(isChild)) {
      // Doses by weight tell the children's version from the adult one when neither says whom it is for ("Normal
      // Saline 20mL/kg" beside "Normal Saline 1L").
      const unmarked = versions.filter((d) => !d.population?.length);
      const ranked = unmarked.map((d) => ({ d, n: perKgDoses(d.text) })).sort((a, b) => b.n - a.n);
      const [first, second] = ranked;
      if (first && second && first.n >= 2 && first.n >= 2 * second.n + 1) first.d.population = ['paediatric'];
    }
    if (!versions.some(isChild)) continue;
    for (const d of versions) if (!d.population?.length) d.population = ['adult'];
    // Answers choose between these versions by the question's group (retrieve/rerank.ts).
    for (const d of versions) d.topic = topicOf(d.title);
  }
}
