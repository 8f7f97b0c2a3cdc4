// Placeholder until the me lands this command; it only registers the name.
import type { Command } from 'commander';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('(not available yet)')
    .action(() => {
      throw new Error('rounds eval is not available in this build yet');
    });
}
