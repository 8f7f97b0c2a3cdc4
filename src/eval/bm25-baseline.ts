/**
 * The reference ranking of ../shared/eval/README.md, so every `rounds eval` on a corpus measures Rounds against it
 * in the same run: plain Okapi BM25 (k1 0.9, b 0.4) over title + text of whole documents, lowercase alphanumeric
 * tokens, a short stop list, no stemming. Its abstention score is the top BM25 score.
 */

const STOP = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were what which who with how does do did can'.split(
    ' ',
  ),
);

function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((t) => !STOP.has(t));
}

export interface BaselineDoc {
  id: string;
  title?: string;
  text: string;
}

export class PlainBm25 {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private readonly ids: string[] = [];
  private readonly avgdl: number;

  constructor(
    docs: BaselineDoc[],
    private readonly k1 = 0.9,
    private readonly b = 0.4,
  ) {
    let total = 0;
    docs.forEach((d, i) => {
      const toks = tokens(`${d.title ?? ''} ${d.text}`);
      this.ids.push(d.id);
      this.lengths.push(toks.length);
      total += toks.length;
      const tf = new Map<string, number>();
      for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let p = this.postings.get(t);
        if (!p) {
          p = [];
          this.postings.set(t, p);
        }
        p.push({ doc: i, tf: n });
      }
    });
    this.avgdl = docs.length ? total / docs.length : 1;
  }

  /** Document ids with scores, best first (at most k). */
  search(query: string, k = 10): { id: string; score: number }[] {
    const n = this.ids.length;
    const acc = new Map<number, number>();
    for (const t of new Set(tokens(query))) {
      const p = this.postings.get(t);
      if (!p) continue;
      const idf = Math.log(1 + (n - p.length + 0.5) / (p.length + 0.5));
      for (const { doc, tf } of p) {
        const len = this.lengths[doc] as number;
        const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * len) / this.avgdl));
        acc.set(doc, (acc.get(doc) ?? 0) + s);
      }
    }
    return [...acc.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, k)
      .map(([doc, score]) => ({ id: this.ids[doc] as string, score }));
  }
}
