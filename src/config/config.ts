/**
 * The one place that reads process.env. Secrets and endpoints come from the environment; deployment settings
 * (channel profiles, reviewers, thresholds, retention) from one optional YAML/JSON file.
 * Every wrong value fails at start with a message naming the setting and how to fix it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ErrorCode, RoundsError } from '../core/errors.js';
import { type MetricsConfig, metricsConfig, type ReviewConfig, reviewConfig } from './review.js';

export type { MetricsConfig, OidcConfig, ReviewConfig } from './review.js';

import { confidenceSchema } from './confidence.js';
import { escalationSchema } from './escalation.js';
import { type SharePointConfig, sharepointConfig, sharepointEnvShape, sharepointFileSchema } from './sharepoint.js';

export type { SharePointConfig, SharePointLibrary } from './sharepoint.js';

/** The medicine-name list shipped with Rounds (lexicon/medicines.txt at the package root). */
export const DEFAULT_MEDICINES_FILE = fileURLToPath(new URL('../../lexicon/medicines.txt', import.meta.url));

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');

const optionalUrl = z.string().url({ message: 'must be a full URL such as http://localhost:8000' }).optional();

/** Environment variables (names as users set them). */
export const envSchema = z.object({
  ROUNDS_DATA_DIR: z.string().min(1).default('./.rounds'),
  ROUNDS_CONFIG: z.string().optional(),
  KNOWLEDGE_DIR: z.string().min(1).default('./knowledge'),
  /** Medicine names for the "medicine the knowledge base never mentions" rule; `none` turns the rule off. */
  MEDICINES_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty', 'auto']).default('auto'),
  NODE_ENV: z.string().optional(),

  /** PostgreSQL for the audit store and shared state (several instances); unset: SQLite under ROUNDS_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^/]+\/[^/?]+/, { message: 'must be a PostgreSQL URL with a database name' })
    .optional(),
  /** Seconds between checks for a new index generation written by an ingest elsewhere (shared Chroma). */
  INDEX_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),

  CHROMA_URL: optionalUrl,
  CHROMA_AUTH_TOKEN: z.string().optional(),
  CHROMA_AUTH_HEADER: z.string().default('x-chroma-token'),
  CHROMA_TENANT: z.string().optional(),
  CHROMA_DATABASE: z.string().optional(),
  CHROMA_COLLECTION: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,60}[a-zA-Z0-9]$/, {
      message: 'must be 3-63 characters of letters, digits, dot, dash or underscore',
    })
    .default('rounds_knowledge'),

  EMBEDDINGS_MODEL: z.string().optional(),
  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_API_KEY: z.string().optional(),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().positive().optional(),
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(128),

  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: optionalUrl,
  LLM_MODEL: z.string().optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(20_000),
  RERANKER: z.enum(['none', 'llm', 'http']).default('none'),
  RERANKER_URL: optionalUrl,
  RERANKER_MODEL: z.string().optional(),
  RERANKER_API_KEY: z.string().optional(),

  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('127.0.0.1'),

  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_API_URL: optionalUrl,

  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  TEAMS_ALLOW_REMOTE_UNAUTHENTICATED: bool.default(false),

  WEB_PLAYGROUND: bool.default(true),
  REVIEW_SECRET: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  /** Shared-secret login is for local use; with NODE_ENV=production it is refused unless this says otherwise. */
  REVIEW_SECRET_IN_PRODUCTION: bool.default(false),
  /** The address users reach Rounds at (through the proxy); https turns on HSTS and Secure cookies. */
  ROUNDS_PUBLIC_URL: optionalUrl,
  REVIEW_OIDC_ISSUER: optionalUrl,
  REVIEW_OIDC_CLIENT_ID: z.string().optional(),
  REVIEW_OIDC_CLIENT_SECRET: z.string().optional(),
  REVIEW_OIDC_REDIRECT_URL: optionalUrl,
  REVIEW_OIDC_SCOPES: z.string().default('openid profile email'),
  REVIEW_SESSION_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(8 * 60),
  METRICS_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  ...sharepointEnvShape,
});

const reviewerClaimSchema = z
  .object({
    /** ID-token claim holding roles or groups: `roles` for Entra ID app roles, `groups` for groups (Entra, Okta, Keycloak). */
    claim: z.string().min(1).default('roles'),
    /** Any of these values in that claim makes the user a reviewer, in every tenant. */
    values: z.array(z.string().min(1)).default(['Rounds.Reviewer']),
    /** Per tenant (the `tenantClaim` value, Entra's `tid`): values that make a reviewer in that tenant only. */
    tenants: z.record(z.string(), z.array(z.string().min(1))).default({}),
    tenantClaim: z.string().min(1).default('tid'),
    /** The claim recorded as the reviewer's id: `sub` by default; Entra's `oid` matches the ids Teams ratings carry. */
    idClaim: z.string().min(1).default('sub'),
  })
  .strict()
  .default({ claim: 'roles', values: ['Rounds.Reviewer'], tenants: {}, tenantClaim: 'tid', idClaim: 'sub' });

