/**
 * `rounds ask "question"`: the quickest way to try Rounds. Uses the embedded default and ingests the knowledge
 * folder first if the index is empty. stdout carries the answer only; logs go to stderr.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../logger.js';
import { createRuntime } from '../../runtime.js';
import { formatAnswer } from '../format-answer.js';

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('Ask the knowledge base a question; prints the cited answer, confidence label and timings.')
    .argument('<question...>', 'the question (quote it)')
    .option('--channel <profile>', 'channel profile whose document sets to search (default: config cliProfile, "all")')
    .option('--json', 'print the whole Answer as JSON')
    .option('--verbose', 'log details to stderr')
    .addHelpText('after', '\nExample:\n  npx rounds ask "What is the first-line uterotonic for postpartum haemorrhage?" --channel all')
    .action(async (words: string[], flags: { channel?: string; json?: boolean; verbose?: boolean }) => {
      const config = loadConfig();
      const logger = createLogger({ level: flags.verbose ? 'debug' : 'warn', destination: pino.destination(2) });
      const runtime = await createRuntime(config, logger, { autoIngest: 'if-empty' });
      try {
        const answer = await runtime.service.ask({
          text: words.join(' '),
          platform: 'cli',
          ...(flags.channel ? { channelId: flags.channel } : {}),
          askerId: `cli:${process.env.USER ?? 'local'}`,
        });
        process.stdout.write(flags.json ? `${JSON.stringify(answer, null, 2)}\n` : formatAnswer(answer));
        if (answer.status === 'refused') process.exitCode = 2;
      } finally {
        await runtime.close();
      }
    });
}
