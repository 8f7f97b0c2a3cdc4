/**
 * What the answer tells the reader beside the text: the qualifiers' notes (a lab value read against its range),
 * why a source was ruled out, what was removed from the question, spelling searched, words and medicines the
 * knowledge base lacks, other document sets, a source's scope statement, planted instructions, an LLM fallback,
 * and each cited source's freshness.
 */
import type { Decision } from '../confidence/decide.js';
import { notSearched } from '../confidence/decide.js';
import type { ChannelProfile } from '../ports.js';
import type { Reading } from '../question/read-question.js';
import { describeRemoved } from '../redact/redact.js';
import type { Sources } from '../retrieve/find-sources.js';
import type { Citation, Redaction } from '../types.js';
import type { Drafted } from './draft-answer.js';
import { plain as unmarked } from './units.js';

export function answerWarnings(
  reading: Reading,
  sources: Sources,
  drafted: Drafted,
  decision: Decision,
  redaction: Redaction,
  profile: ChannelProfile,
  citations: Citation[],
  /** Notes of the worked-out dose (compose/work-out-dose.ts): why none was worked out, or what to check. */
  doseNotes: string[] = [],
): string[] {
  const { abstain, ruledOut, scope, absentMedicines, unknown, elsewhere } = decision;
  const warnings: string[] = [...reading.qualified.notes, ...doseNotes];
  // Greetings and thanks are no news; several questions are: the reader asks the others again.
  if (reading.part && (reading.redacted.match(/\?/g) ?? []).length >= 2)
    warnings.push(`Rounds answered the first question of the message: "${reading.part}". Ask the others on their own.`);
  if (ruledOut && !scope) warnings.push(ruledOut);
  if (decision.groupNote && !abstain) warnings.push(decision.groupNote);
  if (decision.notQuoted) warnings.push(decision.notQuoted);
  if (decision.ageNote && !abstain) warnings.push(decision.ageNote);
  if (redaction.redacted) warnings.push(describeRemoved(redaction.kinds));
  const removed = drafted.verified.removed;
  if (removed > 0 && !abstain) {
    warnings.push(
      `${removed} sentence${removed > 1 ? 's were' : ' was'} removed because the cited sources did not support ${removed > 1 ? 'them' : 'it'}.`,
    );
  }
  for (const c of reading.corrections) {
    // The asker's own spelling is not repeated: it may be an identifier the redactor did not recognise.
    if (c.root) warnings.push(`Rounds searched for "${c.corrected}", the form of your word the knowledge base uses.`);
    else if (!c.medicine) warnings.push(`Did you mean "${c.corrected}"? Rounds searched for that spelling.`);
  }
  if (absentMedicines.length) {
    warnings.push(
      `The knowledge base has nothing on ${absentMedicines.map((w) => `"${w}"`).join(' or ')}: Rounds does not answer about a medicine from sources about other medicines. Check a drug reference or ask pharmacy.`,
    );
  } else if (unknown.length) {
    warnings.push(
      `The knowledge base never mentions ${unknown.map((w) => `"${w}"`).join(' or ')}: check that ${abstain ? 'the closest sources are' : 'the answer is'} about what you asked.`,
    );
  }
  if (elsewhere.length && !abstain) warnings.push(`A stronger match may be in ${notSearched(elsewhere, profile)}.`);
  if (scope) warnings.push(`The closest source, "${scope.title}", says it does not cover this: "${unmarked(scope.sentence)}"`);
  if (sources.injected > 0)
    warnings.push('A source contained text that reads as instructions to an AI; it was ignored. Tell the knowledge-base editors.');
  if (drafted.fallbackReason)
    warnings.push(`The language model was unavailable (${drafted.fallbackReason}); this answer quotes the sources directly.`);
  for (const c of citations) {
    for (const w of c.warnings) {
      warnings.push(
        `[${c.n}] ${c.title}: ${w.kind === 'past_review' ? `past its review date (${w.reviewBy})` : `superseded${w.by ? ` by ${w.by}` : ''}`}.`,
      );
    }
  }
  return warnings;
}
