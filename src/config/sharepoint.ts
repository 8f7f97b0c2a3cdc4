/**
 * The SharePoint slice of the configuration: which document libraries feed which document set (the config
 * file's `sharepoint` key) and how Rounds signs in to Microsoft Graph (the environment: an app registration in
 * Microsoft Entra ID, app-only, with a client secret or a certificate). Secrets only ever come from the
 * environment, never from the file that is checked in beside the deployment.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ErrorCode, RoundsError } from '../core/errors.js';

const httpsUrl = z
  .string()
  .url({ message: 'must be a full https URL' })
  .refine((v) => v.startsWith('https://'), { message: 'must be an https URL (tokens travel over it)' });

/** Environment variables of the slice (merged into the one env schema in config.ts). */
export const sharepointEnvShape = {
  SHAREPOINT_TENANT_ID: z.string().optional(),
  SHAREPOINT_CLIENT_ID: z.string().optional(),
  SHAREPOINT_CLIENT_SECRET: z.string().optional(),
  /** A PEM file holding the certificate and its private key (the certificate uploaded to the app registration). */
  SHAREPOINT_CERTIFICATE_PATH: z.string().optional(),
  SHAREPOINT_CERTIFICATE_PASSWORD: z.string().optional(),
  /** Entra ID's sign-in host; another one for a national cloud (https://login.microsoftonline.us). */
  SHAREPOINT_AUTHORITY_HOST: httpsUrl.default('https://login.microsoftonline.com'),
  /** Microsoft Graph's root; another one for a national cloud (https://graph.microsoft.us). */
  SHAREPOINT_GRAPH_URL: httpsUrl.default('https://graph.microsoft.com'),
};

const name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, { message: 'must be lower-case letters, digits and dashes' });

const librarySchema = z
  .object({
    /** Names the library in reports, logs, its local mirror and its documents' paths (`sharepoint://<name>/…`). */
    name,
    /** `contoso.sharepoint.com:/sites/clinical` (host and site path) or a site id (`host,guid,guid`). */
    site: z.string().min(3),
    /** The document library's name as shown in SharePoint (a drive's name); default: the site's default library. */
    library: z.string().min(1).optional(),
    /** Or the drive id, which survives a renamed library. */
    drive: z.string().min(1).optional(),
    /** Only this folder of the library (and below), e.g. `Approved/Adult`. */
    folder: z
      .string()
      .transform((v) => v.replace(/^\/+|\/+$/g, ''))
      .optional(),
    /** The document set (collection) the library feeds; channel profiles choose among these. */
    collection: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'must be a name of letters, digits, dash or underscore' })
      .default('general'),
    /** Library columns (internal names) read as document metadata, as Markdown front matter would give it. */
    columns: z
      .object({
        version: z.string().min(1).default('_UIVersionString'),
        effective: z.string().min(1).optional(),
        review_by: z.string().min(1).optional(),
        owner: z.string().min(1).optional(),
      })
      .strict()
      .default({ version: '_UIVersionString' }),
    /**
     * SharePoint sends date columns as UTC instants: a date-only column of a site in Europe/London reads
     * 2027-03-31T23:00:00Z for 1 April. The site's time zone turns them back into the date people typed.
     */
    timeZone: z.string().refine(validTimeZone, { message: 'must be an IANA time zone such as Europe/London' }).default('UTC'),
  })
  .strict()
  .refine((l) => !(l.library && l.drive), { message: 'give either library (its name) or drive (its id), not both' });

export const sharepointFileSchema = z
  .object({
    /** `rounds start` syncs every N minutes (decimals allowed); 0 leaves it to `rounds sync sharepoint`. */
    syncMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .default(15),
    /** The longest wait Rounds accepts from a Retry-After before trying again (Graph's throttling). */
    retryMaxSeconds: z.number().int().min(1).max(180).default(60),
    libraries: z.array(librarySchema).min(1, { message: 'list at least one library' }),
  })
  .strict()
  .refine((s) => new Set(s.libraries.map((l) => l.name)).size === s.libraries.length, {
    message: 'library names must be unique',
  });

export type SharePointLibrary = z.infer<typeof librarySchema>;

export type SharePointAuth =
  | { kind: 'secret'; tenantId: string; clientId: string; secret: string }
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string; certificatePassword?: string };

export interface SharePointConfig {
  auth: SharePointAuth;
  authorityHost: string;
  graphUrl: string;
  syncMinutes: number;
  retryMaxSeconds: number;
  libraries: SharePointLibrary[];
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const sharepointEnvSchema = z.object(sharepointEnvShape);
type SharePointEnv = z.infer<typeof sharepointEnvSchema>;

/** The slice, or undefined when no library is configured; a library without credentials fails here, at start. */
export function sharepointConfig(
  e: SharePointEnv,
  file: z.infer<typeof sharepointFileSchema> | undefined,
  cwd: string,
): SharePointConfig | undefined {
  if (!file) return undefined;
  const invalid = (message: string) => new RoundsError(ErrorCode.ConfigInvalid, message);
  const missing = (['SHAREPOINT_TENANT_ID', 'SHAREPOINT_CLIENT_ID'] as const).filter((k) => !e[k]);
  if (missing.length) {
    throw invalid(
      `SharePoint libraries are configured but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ` +
        'Set them to the directory (tenant) id and application (client) id of the app registration (docs/ingest.md → SharePoint).',
    );
  }
  const tenantId = e.SHAREPOINT_TENANT_ID as string;
  const clientId = e.SHAREPOINT_CLIENT_ID as string;
  if (e.SHAREPOINT_CLIENT_SECRET && e.SHAREPOINT_CERTIFICATE_PATH) {
    throw invalid('Both SHAREPOINT_CLIENT_SECRET and SHAREPOINT_CERTIFICATE_PATH are set. Set one: the certificate is preferred.');
  }
  let auth: SharePointAuth;
  if (e.SHAREPOINT_CERTIFICATE_PATH) {
    const certificatePath = resolve(cwd, e.SHAREPOINT_CERTIFICATE_PATH);
    if (!existsSync(certificatePath)) {
      throw invalid(
        `SHAREPOINT_CERTIFICATE_PATH points to ${certificatePath}, which does not exist. Point it at the PEM file holding the certificate and its private key.`,
      );
    }
    auth = {
      kind: 'certificate',
      tenantId,
      clientId,
      certificatePath,
      ...(e.SHAREPOINT_CERTIFICATE_PASSWORD ? { certificatePassword: e.SHAREPOINT_CERTIFICATE_PASSWORD } : {}),
    };
  } else if (e.SHAREPOINT_CLIENT_SECRET) {
    auth = { kind: 'secret', tenantId, clientId, secret: e.SHAREPOINT_CLIENT_SECRET };
  } else {
    throw invalid(
      'SharePoint libraries are configured but neither SHAREPOINT_CERTIFICATE_PATH nor SHAREPOINT_CLIENT_SECRET is set. ' +
        "Set one to the app registration's certificate (a PEM file) or client secret (docs/ingest.md → SharePoint).",
    );
  }
  return {
    auth,
    authorityHost: e.SHAREPOINT_AUTHORITY_HOST,
    graphUrl: e.SHAREPOINT_GRAPH_URL.replace(/\/+$/, ''),
    syncMinutes: file.syncMinutes,
    retryMaxSeconds: file.retryMaxSeconds,
    libraries: file.libraries,
  };
}
