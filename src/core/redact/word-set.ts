/**
 * A read-only set of words kept as the text of its list file plus two offset tables, for the redactor's word lists
 * (about 480k words). A `Set<string>` of them cost about 32 MiB of heap and 78 MiB of RSS, which put a 100k-chunk
 * Rounds over its memory budget; this form keeps the file's text (a few MiB) and 8 bytes a word, and builds without
 * making a string per word. Lookups are a binary search (about 19 comparisons, no allocation).
 */
export class WordSet {
  private readonly text: string;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  readonly size: number;

  private constructor(text: string, starts: Uint32Array, ends: Uint32Array) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.size = starts.length;
  }

  /** One word a line, lower-cased; blank lines and lines starting with "#" are skipped. */
  static fromLines(source: string): WordSet {
    const text = source.toLowerCase();
    const s: number[] = [];
    const e: number[] = [];
    let i = 0;
    while (i < text.length) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      let a = i;
      let b = end;
      while (a < b && text.charCodeAt(a) <= 32) a += 1;
      while (b > a && text.charCodeAt(b - 1) <= 32) b -= 1;
      if (b > a && text.charCodeAt(a) !== 35 /* # */) {
        s.push(a);
        e.push(b);
      }
      i = end + 1;
    }
    const order = Array.from(s.keys()).sort((x, y) => compare(text, s[x] as number, e[x] as number, text, s[y] as number, e[y] as number));
    const starts: number[] = [];
    const ends: number[] = [];
    for (const k of order) {
      const last = starts.length - 1;
      if (last >= 0 && compare(text, starts[last] as number, ends[last] as number, text, s[k] as number, e[k] as number) === 0) continue;
      starts.push(s[k] as number);
      ends.push(e[k] as number);
    }
    return new WordSet(text, Uint32Array.from(starts), Uint32Array.from(ends));
  }

  static of(words: Iterable<string>): WordSet {
    return WordSet.fromLines([...words].join('\n'));
  }

  has(word: string): boolean {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compare(this.text, this.starts[mid] as number, this.ends[mid] as number, word, 0, word.length);
      if (c === 0) return true;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** Compares a[as..ae) with b[bs..be) by UTF-16 code units, as string comparison does. */
function compare(a: string, as: number, ae: number, b: string, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let k = 0; k < n; k += 1) {
    const d = a.charCodeAt(as + k) - b.charCodeAt(bs + k);
    if (d !== 0) return d;
  }
  return ae - as - (be - bs);
}
