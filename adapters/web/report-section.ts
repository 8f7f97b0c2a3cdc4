/**
 * The feedback report's charts (ratings over time, 👍 rate by label, collection and document, reliability
 * diagram) for the review console, built by the same code as `rounds feedback report`, after the calibration
 * panel (how far the deployment is from its own calibration). The fragment is inline SVG with every stored
 * string escaped by the report module.
 */
import type { ConfidenceModel } from '../../src/core/confidence/model-types.js';
import type { FeedbackStore } from '../../src/core/ports.js';
import { calibrationProgress } from '../../src/store/calibration-progress.js';
import { buildReport, renderReportCharts } from '../../src/store/report.js';
import { renderCalibrationPanel } from './calibration-panel.js';

export function reportChartsFor(store: FeedbackStore, model: ConfidenceModel): () => Promise<string> {
  return async () => {
    const [progress, report] = await Promise.all([calibrationProgress(store, model), buildReport(store)]);
    return `${renderCalibrationPanel(progress)}\n${renderReportCharts(report)}`;
  };
}
