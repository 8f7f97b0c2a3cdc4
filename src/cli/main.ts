/**
 * `rounds <command>`: every command lives in src/cli/commands/<name>.ts and registers itself here.
 * Faults print a one-line message (with the code) and exit non-zero; never a stack trace unless DEBUG is set.
 */
import { isRoundsError } from '../core/errors.js';
import { buildProgram } from './program.js';

const program = buildProgram();

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
