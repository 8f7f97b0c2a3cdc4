/**
 * Hand-written inline SVG charts for the feedback report: no chart library, no script, no external asset, so
 * the report is one file that opens anywhere (including a locked-down hospital desktop) and prints.
 */
import type { RateGroup, ScoreBin } from './report.js';

const UP = '#2e7d32';
const DOWN = '#c62828';
const AXIS = '#555';
const GRID = '#ddd';

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function pct(x: number | undefined): string {
  return x === undefined ? '–' : `${Math.round(x * 100)}%`;
}

function svg(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${body}</svg>`;
}

function empty(width: number, title: string, message: string): string {
  return svg(width, 60, title, `<text x="10" y="35" font-size="13" fill="${AXIS}">${esc(message)}</text>`);
}

/**
 * Stacked columns of 👍 (green) and 👎 (red) per day. A white edge parts the two: green against red is below the
 * 3:1 contrast WCAG 1.4.11 asks of adjacent parts of a graphic, and some readers cannot tell them apart; the
 * numbers are also in a table under the chart (report-tables.ts).
 */
export function ratingsOverTimeSvg(days: { day: string; up: number; down: number }[]): string {
  const title = 'Ratings per day';
  if (days.length === 0) return empty(720, title, 'No ratings yet.');
  const w = 720;
  const h = 220;
  const left = 40;
  const bottom = 30;
  const plotW = w - left - 10;
  const plotH = h - bottom - 22;
  const max = Math.max(...days.map((d) => d.up + d.down), 1);
  const step = plotW / days.length;
  const barW = Math.max(2, Math.min(40, step * 0.8));
  const y = (v: number) => 22 + plotH - (v / max) * plotH;
  const labelEvery = Math.ceil(days.length / 8);
  let body = `<rect x="${w - 150}" y="2" width="10" height="10" fill="${UP}"/><text x="${w - 136}" y="11" font-size="11">👍 up</text>`;
  body += `<rect x="${w - 80}" y="2" width="10" height="10" fill="${DOWN}"/><text x="${w - 66}" y="11" font-size="11">👎 down</text>`;
  body += `<line x1="${left}" y1="${y(0)}" x2="${w - 10}" y2="${y(0)}" stroke="${AXIS}"/>`;
  body += `<text x="${left - 6}" y="${y(max) + 4}" font-size="11" text-anchor="end" fill="${AXIS}">${max}</text>`;
  body += `<text x="${left - 6}" y="${y(0)}" font-size="11" text-anchor="end" fill="${AXIS}">0</text>`;
  days.forEach((d, i) => {
    const x = left + i * step + (step - barW) / 2;
    const tip = `${d.day}: ${d.up} up, ${d.down} down`;
    body += `<rect x="${x.toFixed(1)}" y="${y(d.up).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(0) - y(d.up)).toFixed(1)}" fill="${UP}" stroke="#fff"><title>${esc(tip)}</title></rect>`;
    body += `<rect x="${x.toFixed(1)}" y="${y(d.up + d.down).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(d.up) - y(d.up + d.down)).toFixed(1)}" fill="${DOWN}" stroke="#fff"><title>${esc(tip)}</title></rect>`;
    if (i % labelEvery === 0 || i === days.length - 1) {
      body += `<text x="${(x + barW / 2).toFixed(1)}" y="${h - 10}" font-size="10" text-anchor="middle" fill="${AXIS}">${esc(d.day.slice(5))}</text>`;
    }
  });
  return svg(w, h, title, body);
}

/** Horizontal bars of a rate per group, with the number of ratings behind it. */
export function rateBarsSvg(groups: RateGroup[], title: string, field: 'upRate' | 'reviewerRate' = 'upRate'): string {
  const shown = groups.filter((g) => (field === 'upRate' ? g.ratings : g.reviewerRatings) > 0);
  if (shown.length === 0) return empty(720, title, 'No ratings in this group yet.');
  const w = 720;
  const row = 26;
  const left = 200;
  const plotW = 420;
  const h = shown.length * row + 30;
  let body = '';
  for (const x of [0, 0.5, 1]) {
    const gx = left + x * plotW;
    body += `<line x1="${gx}" y1="5" x2="${gx}" y2="${h - 20}" stroke="${GRID}"/><text x="${gx}" y="${h - 6}" font-size="10" text-anchor="middle" fill="${AXIS}">${pct(x)}</text>`;
  }
  shown.forEach((g, i) => {
    const rate = g[field] ?? 0;
    const n = field === 'upRate' ? g.ratings : g.reviewerRatings;
    const y = 8 + i * row;
    const label = g.key.length > 28 ? `${g.key.slice(0, 27)}…` : g.key;
    body += `<text x="${left - 8}" y="${y + 14}" font-size="12" text-anchor="end">${esc(label)}</text>`;
    body += `<rect x="${left}" y="${y}" width="${(rate * plotW).toFixed(1)}" height="${row - 8}" fill="${UP}"><title>${esc(`${g.key}: ${pct(rate)} of ${n}`)}</title></rect>`;
    body += `<rect x="${(left + rate * plotW).toFixed(1)}" y="${y}" width="${((1 - rate) * plotW).toFixed(1)}" height="${row - 8}" fill="${DOWN}" opacity="0.25"/>`;
    body += `<text x="${left + plotW + 8}" y="${y + 14}" font-size="12">${pct(rate)} (n=${n})</text>`;
  });
  return svg(w, h, title, body);
}

/**
 * Reliability diagram: reviewer-approved rate per confidence-score bin against the bin's mean score. A calibrated
 * score sits on the diagonal; points below it mean the bot is more confident than reviewers find it right.
 * The per-label bars with 95% intervals sit beside it.
 */
export function reliabilitySvg(bins: ScoreBin[], labels: RateGroup[]): string {
  const title = 'Reliability: reviewer-approved rate vs confidence';
  if (bins.length === 0) return empty(720, title, 'No reviewer ratings yet: the reliability diagram needs reviewer 👍/👎.');
  const size = 260;
  const pad = 50;
  const sx = (v: number) => pad + v * size;
  const sy = (v: number) => pad / 2 + size - v * size;
  let body = `<rect x="${pad}" y="${pad / 2}" width="${size}" height="${size}" fill="none" stroke="${AXIS}"/>`;
  body += `<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="${AXIS}" stroke-dasharray="4 4"/>`;
  for (const t of [0, 0.5, 1]) {
    body += `<text x="${sx(t)}" y="${sy(0) + 16}" font-size="10" text-anchor="middle" fill="${AXIS}">${t}</text>`;
    body += `<text x="${pad - 6}" y="${sy(t) + 4}" font-size="10" text-anchor="end" fill="${AXIS}">${pct(t)}</text>`;
  }
  body += `<text x="${sx(0.5)}" y="${sy(0) + 32}" font-size="11" text-anchor="middle">confidence score</text>`;
  body += `<text x="12" y="${sy(0.5)}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${sy(0.5)})">approved by reviewers</text>`;
  const maxN = Math.max(...bins.map((b) => b.n));
  const path = bins.map((b, i) => `${i ? 'L' : 'M'}${sx(b.meanScore).toFixed(1)},${sy(b.approvedRate).toFixed(1)}`).join(' ');
  body += `<path d="${path}" fill="none" stroke="#1565c0" stroke-width="1.5"/>`;
  for (const b of bins) {
    const r = 3 + 6 * Math.sqrt(b.n / maxN);
    body += `<circle cx="${sx(b.meanScore).toFixed(1)}" cy="${sy(b.approvedRate).toFixed(1)}" r="${r.toFixed(1)}" fill="#1565c0" fill-opacity="0.7"><title>${esc(`score ${b.lo.toFixed(1)}–${b.hi.toFixed(1)}: ${pct(b.approvedRate)} approved of ${b.n}`)}</title></circle>`;
  }
  // Per-label bars with Wilson intervals, to the right.
  const bx = pad + size + 70;
  const bw = 56;
  labels.forEach((g, i) => {
    const x = bx + i * (bw + 14);
    body += `<text x="${x + bw / 2}" y="${sy(0) + 16}" font-size="11" text-anchor="middle">${esc(g.key)}</text>`;
    if (g.reviewerRate === undefined) {
      body += `<text x="${x + bw / 2}" y="${sy(0) - 6}" font-size="10" text-anchor="middle" fill="${AXIS}">n=0</text>`;
      return;
    }
    const [lo, hi] = g.reviewerCi ?? [g.reviewerRate, g.reviewerRate];
    body += `<rect x="${x}" y="${sy(g.reviewerRate).toFixed(1)}" width="${bw}" height="${(sy(0) - sy(g.reviewerRate)).toFixed(1)}" fill="${UP}" fill-opacity="0.8"><title>${esc(`${g.key}: ${pct(g.reviewerRate)} approved by reviewers (n=${g.reviewerRatings}, 95% CI ${pct(lo)}–${pct(hi)})`)}</title></rect>`;
    body += `<line x1="${x + bw / 2}" y1="${sy(lo).toFixed(1)}" x2="${x + bw / 2}" y2="${sy(hi).toFixed(1)}" stroke="#000"/>`;
    body += `<text x="${x + bw / 2}" y="${(sy(hi) - 4).toFixed(1)}" font-size="10" text-anchor="middle">${pct(g.reviewerRate)} n=${g.reviewerRatings}</text>`;
  });
  body += `<line x1="${bx - 10}" y1="${sy(0)}" x2="${bx + 4 * (bw + 14)}" y2="${sy(0)}" stroke="${AXIS}"/>`;
  return svg(bx + 4 * (bw + 14) + 10, size + pad + 20, title, body);
}
