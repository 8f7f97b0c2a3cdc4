// Placeholder until the me lands this command; it only registers the name.
import type { Command } from 'commander';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('(not available yet)')
    .action(() => {
      throw new Error('rounds start is not available in this build yet');
    });
}
