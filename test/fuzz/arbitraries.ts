/**
 * Bad input as the outside sends it: strings with lone surrogates, NUL, control characters, markup and SQL;
 * values of every JSON type where one type is expected; bodies that are not JSON or not UTF-8 at all.
 */
import fc from 'fast-check';

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    'x\udc00y',
    '\u202e\u200b',
    'null',
    'undefined',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    "'; DROP TABLE answers; --",
    '{{7*7}}',
    '%00%ff',
    'a'.repeat(20_000),
    '😀'.repeat(3000),
  ),
);

/** Any JSON value, nested a little. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nastyString,
  fc.constantFrom(null, true, 0, -1, 1e308, [], {}),
);

/**
 * An object with the expected field names but a value of any type (or absent) in each; `keep` names fields that
 * stay present and well typed (most of the time), so the request reaches the code behind the first check.
 */
export function wrongTyped(fields: Record<string, fc.Arbitrary<unknown>>, keep: string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const each: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, good] of Object.entries(fields)) {
    each[k] = keep.includes(k) ? fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: anyJson }) : fc.oneof(good, anyJson);
  }
  return fc.record(each, { requiredKeys: keep });
}

/** A request body: JSON text of anything, truncated JSON, or raw bytes (often invalid UTF-8). */
export function body(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 4, arbitrary: shaped.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    { weight: 1, arbitrary: anyJson.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    {
      weight: 1,
      arbitrary: fc.tuple(shaped, fc.nat()).map(([v, n]) => {
        const s = JSON.stringify(v) ?? '';
        return Buffer.from(s.slice(0, n % (s.length + 1)));
      }),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        Buffer.from([0xc3, 0x28]),
        Buffer.from([0xff, 0xfe, 0x00]),
        Buffer.from('{"text":"\xed\xa0\x80"}', 'latin1'),
      ),
    },
  );
}

export const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
  'application/json; charset=latin1',
);
