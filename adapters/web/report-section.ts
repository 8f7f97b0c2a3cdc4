/**
 * The feedback report's charts (ratings over time, 👍 rate by label, collection and document, reliability
 * diagram) for the review console, built by the same code as `rounds feedback report`. The fragment is inline
 * SVG with every stored string escaped by the report module.
 */
import type { FeedbackStore } from '../../src/core/ports.js';
import { buildReport, renderReportCharts } from '../../src/store/report.js';

export function reportChartsFor(store: FeedbackStore): () => Promise<string> {
  return async () => renderReportCharts(await buildReport(store));
}
