/**
 * The numbers behind each feedback-report chart, as tables: the charts' text equivalent (WCAG 1.1.1) for screen
 * readers and for anyone who cannot tell the chart's green from its red (1.4.1). Each table holds what its chart
 * draws, from the same data and the same filter, so the two cannot disagree.
 */
import type { RateGroup, ScoreBin } from './report.js';
import { esc, pct } from './report-svg.js';

function table(caption: string, head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr><th scope="row">${r[0]}</th>${r
          .slice(1)
          .map((c) => `<td class="num">${c}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<table class="chart-table"><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Collapsed under the chart: there for whoever wants it, without doubling the page's length for everyone else. */
function numbers(inner: string): string {
  return `<details class="chart-data"><summary>The numbers in this chart</summary>${inner}</details>`;
}

export function ratingsOverTimeTable(days: { day: string; up: number; down: number }[]): string {
  if (days.length === 0) return '';
  return numbers(
    table(
      'Ratings per day',
      ['Day', '👍 helpful', '👎 not helpful'],
      days.map((d) => [esc(d.day), String(d.up), String(d.down)]),
    ),
  );
}

export function rateTable(groups: RateGroup[], caption: string, keyTitle: string): string {
  const shown = groups.filter((g) => g.ratings > 0);
  if (shown.length === 0) return '';
  return numbers(
    table(
      caption,
      [keyTitle, '👍 rate', 'Ratings'],
      shown.map((g) => [esc(g.key), pct(g.upRate), String(g.ratings)]),
    ),
  );
}

export function reliabilityTables(bins: ScoreBin[], labels: RateGroup[]): string {
  if (bins.length === 0) return '';
  const byBin = table(
    'Reviewer-approved share by confidence-score band',
    ['Score band', 'Mean score', 'Approved by reviewers', 'Ratings'],
    bins.map((b) => [`${b.lo.toFixed(1)}–${b.hi.toFixed(1)}`, b.meanScore.toFixed(2), pct(b.approvedRate), String(b.n)]),
  );
  const byLabel = table(
    'Reviewer-approved share by confidence label',
    ['Label', 'Approved by reviewers', 'Reviewer ratings', '95% interval'],
    labels.map((g) => [
      esc(g.key),
      pct(g.reviewerRate),
      String(g.reviewerRatings),
      g.reviewerCi ? `${pct(g.reviewerCi[0])}–${pct(g.reviewerCi[1])}` : '–',
    ]),
  );
  return numbers(byBin + byLabel);
}
