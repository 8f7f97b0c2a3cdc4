/**
 * Remembers recently seen activity ids. The Bot Framework retries a delivery when the bot is slow to answer
 * (Teams waits about 15 s), and an LLM answer can take longer, so the retry must not produce a second answer.
 * Bounded by count and age so it cannot grow without limit.
 */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly max = 5000,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the id was already seen (and not expired); otherwise records it and returns false. */
  checkAndAdd(id: string): boolean {
    const t = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && t - at < this.ttlMs) return true;
    this.seen.delete(id);
    this.seen.set(id, t);
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return false;
  }
}
