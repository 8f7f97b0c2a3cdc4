/**
 * Remembers keys for a while, bounded by age and count, so a platform's redelivery is answered once: a Slack
 * retry (`X-Slack-Retry-Num`) or one message arriving as two events (app_mention and message.channels), a Bot
 * Framework redelivery when the bot is slow (Teams waits about 15 s; an LLM answer can take longer).
 * In memory: with several instances behind a load balancer, a shared store would be needed.
 */
export class Deduper {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly maxKeys = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a key is seen within the TTL; false for a repeat. */
  firstTime(key: string): boolean {
    const t = this.now();
    const at = this.seen.get(key);
    if (at !== undefined && t - at < this.ttlMs) return false;
    this.seen.delete(key);
    this.seen.set(key, t);
    this.prune(t);
    return true;
  }

  private prune(t: number): void {
    // Map iteration order is insertion order, so the oldest entries come first.
    for (const [key, at] of this.seen) {
      if (this.seen.size <= this.maxKeys && t - at < this.ttlMs) break;
      this.seen.delete(key);
    }
  }
}
