/**
 * `rounds teams package`: fills the top-level manifest.json (Teams app manifest, schema v1.22) from the
 * environment and options, validates it against the limits Teams enforces on upload, and writes a zip with the
 * manifest and both icons at its root, ready for "Upload a custom app" (sideloading) or the Teams admin centre.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import JSZip from 'jszip';
import { z } from 'zod';
import { loadConfig } from '../../config/config.js';
import { ErrorCode, RoundsError } from '../../core/errors.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PLACEHOLDER = /%([A-Za-z_][A-Za-z0-9_]*)%/g;

const httpsUrl = z.string().regex(/^https:\/\/[^\s]+$/, { message: 'must be an https:// URL' });
const scopes = z.array(z.enum(['personal', 'team', 'groupChat', 'copilot'])).min(1);

/** The parts of the v1.22 schema a bot app uses, with the character limits Teams checks at upload. */
export const manifestSchema = z.object({
  $schema: z.string().url(),
  manifestVersion: z.literal('1.22'),
  version: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, { message: 'must be a version such as 1.0.0' }),
  id: z.string().regex(GUID, { message: 'must be a GUID (the Microsoft App ID of the Azure Bot)' }),
  developer: z.object({
    name: z.string().min(1).max(32),
    websiteUrl: httpsUrl,
    privacyUrl: httpsUrl,
    termsOfUseUrl: httpsUrl,
  }),
  name: z.object({ short: z.string().min(1).max(30), full: z.string().max(100).optional() }),
  description: z.object({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  icons: z.object({ color: z.string().min(1), outline: z.string().min(1) }),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  bots: z
    .array(
      z.object({
        botId: z.string().regex(GUID, { message: 'must be a GUID (the Microsoft App ID of the Azure Bot)' }),
        scopes,
        supportsFiles: z.boolean().optional(),
        isNotificationOnly: z.boolean().optional(),
        commandLists: z
          .array(
            z.object({
              scopes,
              commands: z.array(z.object({ title: z.string().min(1).max(32), description: z.string().min(1).max(128) })).max(10),
            }),
          )
          .max(3)
          .optional(),
      }),
    )
    .length(1),
  validDomains: z.array(z.string()).optional(),
});

export type TeamsManifest = z.infer<typeof manifestSchema>;

export interface PackageOptions {
  appId: string;
  websiteUrl?: string;
  privacyUrl?: string;
  termsUrl?: string;
  developer?: string;
  appVersion?: string;
  manifestPath?: string;
  iconsDir?: string;
}

/** Replaces %NAME% placeholders in every string; unknown ones are reported, never left in the package. */
export function fillPlaceholders(value: unknown, values: Record<string, string | undefined>, missing: Set<string>): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, name: string) => {
      const v = values[name];
      if (v === undefined) missing.add(name);
      return v ?? whole;
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(v, values, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, values, missing)]));
  }
  return value;
}

/** Width and height from a PNG's IHDR chunk (the first chunk, right after the 8-byte signature). */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature || bytes.subarray(12, 16).toString('ascii') !== 'IHDR')
    return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const HINTS: Record<string, string> = {
  MicrosoftAppId: "set MicrosoftAppId to the Azure Bot's Microsoft App ID",
  WEBSITE_URL: 'pass --website-url https://…',
  PRIVACY_URL: 'pass --privacy-url https://… (or --website-url)',
  TERMS_URL: 'pass --terms-url https://… (or --website-url)',
};

function readIcon(dir: string, file: string, size: number): Buffer {
  const path = resolve(dir, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      `Teams icon ${path} could not be read. Regenerate it with \`npx tsx adapters/teams/make-icons.ts\`.`,
      { cause },
    );
  }
  const dims = pngSize(bytes);
  if (!dims || dims.width !== size || dims.height !== size) {
    const got = dims ? `${dims.width}×${dims.height}` : 'not a PNG';
    throw new RoundsError(ErrorCode.ConfigInvalid, `Teams icon ${path} must be a ${size}×${size} PNG (got ${got}).`);
  }
  return bytes;
}

