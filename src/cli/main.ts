/**
 * `rounds <command>`: every command lives in src/cli/commands/<name>.ts and registers itself here.
 * Faults print a one-line message (with the code) and exit non-zero; never a stack trace unless DEBUG is set.
 */
import { Command } from 'commander';
import { isRoundsError } from '../core/errors.js';
import { registerAsk } from './commands/ask.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerEval } from './commands/eval.js';
import { registerFeedback } from './commands/feedback.js';
import { registerIngest } from './commands/ingest.js';
import { registerStart } from './commands/start.js';
import { registerTeams } from './commands/teams.js';

const program = new Command();
program
  .name('rounds')
  .description('Rounds: answers care-team questions only from the curated knowledge base, with citations and confidence.')
  .showHelpAfterError('(run with --help for usage)');

registerStart(program);
registerIngest(program);
registerAsk(program);
registerEval(program);
registerFeedback(program);
registerCalibrate(program);
registerTeams(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isRoundsError(error)) {
    process.stderr.write(`rounds: ${error.message} [${error.code}]\n`);
  } else {
    process.stderr.write(`rounds: ${(error as Error)?.message ?? String(error)}\n`);
  }
  if (process.env.DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
}
