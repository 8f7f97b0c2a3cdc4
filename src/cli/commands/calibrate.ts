// Placeholder until the feedback-helper lands this command; it only registers the name.
import type { Command } from 'commander';

export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description('(not available yet)')
    .action(() => {
      throw new Error('rounds calibrate is not available in this build yet');
    });
}