const profileSchema = z.object({
  collections: z.array(z.string().min(1)).min(1, { message: 'list at least one collection' }),
  followUps: z.boolean().default(true),
  feedbackButtons: z.boolean().default(true),
  escalation: escalationSchema.optional(),
  /** Reviewer user ids for this profile's channels (any platform). */
  reviewers: z.array(z.string()).default([]),
  /** Platform channel ids mapped to this profile. */
  slack: z.array(z.string()).default([]),
  teams: z.array(z.string()).default([]),
});

export const fileSchema = z
  .object({
    /** Profile used for a channel not listed anywhere: safe by default (general only). */
    defaultProfile: z.string().default('general'),
    /** Profile used by the CLI and eval when no --channel is given. */
    cliProfile: z.string().default('all'),
    profiles: z.record(z.string(), profileSchema).default({}),
    reviewers: z
      .object({
        /** Slack: team id → user ids. */
        slack: z.record(z.string(), z.array(z.string())).default({}),
        /** Teams: tenant id → AAD object ids or user ids. */
        teams: z.record(z.string(), z.array(z.string())).default({}),
        web: z.array(z.string()).default([]),
        /** Review console sign-in through the identity provider: which ID-token claim makes a user a reviewer. */
        oidc: reviewerClaimSchema,
      })
      .default({ slack: {}, teams: {}, web: [], oidc: reviewerClaimSchema.parse({}) }),
    /** Thresholds and this deployment's own calibration, written by `rounds calibrate` (confidence.ts). */
    confidence: confidenceSchema,
    retention: z.object({ days: z.number().int().min(1).optional() }).default({}),
    retrieval: z
      .object({
        candidates: z.number().int().min(5).max(200).default(40),
        maxCitations: z.number().int().min(1).max(10).default(4),
        sourceTokenBudget: z.number().int().min(200).max(100_000).default(3000),
      })
      .default({ candidates: 40, maxCitations: 4, sourceTokenBudget: 3000 }),
    /** Document libraries synced from SharePoint (src/config/sharepoint.ts). */
    sharepoint: sharepointFileSchema.optional(),
  })
  .strict();

export type EnvConfig = z.infer<typeof envSchema>;
export type FileConfig = z.infer<typeof fileSchema>;
export type ProfileConfig = z.infer<typeof profileSchema>;

export interface Config {
  env: EnvConfig;
  file: FileConfig;
  /** Absolute path of the config file read, if any. */
  configPath?: string;
  dataDir: string;
  knowledgeDir: string;
  /** Absolute path of the medicine-name list, or undefined when MEDICINES_FILE=none (the bundled list by default). */
  medicinesFile?: string;
  /** The audit store: SQLite at <dataDir>/rounds.db (embedded default) or PostgreSQL (DATABASE_URL). */
  store: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  chroma: { mode: 'embedded' } | { mode: 'remote'; url: string; headers: Record<string, string>; tenant?: string; database?: string };
  llm?: { model: string; baseURL?: string; apiKey?: string; timeoutMs: number };
  embeddings?: { model: string; baseURL?: string; apiKey?: string; dimensions?: number; batchSize: number };
  slack?: { botToken: string; signingSecret: string; appToken?: string; apiUrl?: string };
  teams?: { appId: string; appPassword?: string; tenantId?: string; appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' };
  /** The review console's sign-in; undefined when it is off (neither OIDC nor REVIEW_SECRET configured). */
  review?: ReviewConfig;
  /** Set when ROUNDS_PUBLIC_URL (or the OIDC redirect URL) is https: send HSTS, mark cookies Secure. */
  publicUrl?: string;
  hsts: boolean;
  metrics: MetricsConfig;
  /** Synced SharePoint libraries and the Graph sign-in; undefined when none is configured. */
  sharepoint?: SharePointConfig;
}

const HINTS: Record<string, string> = {
  ROUNDS_DATA_DIR: 'a writable directory for local state (default ./.rounds)',
  DATABASE_URL:
    'postgres://USER:PASSWORD@HOST:5432/DATABASE (the database must exist; Rounds creates its tables), or unset it to keep the SQLite file in ROUNDS_DATA_DIR',
  CHROMA_URL: 'the URL of a Chroma server, e.g. http://chroma.internal:8000, or unset it to run Chroma embedded',
  EMBEDDINGS_BASE_URL: 'the base URL of an OpenAI-compatible embeddings API, e.g. http://localhost:11434/v1',
  OPENAI_BASE_URL: 'the base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama',
  PORT: 'a TCP port number, e.g. 3978',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  SLACK_API_URL: 'the Slack Web API base URL, e.g. https://slack.com/api/',
  REVIEW_SECRET: 'a random secret of at least 16 characters, e.g. `openssl rand -hex 24`',
  ROUNDS_PUBLIC_URL: 'the address reviewers reach Rounds at, e.g. https://rounds.hospital.example',
  REVIEW_OIDC_ISSUER:
    "your identity provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 (see docs/review-console.md)",
  REVIEW_OIDC_REDIRECT_URL: 'https://<your host>/review/callback, as registered with the identity provider',
  REVIEW_SESSION_MINUTES: 'a number of minutes between 5 and 1440 (default 480)',
  METRICS_TOKEN: 'a random token of at least 16 characters, e.g. `openssl rand -hex 24`',
};

function formatIssues(where: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.join('.');
      const hint = HINTS[key] ? ` Set it to ${HINTS[key]}.` : '';
      return `${where}${key ? ` ${key}` : ''}: ${issue.message}.${hint}`;
    })
    .join('\n');
}

