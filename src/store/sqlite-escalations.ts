/**
 * Escalations ("Ask a person") on the SQLite connection of the feedback store. Every write runs in one IMMEDIATE
 * transaction, so two presses of the button (two clicks, or Slack and a retry) serialize and only the first one
 * creates the row that triggers a notification. Reply text is redacted like rating comments before it is stored.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Clock, Escalation, EscalationQuery, EscalationRequest, EscalationStatus } from '../core/ports.js';
import type { Question } from '../core/types.js';
import { isoOrThrow } from './answer-row.js';
import type { AuditStep } from './audit-chain.js';
import { cleanComment } from './rating-input.js';

export interface EscalationRow {
  id: string;
  answer_id: string;
  platform: string;
  status: EscalationStatus;
  requested_by: string;
  channel_profile: string | null;
  notice_channel_id: string | null;
  notice_id: string | null;
  reply_text: string | null;
  reply_by: string | null;
  reply_id: string | null;
  replied_at: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

const MAX_ID_CHARS = 256;
export const MAX_LIST = 1000;

/** The escalation list query, with `?` placeholders, for both stores. */
export function escalationListQuery(q: EscalationQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.status !== undefined) {
    where.push('status = ?');
    params.push(q.status);
  }
  if (q.since !== undefined) {
    where.push('created_at >= ?');
    params.push(isoOrThrow(q.since, 'since'));
  }
  const limit = Math.min(Math.max(1, Math.floor(q.limit ?? MAX_LIST)), MAX_LIST);
  const sql = `SELECT * FROM escalations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ${limit}`;
  return { sql, params };
}

export function toEscalation(r: EscalationRow): Escalation {
  return {
    id: r.id,
    answerId: r.answer_id,
    platform: r.platform as Question['platform'],
    status: r.status,
    requestedBy: r.requested_by,
    ...(r.channel_profile ? { channelProfile: r.channel_profile } : {}),
    ...(r.notice_channel_id ? { noticeChannelId: r.notice_channel_id } : {}),
    ...(r.notice_id ? { noticeId: r.notice_id } : {}),
    ...(r.reply_by && r.replied_at
      ? { reply: { text: r.reply_text ?? '', by: r.reply_by, at: r.replied_at, ...(r.reply_id ? { replyId: r.reply_id } : {}) } }
      : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.closed_at ? { closedAt: r.closed_at } : {}),
  };
}

export function checkId(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_CHARS) {
    throw new RoundsError(ErrorCode.InvalidInput, `${what} must be a non-empty string of at most ${MAX_ID_CHARS} characters`);
  }
  return value;
}

