/** What every Slack listener needs: the service, a logger, and the shared de-duplication memory. */
import type { RoundsService } from '../../src/core/service.js';
import type { Logger } from '../../src/logger.js';
import type { EventDeduper } from '../dedupe.js';
import type { ThreadMemory } from './thread-memory.js';

export interface SlackHandlerDeps {
  service: RoundsService;
  logger: Logger;
  dedupe: EventDeduper;
  threads: ThreadMemory;
}

/** The fields of Slack message-like events we read; Slack's own union types are wider than we need. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  edited?: unknown;
  team?: string;
}

/**
 * Bots (including Rounds itself), edits, deletions and system messages are never questions. Edits arrive as
 * subtype message_changed; answering them would post a second answer to an already answered question.
 */
export function isHumanMessage(e: SlackMessageEvent): boolean {
  if (e.bot_id || !e.user || e.edited) return false;
  return e.subtype === undefined || e.subtype === 'file_share' || e.subtype === 'thread_broadcast';
}
