/**
 * The review console's calibration panel: how many reviewer-rated answers the deployment has against the minimum
 * `rounds calibrate` needs, and per label the approved share so far (95% interval) beside the figure the label
 * states. A table with a caption and header cells, so a screen reader reads each figure with its label.
 */
import { CONFIDENCE_TITLE } from '../../src/core/compose/present.js';
import type { CalibrationProgress } from '../../src/store/calibration-progress.js';
import { esc } from './html.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function renderCalibrationPanel(p: CalibrationProgress): string {
  const status = p.missing
    ? `${p.missing.more} more rated answer${p.missing.more === 1 ? '' : 's'} needed${p.missing.moreDown ? `, at least ${p.missing.moreDown} of them 👎` : ''}, before <code>rounds calibrate</code> can fit the labels to your reviewers.`
    : 'Enough to calibrate: run <code>rounds calibrate</code> to fit the labels to your reviewers and state their own figures.';
  const rows = p.labels
    .map((l) => {
      const approved = l.approved ? `${pct(l.approved.share)} (${pct(l.approved.low)}–${pct(l.approved.high)})` : '—';
      return `<tr><th scope="row">${esc(CONFIDENCE_TITLE[l.label])}</th><td>${l.rated}</td><td>${approved}</td><td>${l.stated === undefined ? '—' : pct(l.stated)}</td></tr>`;
    })
    .join('');
  const source = p.statedOn ? `<p class="muted small">Stated figures: measured ${esc(p.statedOn)}.</p>` : '';
  return `<section class="chart calibration" aria-labelledby="calibration-heading">
<h2 id="calibration-heading">Calibration to your reviewers</h2>
<p>Reviewer-rated answers: <strong>${p.rated}</strong> of ${p.minimum.rated} needed; 👎 <strong>${p.down}</strong> of ${p.minimum.down}. ${status}</p>
<table><caption>Approved share by label so far, against the figure each label states</caption>
<thead><tr><th scope="col">Label</th><th scope="col">Rated</th><th scope="col">Approved (95% interval)</th><th scope="col">Stated</th></tr></thead>
<tbody>${rows}</tbody></table>
${source}</section>`;
}
