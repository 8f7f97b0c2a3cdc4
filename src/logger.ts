/**
 * pino: JSON in production (or when not on a terminal), readable on a terminal. Secrets are redacted by path;
 * question text is never logged by the core (only its length and answer ids), so patient identifiers stay out.
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.apiKey',
  '*.password',
  '*.appPassword',
  '*.secret',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'env.SLACK_APP_TOKEN',
  'env.OPENAI_API_KEY',
  'env.EMBEDDINGS_API_KEY',
  'env.MicrosoftAppPassword',
  'env.CHROMA_AUTH_TOKEN',
  'env.REVIEW_SECRET',
  'env.REVIEW_OIDC_CLIENT_SECRET',
  'env.METRICS_TOKEN',
  '*.text',
  '*.question',
];

export interface LoggerOptions {
  level?: string;
  format?: 'json' | 'pretty' | 'auto';
  production?: boolean;
  /** Write to this destination instead of stdout (tests). */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const { level = 'info', format = 'auto', production = false, destination } = options;
  const pretty = !destination && (format === 'pretty' || (format === 'auto' && !production && process.stdout.isTTY === true));
  const base: pino.LoggerOptions = {
    name: 'rounds',
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,name' } },
    });
  }
  return destination ? pino(base, destination) : pino(base);
}

export type { Logger };
