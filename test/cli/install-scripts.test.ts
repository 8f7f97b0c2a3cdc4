/**
 * npm 11 skips a dependency's install scripts unless package.json `allowScripts` approves it, and warns at the
 * end of `npm install`. better-sqlite3 needs its script (prebuilt binary or a source build): without approval
 * the store would not open on a fresh clone. Every package the lockfile marks as having an install script must be
 * approved (or explicitly denied) here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/runtime.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean; version?: string }>;
};

describe('install scripts', () => {
  it('every dependency with an install script is covered by allowScripts, and better-sqlite3 is allowed', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path.startsWith('node_modules/') && p.hasInstallScript)
      .map(([path, p]) => ({ name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), version: p.version }));
    expect(withScripts.map((p) => p.name)).toContain('better-sqlite3');
    const allow = pkg.allowScripts ?? {};
    for (const { name, version } of withScripts) {
      const covered = name in allow || `${name}@${version}` in allow;
      expect(covered, `${name}@${version} is not in package.json allowScripts (npm install-scripts approve ${name})`).toBe(true);
    }
    expect(allow['better-sqlite3']).toBe(true);
  });
});
