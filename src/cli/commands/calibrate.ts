/**
 * `rounds calibrate`: fits the confidence thresholds from reviewer ratings (and optional `rounds eval --out`
 * result files), prints per-label figures before and after, and writes `confidence.thresholds` to the config
 * file (comments and the rest of the file preserved). --dry-run prints without writing.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig, readConfigFile } from '../../config/config.js';
import { ErrorCode, RoundsError } from '../../core/errors.js';
import { createLogger } from '../../logger.js';
import { isoOrThrow } from '../../store/answer-row.js';
import { FALLBACK_THRESHOLDS, figures, fitThresholds, type JudgedPoint, type Thresholds } from '../../store/calibrate.js';
import { pointsFromEvalFile, pointsFromReviewers } from '../../store/calibration-points.js';
import { openStoreForCli } from '../../store/open-for-cli.js';
import { pct } from '../../store/report-svg.js';
import { writeThresholds } from '../../store/threshold-config.js';

interface CalibrateFlags {
  eval: string[];
  config?: string;
  dryRun?: boolean;
  since?: string;
  minSamples: string;
}

function table(points: JudgedPoint[], before: Thresholds, after: Thresholds): string {
  const b = figures(points, before);
  const a = figures(points, after);
  const lines = [
    `              before (${before.high}/${before.medium}/${before.low})     after (${after.high}/${after.medium}/${after.low})`,
    '  label         count  approved          count  approved',
  ];
  b.bands.forEach((fb, i) => {
    const fa = a.bands[i]!;
    lines.push(
      `  ${fb.band.padEnd(12)} ${String(fb.count).padStart(6)}  ${pct(fb.approvedRate).padStart(8)}         ${String(fa.count).padStart(6)}  ${pct(fa.approvedRate).padStart(8)}`,
    );
  });
  lines.push(
    `  answered     ${pct(b.answeredShare).padStart(6)}  ${pct(b.answeredGoodRate).padStart(8)}         ${pct(a.answeredShare).padStart(6)}  ${pct(a.answeredGoodRate).padStart(8)}   (share answered, and approved among them)`,
  );
  return lines.join('\n');
}

export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description('Fit confidence thresholds from reviewer ratings and eval results, and write them to the config file.')
    .option('--eval <file>', 'a `rounds eval --out` result file (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--config <file>', 'config file to update (default: the loaded one, else ./rounds.config.yaml)')
    .option('--since <date>', 'only reviewer ratings of answers given on or after this date')
    .option('--min-samples <n>', 'judged points needed before a threshold moves', '30')
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
      const current = fileConfig.confidence.thresholds ?? FALLBACK_THRESHOLDS;

      const points: JudgedPoint[] = [];
      const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
      const store = await openStoreForCli(config, logger, { mustExist: false });
      if (store) {
        try {
          const fromStore = await pointsFromReviewers(store, since);
          points.push(...fromStore.points);
          process.stdout.write(
            `reviewer ratings: ${fromStore.points.length} on given answers (${fromStore.skippedAbstentions} on abstentions not used)\n`,
          );
        } finally {
          await store.close();
        }
      } else {
        process.stdout.write('reviewer ratings: none (no feedback store yet)\n');
      }
      for (const file of flags.eval) {
        const fromEval = pointsFromEvalFile(resolve(file));
        points.push(...fromEval);
        process.stdout.write(`eval results ${file}: ${fromEval.length} questions\n`);
      }
      if (points.length === 0) {
        throw new RoundsError(
          ErrorCode.InvalidInput,
          'Nothing to calibrate on: no reviewer ratings yet and no --eval file. Run `rounds eval --set DIR --out results.json` and pass --eval results.json.',
        );
      }
      const fitted = fitThresholds(points, { current, minSamples });
      const after: Thresholds = { high: fitted.high, medium: fitted.medium, low: fitted.low };
      const good = points.filter((p) => p.good).length;
      process.stdout.write(`judged points: ${points.length} (${good} good, ${points.length - good} bad)\n`);
      for (const note of fitted.notes) process.stdout.write(`  ${note}\n`);
      process.stdout.write(`${table(points, current, after)}\n`);
      const unchanged = after.high === current.high && after.medium === current.medium && after.low === current.low;
      if (fitted.collapsed.length > 0 && !unchanged) {
        const why =
          `These thresholds collapse the confidence labels: ${fitted.collapsed.join('; ')}. ` +
          'The judged points cannot tell the labels apart (nearly all answers at or above the abstention line are good, or too few are not). ' +
          'Keep the current thresholds, or calibrate again with more reviewer ratings or an eval set that holds wrong answers near the line.';
        if (flags.dryRun) {
          process.stdout.write(`dry run: config not written; without --dry-run this would be refused.\n${why}\n`);
          return;
        }
        throw new RoundsError(ErrorCode.InvalidInput, `Not written. ${why}`);
      }
      if (flags.dryRun) process.stdout.write('dry run: config not written\n');
      else if (unchanged) process.stdout.write('thresholds unchanged: config not written\n');
      else {
        writeThresholds(configPath, after);
        process.stdout.write(`wrote confidence.thresholds to ${configPath}\n`);
      }
    });
}
