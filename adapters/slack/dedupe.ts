/**
 * Remembers keys (Slack event ids, channel+ts of messages) for a while, so a Slack retry (`X-Slack-Retry-Num`)
 * or the same message arriving as two events (app_mention and message.channels) is answered once.
 * In memory: with several instances behind a load balancer, a shared store would be needed (see README, "Connect to Slack").
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
