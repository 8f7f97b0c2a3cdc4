// Placeholder until the teams-helper lands this command; it only registers the name.
import type { Command } from 'commander';

export function registerTeams(program: Command): void {
  program
    .command('teams')
    .description('(not available yet)')
    .action(() => {
      throw new Error('rounds teams is not available in this build yet');
    });
}
