/**
 * `rounds calibrate`: recalibrates the confidence labels on the deployment's own reviewer ratings (and optional
 * `rounds eval --out` result files). Past the minimums in src/store/calibration-gate.ts it refits the thresholds
 * (and the weights, with enough ratings), prints per label the count and approved share with its 95% interval
 * before and after, and writes the thresholds, the figures the labels will state and where they were measured to
 * the config file (comments and the rest of the file preserved). Too few ratings, labels that would collapse, or
 * a medium figure known only roughly are refused with the reason and what is missing. --dry-run writes nothing.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { deploymentConfidence, shippedModelId } from '../../config/confidence.js';
import { type Config, loadConfig, readConfigFile } from '../../config/config.js';
import { CONFIDENCE_MODEL } from '../../core/confidence/model.js';
import type { ConfidenceModel } from '../../core/confidence/model-types.js';
import { ErrorCode, RoundsError } from '../../core/errors.js';
import { createLogger } from '../../logger.js';
import { isoOrThrow } from '../../store/answer-row.js';
import type { JudgedPoint, Thresholds } from '../../store/calibrate.js';
import { pointsFromEvalFile, pointsFromReviewers, type ReviewerPoints } from '../../store/calibration-points.js';
import { type BandRow, runCalibration } from '../../store/calibration-run.js';
import { openStoreForCli } from '../../store/open-for-cli.js';
import { writeCalibration } from '../../store/threshold-config.js';

interface CalibrateFlags {
  eval: string[];
  config?: string;
  dryRun?: boolean;
  since?: string;
  minSamples: string;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

const APPROVED = 'approved (95% interval)';

function cell(r: BandRow | undefined): string {
  const a = r?.approved;
  const approved = a ? `${pct(a.share)} (${pct(a.low)}–${pct(a.high)})` : '—';
  return `${String(r?.count ?? 0).padStart(6)}  ${approved.padEnd(APPROVED.length)}`;
}

const tcol = (t: Thresholds) => `(${t.high}/${t.medium}/${t.low})`;

/**
 * Per label, before and after: count and approved share with its 95% interval, and the share the label states now.
 * The "insufficient" row counts rated answers given that would abstain, with the share reviewers had approved.
 */
export function calibrationTable(
  before: { thresholds: Thresholds; rows: BandRow[] },
  after?: { thresholds: Thresholds; rows: BandRow[] },
  stated: ConfidenceModel['measured'] = {},
): string {
  const head = `${'count'.padStart(6)}  ${APPROVED}`;
  const lines = [
    `  ${''.padEnd(12)}${`before ${tcol(before.thresholds)}`.padEnd(head.length)}${after ? `  after ${tcol(after.thresholds)}` : ''}`,
    `  ${'label'.padEnd(12)}${head}${after ? `  ${head}` : ''}  states now`,
  ];
  for (const b of before.rows) {
    const a = after?.rows.find((r) => r.band === b.band);
    const now = stated[b.band];
    const states = now && now.n >= 10 ? pct(now.precision) : '—';
    lines.push(`  ${b.band.padEnd(12)}${cell(b)}${after ? `  ${cell(a)}` : ''}  ${states}`);
  }
  lines.push('  (insufficient: rated answers given that would abstain, and the share reviewers had approved)');
  return lines.join('\n');
}

async function reviewerPoints(config: Config, since: string | undefined): Promise<ReviewerPoints> {
  const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
  const store = await openStoreForCli(config, logger, { mustExist: false });
  if (!store) {
    process.stdout.write('reviewer ratings: none (no feedback store yet)\n');
    return { points: [], skippedAbstentions: 0, abstentions: [] };
  }
  try {
    const fromStore = await pointsFromReviewers(store, since);
    process.stdout.write(
      `reviewer ratings: ${fromStore.points.length} answers given (${fromStore.skippedAbstentions} rating${fromStore.skippedAbstentions === 1 ? '' : 's'} on abstentions not used to fit)\n`,
    );
    return fromStore;
  } finally {
    await store.close();
  }
}

export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description("Recalibrate the confidence labels on your reviewers' ratings (and eval results), and write them to the config file.")
    .option('--eval <file>', 'a `rounds eval --out` result file (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--config <file>', 'config file to update (default: the loaded one, else ./rounds.config.yaml)')
    .option('--since <date>', 'only reviewer ratings of answers given on or after this date')
    .option('--min-samples <n>', 'judged points needed at or above a threshold before it moves', '30')
    .option('--dry-run', 'print the figures without writing the config file')
    .action(async (flags: CalibrateFlags) => {
      const config = loadConfig();
      const minSamples = Number(flags.minSamples);
      if (!Number.isInteger(minSamples) || minSamples < 1) {
        throw new RoundsError(ErrorCode.InvalidInput, `--min-samples must be a whole number >= 1 (got ${flags.minSamples})`);
      }
      const since = flags.since ? isoOrThrow(flags.since, '--since') : undefined;
      const configPath = resolve(flags.config ?? config.configPath ?? 'rounds.config.yaml');
      const fileConfig = flags.config && existsSync(configPath) ? readConfigFile(configPath) : config.file;
      const inUse = deploymentConfidence(fileConfig.confidence);
      for (const w of inUse.warnings) process.stdout.write(`note: ${w}\n`);

      const reviewers = await reviewerPoints(config, since);
      const evalPoints: JudgedPoint[] = [];
      for (const file of flags.eval) {
        const fromEval = pointsFromEvalFile(resolve(file));
        evalPoints.push(...fromEval);
        process.stdout.write(`eval results ${file}: ${fromEval.length} questions\n`);
      }
      if (reviewers.points.length === 0 && evalPoints.length === 0) {
        throw new RoundsError(
          ErrorCode.InvalidInput,
          'Nothing to calibrate on: no reviewer ratings of answers yet and no --eval file. Reviewers rate answers 👍/👎 in Slack, Teams or the review console; or run `rounds eval --set DIR --out results.json` and pass --eval results.json.',
        );
      }
      const outcome = runCalibration({
        reviewers,
        evalPoints,
        inUse: inUse.model,
        shipped: CONFIDENCE_MODEL,
        minSamples,
        date: new Date().toISOString().slice(0, 10),
      });
      process.stdout.write(`judged answers: ${outcome.rated} (${outcome.rated - outcome.down} 👍, ${outcome.down} 👎)\n`);
      for (const note of outcome.notes) process.stdout.write(`  ${note}\n`);
      process.stdout.write(`${calibrationTable(outcome.before, outcome.after, inUse.model.measured)}\n`);
      if (outcome.refused || !outcome.calibration) {
        const why = outcome.refused ?? 'nothing to write';
        if (flags.dryRun) {
          process.stdout.write(`dry run: config not written; without --dry-run this would be refused.\n${why}\n`);
          return;
        }
        throw new RoundsError(ErrorCode.InvalidInput, `Not written. ${why}`);
      }
      const c = outcome.calibration;
      process.stdout.write(`the labels will state figures measured ${c.measuredOn}\n`);
      if (flags.dryRun) {
        process.stdout.write('dry run: config not written\n');
        return;
      }
      writeCalibration(configPath, c, shippedModelId(CONFIDENCE_MODEL));
      process.stdout.write(
        `wrote confidence.thresholds, .measured and .measuredOn${c.weights ? ', .weights' : ''} to ${configPath}; restart Rounds to use them\n`,
      );
    });
}