/** Blank environment variables count as unset (a common shell/.env artefact). */
function cleanEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  return out;
}

export function readConfigFile(path: string): FileConfig {
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      `Config file ${path} could not be read or parsed: ${(cause as Error).message}. Fix the file or unset ROUNDS_CONFIG.`,
      { cause },
    );
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new RoundsError(ErrorCode.ConfigInvalid, formatIssues(`Config file ${path}:`, parsed.error));
  }
  return parsed.data;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsedEnv = envSchema.safeParse(cleanEnv(env));
  if (!parsedEnv.success) {
    throw new RoundsError(ErrorCode.ConfigInvalid, formatIssues('Environment variable', parsedEnv.error));
  }
  const e = parsedEnv.data;

  let configPath: string | undefined;
  if (e.ROUNDS_CONFIG) {
    configPath = resolve(cwd, e.ROUNDS_CONFIG);
    if (!existsSync(configPath)) {
      throw new RoundsError(
        ErrorCode.ConfigInvalid,
        `ROUNDS_CONFIG points to ${configPath}, which does not exist. Create it (see rounds.config.yaml) or unset ROUNDS_CONFIG.`,
      );
    }
  } else {
    for (const name of ['rounds.config.yaml', 'rounds.config.yml', 'rounds.config.json']) {
      const p = resolve(cwd, name);
      if (existsSync(p)) {
        configPath = p;
        break;
      }
    }
  }
  const file = configPath ? readConfigFile(configPath) : fileSchema.parse({});
  validateProfiles(file, configPath);

  const missingPair = (a: string, b: string) =>
    new RoundsError(ErrorCode.ConfigInvalid, `${a} is set but ${b} is not. Set both (see docs/slack.md) or neither.`);
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET) throw missingPair('SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET');
  if (e.SLACK_SIGNING_SECRET && !e.SLACK_BOT_TOKEN) throw missingPair('SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN');
  if (e.SLACK_BOT_TOKEN && !e.SLACK_BOT_TOKEN.startsWith('xoxb-')) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb- (Slack app → OAuth & Permissions).',
    );
  }
  if (e.SLACK_APP_TOKEN && !e.SLACK_APP_TOKEN.startsWith('xapp-')) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      'SLACK_APP_TOKEN must be an app-level token starting with xapp- (Slack app → Basic Information → App-Level Tokens, scope connections:write).',
    );
  }
  if (e.MicrosoftAppPassword && !e.MicrosoftAppId) throw missingPair('MicrosoftAppPassword', 'MicrosoftAppId');
  if (e.MicrosoftAppType === 'SingleTenant' && !e.MicrosoftAppTenantId) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      'MicrosoftAppType is SingleTenant but MicrosoftAppTenantId is not set. Set it to your Azure AD tenant id.',
    );
  }
  if (e.LLM_MODEL && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      'LLM_MODEL is set but neither OPENAI_API_KEY nor OPENAI_BASE_URL is. Set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL for a local server (Ollama, vLLM).',
    );
  }
  if (e.MEDICINES_FILE && e.MEDICINES_FILE !== 'none' && !isFile(resolve(cwd, e.MEDICINES_FILE))) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      `MEDICINES_FILE points to ${resolve(cwd, e.MEDICINES_FILE)}, which is not a file. Point it at a list of medicine names (one per line, see lexicon/medicines.txt), unset it for the bundled list, or set it to none.`,
    );
  }
  if (e.RERANKER === 'http' && !e.RERANKER_URL) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      'RERANKER is http but RERANKER_URL is not set. Set it to the /rerank endpoint of a cross-encoder server, e.g. http://localhost:8080/rerank.',
    );
  }
  if (e.RERANKER === 'llm' && !e.LLM_MODEL) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      'RERANKER is llm but LLM_MODEL is not set. Configure an LLM (LLM_MODEL, OPENAI_BASE_URL/OPENAI_API_KEY) or set RERANKER=none.',
    );
  }
  if (e.EMBEDDINGS_MODEL && !e.EMBEDDINGS_BASE_URL && !e.EMBEDDINGS_API_KEY && !e.OPENAI_API_KEY) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      'EMBEDDINGS_MODEL is set but no endpoint is: set EMBEDDINGS_BASE_URL (and EMBEDDINGS_API_KEY if it needs one), or OPENAI_API_KEY.',
    );
  }

  const review = reviewConfig(e);
  const sharepoint = sharepointConfig(e, file.sharepoint, cwd);
  const headers: Record<string, string> = {};
  if (e.CHROMA_AUTH_TOKEN)
    headers[e.CHROMA_AUTH_HEADER] =
      e.CHROMA_AUTH_HEADER.toLowerCase() === 'authorization' ? `Bearer ${e.CHROMA_AUTH_TOKEN}` : e.CHROMA_AUTH_TOKEN;

  return {
    env: e,
    file,
    ...(configPath ? { configPath } : {}),
    dataDir: resolve(cwd, e.ROUNDS_DATA_DIR),
    knowledgeDir: resolve(cwd, e.KNOWLEDGE_DIR),
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', path: join(resolve(cwd, e.ROUNDS_DATA_DIR), 'rounds.db') },
    ...(e.MEDICINES_FILE === 'none' ? {} : { medicinesFile: e.MEDICINES_FILE ? resolve(cwd, e.MEDICINES_FILE) : DEFAULT_MEDICINES_FILE }),
    chroma: e.CHROMA_URL
      ? {
          mode: 'remote',
          url: e.CHROMA_URL,
          headers,
          ...(e.CHROMA_TENANT ? { tenant: e.CHROMA_TENANT } : {}),
          ...(e.CHROMA_DATABASE ? { database: e.CHROMA_DATABASE } : {}),
        }
      : { mode: 'embedded' },
    ...(e.LLM_MODEL
      ? { llm: { model: e.LLM_MODEL, baseURL: e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY, timeoutMs: e.LLM_TIMEOUT_MS } }
      : {}),
    ...(e.EMBEDDINGS_MODEL
      ? {
          embeddings: {
            model: e.EMBEDDINGS_MODEL,
            baseURL: e.EMBEDDINGS_BASE_URL ?? e.OPENAI_BASE_URL,
            apiKey: e.EMBEDDINGS_API_KEY ?? e.OPENAI_API_KEY,
            dimensions: e.EMBEDDINGS_DIMENSIONS,
            batchSize: e.EMBEDDINGS_BATCH_SIZE,
          },
        }
      : {}),
    ...(e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
      ? {
          slack: {
            botToken: e.SLACK_BOT_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            appToken: e.SLACK_APP_TOKEN,
            apiUrl: e.SLACK_API_URL,
          },
        }
      : {}),
    ...(review.review ? { review: review.review } : {}),
    ...(review.publicUrl ? { publicUrl: review.publicUrl } : {}),
    hsts: review.publicUrl?.startsWith('https:') === true,
    metrics: metricsConfig(e),
    ...(sharepoint ? { sharepoint } : {}),
    ...(e.MicrosoftAppId
      ? {
          teams: {
            appId: e.MicrosoftAppId,
            appPassword: e.MicrosoftAppPassword,
            tenantId: e.MicrosoftAppTenantId,
            appType: e.MicrosoftAppType ?? (e.MicrosoftAppTenantId ? 'SingleTenant' : 'MultiTenant'),
          },
        }
      : {}),
  };
}

function validateProfiles(file: FileConfig, configPath?: string): void {
  const where = configPath ?? 'the default configuration';
  const names = new Set([...Object.keys(file.profiles), 'general', 'all']);
  for (const key of ['defaultProfile', 'cliProfile'] as const) {
    if (!names.has(file[key])) {
      throw new RoundsError(
        ErrorCode.ConfigInvalid,
        `${where}: ${key} is "${file[key]}", which is not a profile. Use one of: ${[...names].join(', ')}.`,
      );
    }
  }
}
