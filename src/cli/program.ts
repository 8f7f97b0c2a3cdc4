/**
 * The `rounds` command tree, built apart from main.ts so tests can read every command's help and options
 * without starting a process.
 */
import { Command } from 'commander';
import { registerAsk } from './commands/ask.js';
import { registerAudit } from './commands/audit.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerEval } from './commands/eval.js';
import { registerFeedback } from './commands/feedback.js';
import { registerIngest } from './commands/ingest.js';
import { registerStart } from './commands/start.js';
import { registerSync } from './commands/sync.js';
import { registerTeams } from './commands/teams.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('rounds')
    .description('Rounds: answers care-team questions only from the curated knowledge base, with citations and confidence.')
    .showHelpAfterError('(run with --help for usage)');
  registerStart(program);
  registerIngest(program);
  registerSync(program);
  registerAsk(program);
  registerEval(program);
  registerFeedback(program);
  registerAudit(program);
  registerCalibrate(program);
  registerTeams(program);
  return program;
}
