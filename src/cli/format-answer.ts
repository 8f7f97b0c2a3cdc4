/** Renders an Answer for a terminal (`rounds ask`). */
import { calculationLine } from '../core/compose/calculation-line.js';
import { CONFIDENCE_EMOJI, CONFIDENCE_TITLE, citationLabel, citationVersionLine, freshnessText } from '../core/compose/present.js';
import type { Answer } from '../core/types.js';

export function formatAnswer(a: Answer): string {
  const out: string[] = [];
  if (a.status === 'refused') {
    out.push(`Not answered: ${a.text}`);
    return `${out.join('\n')}\n`;
  }
  out.push(a.text, '');
  const calculation = calculationLine(a);
  if (calculation) out.push(calculation, '');
  // The label in plain words, no score beside it: "Not enough evidence (0.98)" or "Medium (1.00)" reads as a
  // contradiction (a rule abstained; the high threshold sits near 1). The score is in the last line, the
  // measured figure behind the label under it.
  out.push(`${CONFIDENCE_EMOJI[a.confidence.label]} ${CONFIDENCE_TITLE[a.confidence.label]}: ${a.confidence.meaning}`);
  if (a.confidence.measured) out.push(`   ${a.confidence.measured}`);
  if (a.citations.length) {
    out.push('', a.status === 'insufficient_evidence' ? 'Closest sources (they do not answer the question):' : 'Sources:');
    for (const c of a.citations) {
      const version = citationVersionLine(c);
      out.push(`  [${c.n}] ${citationLabel(c)}${version ? `  (${version})` : ''}  [${c.collection}]`);
      out.push(`      “${c.snippet}”`);
      if (c.source) out.push(`      ${c.source}`);
      for (const w of c.warnings) out.push(`      ⚠ ${freshnessText(w)}`);
    }
  }
  const other = a.warnings.filter((w) => !/^\[\d+\]/.test(w));
  if (other.length) out.push('', ...other.map((w) => `⚠ ${w}`));
  out.push(
    '',
    `retrieval ${a.timings.retrievalMs.toFixed(1)} ms · compose ${a.timings.composeMs.toFixed(1)} ms (${a.composer}${a.fallbackReason ? `: ${a.fallbackReason}` : ''}) · total ${a.timings.totalMs.toFixed(1)} ms · evidence score ${a.confidence.score.toFixed(2)} · profile ${a.channelProfile} · answer ${a.id}`,
  );
  return `${out.join('\n')}\n`;
}
