/**
 * The worked-out dose as every surface shows it: one line of its own under the quoted answer, marked as a
 * calculation (it is arithmetic Rounds did, not a quote) and linked to the quote's citation, so a reader can check
 * it against the source in a few seconds. Wording shared by Slack, Teams, the web and the CLI.
 */
import type { Answer, AnswerSentence } from '../types.js';

export const CALCULATION_LABEL = 'Calculation (check it against the source)';

/** The answer's verified calculation sentence; none for abstentions and refusals. */
export function calculationOf(answer: Answer): AnswerSentence | undefined {
  if (answer.status !== 'answered') return undefined;
  return answer.sentences.find((s) => s.kind === 'calculation' && s.supported && s.calculation);
}

/** "🧮 Calculation (check it against the source): For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg (within …) [1]". */
export function calculationLine(answer: Answer): string | undefined {
  const s = calculationOf(answer);
  if (!s) return undefined;
  const marks = s.citations.map((n) => `[${n}]`).join('');
  const rounding = s.calculation?.rounded ? ` (${s.calculation.rounding})` : '';
  return `🧮 ${CALCULATION_LABEL}: ${s.text} ${marks}${rounding}`;
}
