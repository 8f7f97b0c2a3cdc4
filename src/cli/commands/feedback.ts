// Placeholder until the feedback-helper lands this command; it only registers the name.
import type { Command } from 'commander';

export function registerFeedback(program: Command): void {
  program
    .command('feedback')
    .description('(not available yet)')
    .action(() => {
      throw new Error('rounds feedback is not available in this build yet');
    });
}
