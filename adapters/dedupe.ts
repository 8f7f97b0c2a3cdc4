/**
 * Answers a platform's redelivery once: a Slack retry (`X-Slack-Retry-Num`) or one message arriving as two
 * events (app_mention and message.channels), a Bot Framework redelivery when the bot is slow (Teams waits about
 * 15 s; an LLM answer can take longer). Two implementations of one small port: in memory for one instance, and
 * through the shared store (PostgreSQL) when several instances sit behind a load balancer, where the retry may
 * reach another instance than the first delivery.
 */
import type { SharedStateStore } from '../src/core/ports.js';
import type { Logger } from '../src/logger.js';

export interface EventDeduper {
  /** True the first time a key is seen within the TTL (by any instance sharing the store); false for a repeat. */
  claim(key: string): Promise<boolean>;
}

/** In memory, bounded by age and count. */
export class Deduper implements EventDeduper {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly maxKeys = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string): Promise<boolean> {
    return this.firstTime(key);
  }

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

/**
 * Through the shared store: one atomic claim per key across every instance. If the store cannot be reached the
 * claim falls back to this instance's memory (a retry may then be answered twice, which is better than not
 * answering a clinician at all; recording the answer fails closed on its own).
 */
export class StoreDeduper implements EventDeduper {
  private readonly local: Deduper;

  constructor(
    private readonly store: SharedStateStore,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly logger?: Logger,
  ) {
    this.local = new Deduper(ttlMs);
  }

  async claim(key: string): Promise<boolean> {
    try {
      return await this.store.claimEvent(key, this.ttlMs);
    } catch (error) {
      this.logger?.warn({ code: (error as { code?: string }).code }, 'shared dedupe unavailable; deduplicating in this instance only');
      return this.local.firstTime(key);
    }
  }
}

/** The store-backed deduper when a shared store is given (several instances), else the in-memory one. */
export function createDeduper(shared: SharedStateStore | undefined, ttlMs: number, maxKeys: number, logger?: Logger): EventDeduper {
  return shared ? new StoreDeduper(shared, ttlMs, logger) : new Deduper(ttlMs, maxKeys);
}
