/**
 * pino: JSON in production (or when not on a terminal), readable on a terminal. Secrets are redacted by path;
 * question text is never logged by the core (only its length and answer ids), so patient identifiers stay out.
 */
import pino, { type Logger } from 'pino';
import { build as prettyStream } from 'pino-pretty';

/** Keys pino writes on every line: a log call that passes one of them would print the key twice. */
const RESERVED = ['pid', 'hostname', 'name', 'level', 'time', 'msg'] as const;

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
  'env.SHAREPOINT_CLIENT_SECRET',
  'env.SHAREPOINT_CERTIFICATE_PASSWORD',
  '*.certificatePassword',
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
    formatters: {
      // `{ pid: chromaPid }` would give a JSON line two "pid" keys, which most log shippers read as the last one
      // (Rounds' own pid lost). Such a field is kept as `<key>Field` instead.
      log(object) {
        if (!RESERVED.some((k) => k in object)) return object;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(object)) out[(RESERVED as readonly string[]).includes(k) ? `${k}Field` : k] = v;
        return out;
      },
    },
  };
  if (pretty) {
    // In-thread and synchronous (not a worker transport): lines appear in the order they were logged, before the
    // start-up banner Rounds writes to stderr once it is listening.
    return pino(
      base,
      prettyStream({ colorize: process.stdout.isTTY === true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,name', sync: true }),
    );
  }
  // Synchronous stdout (one write per line, a few microseconds): lines keep their order against the start-up
  // banner on stderr and are not lost if the process exits right after logging.
  return pino(base, destination ?? pino.destination({ dest: 1, sync: true }));
}

export type { Logger };
