import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { colorIcon, encodePng, outlineIcon } from '../../adapters/teams/icons.js';
import { buildTeamsPackage, manifestSchema } from '../../src/cli/commands/teams.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const APP_ID = '11111111-2222-3333-4444-555555555555';
const dir = mkdtempSync(join(tmpdir(), 'rounds-teams-pkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Decodes our own 8-bit RGBA, filter-0 PNGs (enough to check what Teams checks: size and transparency). */
function decode(png: Buffer): { width: number; height: number; alpha: number[]; rgb: number[][] } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const parts: Buffer[] = [];
  for (let pos = 8; pos < png.length; ) {
    const len = png.readUInt32BE(pos);
    if (png.subarray(pos + 4, pos + 8).toString('ascii') === 'IDAT') parts.push(png.subarray(pos + 8, pos + 8 + len));
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(parts));
  const alpha: number[] = [];
  const rgb: number[][] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    for (let x = 0; x < width; x++) {
      const o = y * (width * 4 + 1) + 1 + x * 4;
      rgb.push([raw[o]!, raw[o + 1]!, raw[o + 2]!]);
      alpha.push(raw[o + 3]!);
    }
  }
  return { width, height, alpha, rgb };
}

describe('rounds teams package', () => {
  it('writes an uploadable zip: filled, schema-valid manifest and both icons at the root', async () => {
    const out = join(dir, 'app.zip');
    const { stdout } = await run(
      process.execPath,
      [join(ROOT, 'bin/rounds.js'), 'teams', 'package', '--out', out, '--website-url', 'https://rounds.example.org/'],
      { cwd: dir, env: { ...process.env, MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' } },
    );
    expect(stdout).toContain(`app ${APP_ID}`);
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
    expect(JSON.stringify(manifest)).not.toMatch(/%[A-Za-z_]+%/);
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.developer).toMatchObject({
      websiteUrl: 'https://rounds.example.org',
      privacyUrl: 'https://rounds.example.org/privacy',
      termsOfUseUrl: 'https://rounds.example.org/terms',
    });

    const color = decode(await zip.file('color.png')!.async('nodebuffer'));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.alpha.every((a) => a === 255)).toBe(true);
    const outline = decode(await zip.file('outline.png')!.async('nodebuffer'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // Teams: the outline icon is white on transparent, nothing else.
    outline.alpha.forEach((a, i) => {
      expect(a === 0 || (a === 255 && outline.rgb[i]!.every((c) => c === 255))).toBe(true);
    });
    expect(outline.alpha.filter((a) => a === 255).length).toBeGreaterThan(50);
  });

  it('the committed icons are what the generator draws', () => {
    expect(readFileSync(join(ROOT, 'assets/teams/color.png')).equals(encodePng(colorIcon()))).toBe(true);
    expect(readFileSync(join(ROOT, 'assets/teams/outline.png')).equals(encodePng(outlineIcon()))).toBe(true);
  });

  it('fails with a message naming what to set when MicrosoftAppId or the URLs are missing', async () => {
    const env = { ...process.env };
    delete env.MicrosoftAppId;
    const noId = await run(process.execPath, [join(ROOT, 'bin/rounds.js'), 'teams', 'package', '--out', join(dir, 'x.zip')], {
      cwd: dir,
      env,
    }).catch((e) => e);
    expect(noId.code).toBe(1);
    expect(noId.stderr).toMatch(/MicrosoftAppId is not set.*docs\/teams\.md.*\[rounds_config_invalid\]/);
    expect(noId.stderr).not.toMatch(/\n\s+at /);
    await expect(buildTeamsPackage({ appId: APP_ID })).rejects.toThrow(/%WEBSITE_URL%: pass --website-url/);
    await expect(buildTeamsPackage({ appId: 'not-a-guid', websiteUrl: 'http://insecure.example' })).rejects.toThrow(
      /id must be a GUID.*websiteUrl must be an https:\/\/ URL/,
    );
  });

  it('rejects icons of the wrong size and manifests over Teams limits', async () => {
    const icons = join(dir, 'icons');
    rmSync(icons, { recursive: true, force: true });
    mkdirSync(icons);
    writeFileSync(join(icons, 'color.png'), encodePng(outlineIcon()));
    writeFileSync(join(icons, 'outline.png'), encodePng(outlineIcon()));
    await expect(buildTeamsPackage({ appId: APP_ID, websiteUrl: 'https://a.example', iconsDir: icons })).rejects.toThrow(
      /color\.png must be a 192×192 PNG \(got 32×32\)/,
    );
    const template = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
    template.name.short = 'Rounds, the clinical answers assistant';
    const bad = join(dir, 'manifest.json');
    writeFileSync(bad, JSON.stringify(template));
    await expect(buildTeamsPackage({ appId: APP_ID, websiteUrl: 'https://a.example', manifestPath: bad })).rejects.toThrow(/name\.short/);
  });
});

describe('manifest.json for streaming, prompt starters and escalation replies', () => {
  it('offers prompt starters in 1:1 chats and asks for channel messages (RSC) so escalation replies need no @mention', async () => {
    const { zip } = await buildTeamsPackage({ appId: APP_ID, websiteUrl: 'https://rounds.example.org' });
    const manifest = JSON.parse(await (await JSZip.loadAsync(zip)).file('manifest.json')!.async('string'));
    const personal = manifest.bots[0].commandLists.find((l: { scopes: string[] }) => l.scopes.includes('personal'));
    // Prompt starters: the title goes into the compose box (at most 32 characters in schema 1.22).
    expect(personal.commands.map((c: { title: string }) => c.title)).toContain('Sepsis hour-1 bundle');
    for (const c of personal.commands) expect(c.title.length).toBeLessThanOrEqual(32);
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([{ name: 'ChannelMessage.Read.Group', type: 'Application' }]);
    expect(manifest.webApplicationInfo.id).toBe(APP_ID);
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
  });
});
