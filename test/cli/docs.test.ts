/**
 * What a newcomer reads must work on a fresh clone: every command's --help and the README/docs name only files
 * the repository holds, and every `rounds <command> --flag` they show is a real command and option.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ file: `docs/${f}`, text: readFileSync(join(ROOT, 'docs', f), 'utf8') }));

function allCommands(cmd: Command, path: string[] = []): Array<{ path: string[]; cmd: Command }> {
  return cmd.commands.flatMap((c) => [{ path: [...path, c.name()], cmd: c }, ...allCommands(c, [...path, c.name()])]);
}

/** The full help a user sees, including text added with addHelpText('after'). */
function helpOf(cmd: Command): string {
  let out = '';
  cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}

/** Repository paths a text names: docs/…, eval/…, knowledge/…, adapters/…, lexicon/…, README.md. */
function repoPaths(text: string): string[] {
  return [...text.matchAll(/(?<![\w./-])((?:docs|eval|knowledge|adapters|lexicon|scripts)\/[\w./-]*[\w]|README\.md)/g)].map((m) => m[1]!);
}

describe('CLI help on a fresh clone', () => {
  const program = buildProgram();
  const commands = allCommands(program);

  it('has the commands the README lists', () => {
    const names = commands.map((c) => c.path.join(' '));
    expect(names).toEqual(
      expect.arrayContaining(['start', 'ingest', 'ask', 'eval', 'feedback export', 'feedback report', 'feedback purge', 'calibrate']),
    );
  });

  it.each(commands.map((c) => [c.path.join(' '), c.cmd] as const))('`rounds %s --help` names only files a clone has', (_name, cmd) => {
    const help = helpOf(cmd);
    expect(help).not.toMatch(/\.\.\/shared|\/work\//);
    for (const path of repoPaths(help)) expect(existsSync(join(ROOT, path)), `${path} in help`).toBe(true);
  });
});

describe('README and docs', () => {
  it('README is short and holds the two commands literally', () => {
    expect(Buffer.byteLength(README)).toBeLessThan(20_000);
    expect(README).toContain('npm install && npm start');
    expect(README).toContain('npm install && npm test');
  });

  it.each([{ file: 'README.md', text: README }, ...DOCS].map((d) => [d.file, d.text] as const))(
    '%s links only to files that exist and never to ../shared',
    (file, text) => {
      expect(text).not.toMatch(/\.\.\/shared/);
      for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const resolved = normalize(join(ROOT, dirname(file), target));
        expect(existsSync(resolved), `${file} → ${target}`).toBe(true);
      }
    },
  );

  it('every `rounds <command> --option` shown in the README and docs exists', () => {
    const program = buildProgram();
    const byPath = new Map(allCommands(program).map((c) => [c.path.join(' '), c.cmd]));
    const uses = [README, ...DOCS.map((d) => d.text)].flatMap((text) =>
      [...text.matchAll(/\brounds ((?:[a-z]+)(?: [a-z]+)?)((?: +(?:--[a-z-]+|"[^"]*"|[^\s`|]+))*)/g)].map((m) => ({
        words: m[1]!.split(' '),
        rest: m[2] ?? '',
      })),
    );
    let checked = 0;
    for (const { words, rest } of uses) {
      // "rounds feedback export" or "rounds ask": take the longest known command path.
      const two = words.join(' ');
      const cmd = byPath.get(two) ?? byPath.get(words[0]!);
      if (!cmd) {
        // Prose such as "Rounds answers" is capitalised; a lower-case `rounds x` must be a command.
        expect.soft(byPath.has(words[0]!), `unknown command "rounds ${two}"`).toBe(true);
        continue;
      }
      const known = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
      for (const flag of rest.match(/--[a-z-]+/g) ?? []) {
        if (flag === '--help') continue;
        expect.soft(known.has(flag), `rounds ${cmd.name()} ${flag}`).toBe(true);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('the screenshots the README and docs show are committed', () => {
    for (const m of [README, ...DOCS.map((d) => d.text)].join('\n').matchAll(/screenshots\/([\w-]+\.png)/g)) {
      const file = join(ROOT, 'docs/screenshots', m[1]!);
      expect(existsSync(file) && statSync(file).size > 10_000, file).toBe(true);
    }
  });
});