export class SqliteEscalations {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    /** Appends audit entries inside the current write transaction (every step of an escalation is an entry). */
    private readonly audit: (steps: AuditStep[]) => void,
  ) {}

  private step(id: string, action: string): void {
    this.audit([{ kind: 'escalation', ref: id, action }]);
  }

  private row(id: string): EscalationRow | undefined {
    return this.db.prepare('SELECT * FROM escalations WHERE id = ?').get(id) as EscalationRow | undefined;
  }

  private mustGet(id: string): EscalationRow {
    const row = this.row(id);
    if (!row) throw new RoundsError(ErrorCode.InvalidInput, `No escalation with id ${id}.`);
    return row;
  }

  open(req: EscalationRequest): { escalation: Escalation; created: boolean } {
    const answerId = checkId(req.answerId, 'answerId');
    const requestedBy = checkId(req.requestedBy, 'requestedBy');
    const run = this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM answers WHERE id = ?').get(answerId)) {
        throw new RoundsError(ErrorCode.UnknownAnswer, `No answer with id ${answerId} is recorded, so it cannot be escalated.`);
      }
      const existing = this.db.prepare('SELECT * FROM escalations WHERE answer_id = ?').get(answerId) as EscalationRow | undefined;
      const now = this.clock.now().toISOString();
      if (existing) {
        // A notification that never went out (the post failed) may be retried by pressing again; otherwise the
        // people were told already and a repeat press changes nothing.
        if (existing.status === 'open' && !existing.notice_id && existing.updated_at < new Date(Date.parse(now) - 30_000).toISOString()) {
          this.db.prepare('UPDATE escalations SET updated_at = ? WHERE id = ?').run(now, existing.id);
          this.step(existing.id, 'reopened');
          return { escalation: toEscalation(this.mustGet(existing.id)), created: true };
        }
        return { escalation: toEscalation(existing), created: false };
      }
      const id = randomUUID();
      this.db
        .prepare(
          `INSERT INTO escalations (id, answer_id, platform, status, requested_by, channel_profile, created_at, updated_at)
           VALUES (?, ?, ?, 'open', ?, ?, ?, ?)`,
        )
        .run(id, answerId, req.platform, requestedBy, req.channelProfile ?? null, now, now);
      this.step(id, 'opened');
      return { escalation: toEscalation(this.mustGet(id)), created: true };
    });
    return run.immediate();
  }

  setNotice(id: string, notice: { channelId: string; noticeId: string }): void {
    const channelId = checkId(notice.channelId, 'channelId');
    const noticeId = checkId(notice.noticeId, 'noticeId');
    const run = this.db.transaction(() => {
      const info = this.db
        .prepare('UPDATE escalations SET notice_channel_id = ?, notice_id = ?, updated_at = ? WHERE id = ?')
        .run(channelId, noticeId, this.clock.now().toISOString(), id);
      if (info.changes === 0) throw new RoundsError(ErrorCode.InvalidInput, `No escalation with id ${id}.`);
      this.step(id, 'notice_posted');
    });
    run.immediate();
  }

  findByNotice(platform: Question['platform'], channelId: string, noticeId: string): Escalation | undefined {
    const row = this.db
      // Two answers escalated in one asker thread share the place: the open one (then the newest) takes the reply.
      .prepare(
        `SELECT * FROM escalations WHERE platform = ? AND notice_channel_id = ? AND notice_id = ?
         ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, created_at DESC LIMIT 1`,
      )
      .get(platform, channelId, noticeId) as EscalationRow | undefined;
    return row ? toEscalation(row) : undefined;
  }

  answer(id: string, reply: { text: string; by: string; replyId?: string }): Escalation {
    const by = checkId(reply.by, 'reply.by');
    const cleaned = cleanComment(typeof reply.text === 'string' ? reply.text : '');
    if (!cleaned) throw new RoundsError(ErrorCode.InvalidInput, 'An escalation reply needs text.');
    const run = this.db.transaction(() => {
      const row = this.mustGet(id);
      // The first reply is the answer the knowledge team needs; "thanks" and chatter after it are not kept.
      if (row.status !== 'open') return toEscalation(row);
      const now = this.clock.now().toISOString();
      this.db
        .prepare(
          `UPDATE escalations SET status = 'answered', reply_text = ?, reply_redactions = ?, reply_by = ?, reply_id = ?,
             replied_at = ?, updated_at = ? WHERE id = ?`,
        )
        .run(cleaned.text, cleaned.kinds.length ? JSON.stringify(cleaned.kinds) : null, by, reply.replyId ?? null, now, now, id);
      this.step(id, 'answered');
      return toEscalation(this.mustGet(id));
    });
    return run.immediate();
  }

  close(id: string): Escalation {
    const run = this.db.transaction(() => {
      const row = this.mustGet(id);
      if (row.status === 'closed') return toEscalation(row);
      const now = this.clock.now().toISOString();
      this.db.prepare("UPDATE escalations SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?").run(now, now, id);
      this.step(id, 'closed');
      return toEscalation(this.mustGet(id));
    });
    return run.immediate();
  }

  get(id: string): Escalation | undefined {
    const row = this.row(id);
    return row ? toEscalation(row) : undefined;
  }

  list(q: EscalationQuery = {}): Escalation[] {
    const { sql, params } = escalationListQuery(q);
    return (this.db.prepare(sql).all(...params) as EscalationRow[]).map(toEscalation);
  }

  /** Retention: the reply text goes with the question text. Returns the ids purged (for their tombstones). */
  purgeReplies(cutoff: string): string[] {
    return (
      this.db
        .prepare('UPDATE escalations SET reply_text = NULL WHERE replied_at < ? AND reply_text IS NOT NULL RETURNING id')
        .all(cutoff) as {
        id: string;
      }[]
    ).map((r) => r.id);
  }
}
