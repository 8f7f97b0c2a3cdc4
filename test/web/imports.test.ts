/** Dependencies point inward: the web adapter uses the core's ports, never another platform's SDK or adapter. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = join(import.meta.dirname, '../../adapters/web');

describe('adapters/web imports', () => {
  it('imports no chat SDK and no other adapter', () => {
    const offenders: string[] = [];
    for (const file of readdirSync(WEB).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(WEB, file), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        const spec = m[1]!;
        if (/^@slack\/|^botbuilder|^\.\.\/(slack|teams)\//.test(spec)) offenders.push(`${file}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
