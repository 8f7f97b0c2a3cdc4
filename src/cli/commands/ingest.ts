// Placeholder until the ingest-helper lands this command; it only registers the name.
import type { Command } from 'commander';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('(not available yet)')
    .action(() => {
      throw new Error('rounds ingest is not available in this build yet');
    });
}
