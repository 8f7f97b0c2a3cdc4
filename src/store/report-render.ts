/**
 * Renders ReportData as one self-contained HTML file (inline CSS and SVG, no script), as an HTML fragment of
 * the charts for the web /review page, and as a short terminal summary. Every stored string is escaped: questions
 * and comments are user text.
 */
import { CONFIDENCE_TITLE } from '../core/compose/present.js';
import { renderGapsHtml, renderGapsText } from './gaps-render.js';
import type { RateGroup, ReportData } from './report.js';
import { esc, pct, rateBarsSvg, ratingsOverTimeSvg, reliabilitySvg } from './report-svg.js';
import { rateTable, ratingsOverTimeTable, reliabilityTables } from './report-tables.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1040px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.muted{color:#666}.kpis{display:flex;gap:12px;flex-wrap:wrap;margin:14px 0}
.kpi{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}.kpi b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}.unsafe{color:#b71c1c;font-weight:600}
.chart{margin:8px 0;overflow-x:auto}code{font-size:12px}caption{text-align:left;font-weight:600;padding:4px 0}
.chart-table{width:auto;min-width:50%}.chart-table thead th+th{text-align:right}`;

function groupTable(groups: RateGroup[], keyTitle: string, limit = 25): string {
  const rows = groups
    .slice(0, limit)
    .map(
      (g) =>
        `<tr><td>${esc(g.key)}</td><td class="num">${g.answers}</td><td class="num">${g.ratings}</td><td class="num">${pct(g.upRate)}</td><td class="num">${g.reviewerRatings}</td><td class="num">${pct(g.reviewerRate)}</td></tr>`,
    );
  const more = groups.length > limit ? `<p class="muted">${groups.length - limit} more not shown.</p>` : '';
  return `<table><thead><tr><th>${esc(keyTitle)}</th><th>answers</th><th>ratings</th><th>👍 rate</th><th>reviewer ratings</th><th>reviewer 👍 rate</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

/** The charts alone, for embedding in another page (the web review page); each with its numbers as a table. */
export function renderReportCharts(data: ReportData): string {
  const documents = data.byDocument.slice(0, 15);
  return [
    `<section class="chart"><h2>Ratings over time</h2>${ratingsOverTimeSvg(data.overTime)}${ratingsOverTimeTable(data.overTime)}</section>`,
    `<section class="chart"><h2>👍 rate by confidence label</h2>${rateBarsSvg(data.byLabel, '👍 rate by confidence label')}${rateTable(data.byLabel, '👍 rate by confidence label', 'Label')}</section>`,
    `<section class="chart"><h2>Reliability (reviewer ratings)</h2><p class="muted">Each dot: reviewer-approved share of answers in a confidence-score band (dot size = ratings). On the dashed diagonal the score is calibrated; below it the bot is over-confident. Bars: reviewer-approved share per label with 95% interval.</p>${reliabilitySvg(data.reliability.bins, data.byLabel)}${reliabilityTables(data.reliability.bins, data.byLabel)}</section>`,
    `<section class="chart"><h2>👍 rate by collection</h2>${rateBarsSvg(data.byCollection, '👍 rate by collection')}${rateTable(data.byCollection, '👍 rate by collection', 'Collection')}</section>`,
    `<section class="chart"><h2>👍 rate by document</h2>${rateBarsSvg(documents, '👍 rate by document (most rated)')}${rateTable(documents, '👍 rate by document (most rated)', 'Document')}</section>`,
  ].join('\n');
}

/** Enough for a weekly governance meeting; the web review page pages through the rest. */
const REVIEW_ROWS = 50;

function reviewTable(data: ReportData): string {
  if (data.needsReview.length === 0) return '<p>Nothing needs review: no answer has a 👎.</p>';
  const rows = data.needsReview.slice(0, REVIEW_ROWS).map((item) => {
    const question = item.question === '' ? '<span class="muted">(text purged by retention)</span>' : esc(item.question);
    const comments = item.comments.map((c) => `<div class="muted">“${esc(c)}”</div>`).join('');
    return `<tr><td>${esc(item.createdAt.slice(0, 16).replace('T', ' '))}<br><code>${esc(item.answerId)}</code></td><td>${question}${comments}</td><td>${esc(item.label)} (${item.score.toFixed(2)})<br>${esc(item.status.replace(/_/g, ' '))}</td><td>${item.unsafe ? '<span class="unsafe">unsafe</span> ' : ''}${esc(
      item.reasons
        .filter((r) => r !== 'unsafe')
        .map((r) => r.replace(/_/g, ' '))
        .join(', '),
    )}${item.reviewerDown ? `<br>${item.reviewerDown} reviewer 👎` : ''}${item.down > item.reviewerDown ? `<br>${item.down - item.reviewerDown} 👎 from askers` : ''}</td><td>${esc(item.docs.join(', '))}</td></tr>`;
  });
  const more =
    data.needsReview.length > REVIEW_ROWS
      ? `<p class="muted">${data.needsReview.length - REVIEW_ROWS} more not shown: narrow with --since, or use the web review page's “needs review” filter.</p>`
      : '';
  return `<table><thead><tr><th>when / answer id</th><th>question and comments</th><th>confidence</th><th>why</th><th>sources</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

export function renderReportHtml(data: ReportData): string {
  const t = data.totals;
  const kpi = (label: string, value: string) => `<div class="kpi"><b>${esc(value)}</b>${esc(label)}</div>`;
  const scope = data.since ? `since ${esc(data.since)}` : 'all recorded answers';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rounds feedback report</title><style>${CSS}</style></head>
<body>
<h1>Rounds feedback report</h1>
<p class="muted">Generated ${esc(data.generatedAt.slice(0, 16).replace('T', ' '))} UTC · ${scope}. Questions are shown redacted, as stored.</p>
<div class="kpis">${kpi('answers', String(t.answers))}${kpi('rated answers', String(t.ratedAnswers))}${kpi('ratings', String(t.ratings))}${kpi('reviewer ratings', String(t.reviewerRatings))}${kpi('👍 rate', pct(t.upRate))}${kpi('need review', String(data.needsReview.length))}</div>
${renderReportCharts(data)}
<h2>Knowledge gaps</h2>
<p class="muted">What the knowledge base could not answer: abstentions, 👎 “missing information” and questions handed to a person, grouped by topic, most frequent then newest first. Replies from the people asked are reference answers for the knowledge team.</p>
${renderGapsHtml(data.gaps)}
<h2>Answers needing review</h2>
<p class="muted">Every answer with a 👎 (from a reviewer or the person who asked) or reported unsafe. Unsafe first, then most reviewer 👎, then most 👎, newest first.</p>
${reviewTable(data)}
<h2>By confidence label</h2>
${groupTable(
  data.byLabel.map((g) => ({ ...g, key: CONFIDENCE_TITLE[g.key as keyof typeof CONFIDENCE_TITLE] ?? g.key })),
  'label',
)}
<h2>By collection</h2>
${groupTable(data.byCollection, 'collection')}
<h2>By document</h2>
${groupTable(data.byDocument, 'document')}
</body></html>
`;
}

export function renderReportText(data: ReportData): string {
  const t = data.totals;
  const lines = [
    `Rounds feedback report (${data.since ? `since ${data.since}` : 'all answers'})`,
    `  answers ${t.answers} · rated ${t.ratedAnswers} · ratings ${t.ratings} (reviewers ${t.reviewerRatings}) · 👍 rate ${pct(t.upRate)}`,
    '  by label:       ratings  👍 rate  reviewer 👍 rate',
  ];
  for (const g of data.byLabel) {
    lines.push(
      `    ${g.key.padEnd(13)} ${String(g.ratings).padStart(7)}  ${pct(g.upRate).padStart(7)}  ${pct(g.reviewerRate).padStart(7)} (n=${g.reviewerRatings})`,
    );
  }
  const unsafe = data.needsReview.filter((i) => i.unsafe).length;
  lines.push(`  needing review: ${data.needsReview.length} (${unsafe} reported unsafe)`);
  const worst = data.byDocument.filter((g) => g.ratings >= 3).sort((a, b) => (a.upRate ?? 1) - (b.upRate ?? 1))[0];
  if (worst) lines.push(`  lowest-rated document (>= 3 ratings): ${worst.key} ${pct(worst.upRate)} of ${worst.ratings}`);
  lines.push(...renderGapsText(data.gaps));
  return `${lines.join('\n')}\n`;
}
