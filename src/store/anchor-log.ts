/**
 * `rounds start` logs the audit chain's head at start and then once a day: a log pipeline that ships to a SIEM
 * keeps the anchors outside the database without anyone running `rounds audit anchor` by hand. With several
 * instances each logs the shared chain's head; any of those lines is an anchor.
 */
import type { Logger } from '../logger.js';
import type { RoundsStore } from './store.js';

export const ANCHOR_LOG_EVERY_MS = 86_400_000;

export function logAuditHeadDaily(store: Pick<RoundsStore, 'auditHead'>, logger: Logger, everyMs = ANCHOR_LOG_EVERY_MS): () => void {
  const log = async () => {
    try {
      const head = await store.auditHead();
      if (head) logger.info({ audit: { seq: head.seq, hash: head.hash, at: head.at } }, 'audit chain head');
    } catch (err) {
      // A store that is down now is reported by /healthz; the next day's line is the next anchor.
      logger.warn({ err: { code: (err as { code?: string }).code } }, 'audit chain head could not be read');
    }
  };
  void log();
  const timer = setInterval(() => void log(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
