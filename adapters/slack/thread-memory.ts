/**
 * Threads known not to involve Rounds, remembered for a few minutes. In a busy channel every threaded message
 * would otherwise cost a conversations.replies call (a Tier 3 method, about 50 a minute) just to learn that
 * Rounds has nothing to do there. A mention of Rounds in the thread forgets the entry at once.
 */
export class ThreadMemory {
  private readonly expires = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60 * 1000,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  isNotOurs(channel: string, threadTs: string): boolean {
    const key = `${channel}:${threadTs}`;
    const until = this.expires.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.expires.delete(key);
    return false;
  }

  markNotOurs(channel: string, threadTs: string): void {
    const key = `${channel}:${threadTs}`;
    this.expires.delete(key);
    this.expires.set(key, this.now() + this.ttlMs);
    // Insertion order is expiry order (same TTL for all), so the oldest go first.
    for (const k of this.expires.keys()) {
      if (this.expires.size <= this.maxKeys) break;
      this.expires.delete(k);
    }
  }

  forget(channel: string, threadTs: string): void {
    this.expires.delete(`${channel}:${threadTs}`);
  }
}
