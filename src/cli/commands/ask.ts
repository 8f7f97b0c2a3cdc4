// Placeholder until the me lands this command; it only registers the name.
import type { Command } from 'commander';

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('(not available yet)')
    .action(() => {
      throw new Error('rounds ask is not available in this build yet');
    });
}
