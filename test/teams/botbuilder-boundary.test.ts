import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('botbuilder stays inside adapters/teams', () => {
  it('no file in src/ or another adapter imports botbuilder or botframework-*', () => {
    const offenders = [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'adapters'))]
      .map((f) => relative(ROOT, f))
      .filter((f) => !f.startsWith('adapters/teams/'))
      .filter((f) => /from\s+['"](botbuilder|botframework-)[^'"]*['"]/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
