/**
 * Bolt's Logger interface over our pino logger. Bolt's debug output can include raw payloads (question text,
 * which may hold patient identifiers), so debug is dropped; for errors only names and Slack error codes pass.
 */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import { slackErrorCode } from './slack-errors.js';

function describe(args: unknown[]): { msg: string; codes: string[] } {
  const texts: string[] = [];
  const codes: string[] = [];
  for (const a of args) {
    if (a instanceof Error) codes.push(`${a.name}:${slackErrorCode(a)}`);
    else if (typeof a === 'string') texts.push(a.length > 300 ? `${a.slice(0, 300)}…` : a);
  }
  return { msg: texts.join(' ') || 'bolt', codes };
}

export function createBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: () => undefined,
    info: (...args: unknown[]) => {
      const { msg, codes } = describe(args);
      child.info(codes.length ? { codes } : {}, msg);
    },
    warn: (...args: unknown[]) => {
      const { msg, codes } = describe(args);
      child.warn(codes.length ? { codes } : {}, msg);
    },
    error: (...args: unknown[]) => {
      const { msg, codes } = describe(args);
      child.error(codes.length ? { codes } : {}, msg);
    },
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
