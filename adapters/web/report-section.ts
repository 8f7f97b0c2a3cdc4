/**
 * The feedback report's charts for the review console. TODO(integration): render with buildReport and
 * renderReportCharts from src/store/report.ts once that module lands; until then the console shows no charts.
 */
import type { FeedbackStore } from '../../src/core/ports.js';

export function reportChartsFor(_store: FeedbackStore): (() => Promise<string>) | undefined {
  return undefined;
}