export async function buildTeamsPackage(options: PackageOptions): Promise<{ zip: Buffer; manifest: TeamsManifest }> {
  const manifestPath = options.manifestPath ?? resolve(ROOT, 'manifest.json');
  let template: unknown;
  try {
    template = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (cause) {
    throw new RoundsError(ErrorCode.ConfigInvalid, `${manifestPath} could not be read as JSON: ${(cause as Error).message}`, { cause });
  }
  const site = options.websiteUrl?.replace(/\/+$/, '');
  const missing = new Set<string>();
  const filled = fillPlaceholders(
    template,
    {
      MicrosoftAppId: options.appId,
      APP_VERSION: options.appVersion ?? '1.0.0',
      DEVELOPER_NAME: options.developer ?? 'Rounds',
      WEBSITE_URL: site,
      PRIVACY_URL: options.privacyUrl ?? (site ? `${site}/privacy` : undefined),
      TERMS_URL: options.termsUrl ?? (site ? `${site}/terms` : undefined),
    },
    missing,
  );
  if (missing.size > 0) {
    const how = [...missing].map((m) => `%${m}%: ${HINTS[m] ?? 'no value for this placeholder'}`).join('; ');
    throw new RoundsError(ErrorCode.ConfigInvalid, `manifest.json has placeholders with no value: ${how}.`);
  }
  const parsed = manifestSchema.safeParse(filled);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');
    throw new RoundsError(ErrorCode.ConfigInvalid, `manifest.json is not a valid Teams app manifest: ${problems}.`);
  }
  const manifest = parsed.data;
  const iconsDir = options.iconsDir ?? resolve(ROOT, 'assets/teams');
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(filled, null, 2)}\n`);
  zip.file(manifest.icons.color, readIcon(iconsDir, manifest.icons.color, 192));
  zip.file(manifest.icons.outline, readIcon(iconsDir, manifest.icons.outline, 32));
  return { zip: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), manifest };
}

export function registerTeams(program: Command): void {
  const teams = program.command('teams').description('Microsoft Teams app tools');
  teams
    .command('package')
    .description('Fill manifest.json from the environment (MicrosoftAppId) and options, validate it, and write an uploadable Teams app zip')
    .option('--out <file>', 'where to write the zip', 'rounds-teams-app.zip')
    .option('--website-url <url>', 'developer website (https); privacy and terms default to <url>/privacy and <url>/terms')
    .option('--privacy-url <url>', 'privacy statement URL (https)')
    .option('--terms-url <url>', 'terms of use URL (https)')
    .option('--developer <name>', 'developer name shown in Teams', 'Rounds')
    .option('--app-version <x.y.z>', 'app version; raise it for every upload that replaces an earlier one', '1.0.0')
    .option('--manifest <file>', 'manifest template (default: manifest.json at the project root)')
    .action(
      async (opts: {
        out: string;
        websiteUrl?: string;
        privacyUrl?: string;
        termsUrl?: string;
        developer: string;
        appVersion: string;
        manifest?: string;
      }) => {
        const config = loadConfig();
        if (!config.teams?.appId) {
          throw new RoundsError(
            ErrorCode.ConfigInvalid,
            'MicrosoftAppId is not set. Set it to the Microsoft App ID of your Azure Bot (Azure portal → your bot → Configuration); see docs/teams.md.',
          );
        }
        const { zip, manifest } = await buildTeamsPackage({
          appId: config.teams.appId,
          developer: opts.developer,
          appVersion: opts.appVersion,
          ...(opts.websiteUrl ? { websiteUrl: opts.websiteUrl } : {}),
          ...(opts.privacyUrl ? { privacyUrl: opts.privacyUrl } : {}),
          ...(opts.termsUrl ? { termsUrl: opts.termsUrl } : {}),
          ...(opts.manifest ? { manifestPath: resolve(opts.manifest) } : {}),
        });
        const out = resolve(opts.out);
        writeFileSync(out, zip);
        process.stdout.write(
          `Wrote ${out} (${zip.length} bytes): manifest ${manifest.manifestVersion}, app ${manifest.id}, version ${manifest.version}.\n` +
            'Upload it in Teams → Apps → Manage your apps → Upload an app → Upload a custom app.\n',
        );
      },
    );
}
