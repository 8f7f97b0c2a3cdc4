/** A real pino logger whose JSON lines are kept in memory, so tests can assert what (never) reaches the logs. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

export function captureLogger(level = 'debug'): { logger: Logger; logs: string[] } {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger({ level, destination }), logs };
}
