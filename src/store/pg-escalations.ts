/**
 * Escalations ("Ask a person") on PostgreSQL, the same behaviour as sqlite-escalations.ts (one contract suite
 * runs on both). Where SQLite serializes writers with one IMMEDIATE transaction, here each write locks the row
 * it depends on (`FOR UPDATE`): two presses of the button on two instances at once wait for each other, and only
 * the first creates the row that triggers a notification.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ErrorCode, RoundsError } from '../core/errors.js';
import type { Clock, Escalation, EscalationQuery, EscalationRequest } from '../core/ports.js';
import type { Question } from '../core/types.js';
import { toPgPlaceholders } from './answer-query.js';
import type { AuditStep } from './audit-chain.js';
import { cleanComment } from './rating-input.js';
import { checkId, type EscalationRow, escalationListQuery, toEscalation } from './sqlite-escalations.js';

type Db = pg.Pool | pg.PoolClient;

function noNul(value: string): string {
  return value.replaceAll('\u0000', '');
}

export class PgEscalations {
  constructor(
    private readonly pool: pg.Pool,
    private readonly tx: <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>,
    private readonly clock: Clock,
    /** Appends audit entries in the same transaction (every step of an escalation is an entry). */
    private readonly audit: (c: pg.PoolClient, steps: AuditStep[]) => Promise<void>,
  ) {}

  private step(id: string, action: string): AuditStep[] {
    return [{ kind: 'escalation', ref: id, action }];
  }

  private async rows(c: Db, sql: string, params: unknown[]): Promise<EscalationRow[]> {
    return (await c.query<EscalationRow>(toPgPlaceholders(sql), params)).rows;
  }

  private async mustGet(c: Db, id: string, lock = false): Promise<EscalationRow> {
    const [row] = await this.rows(c, `SELECT * FROM escalations WHERE id = ?${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!row) throw new RoundsError(ErrorCode.InvalidInput, `No escalation with id ${id}.`);
    return row;
  }

  async open(req: EscalationRequest): Promise<{ escalation: Escalation; created: boolean }> {
    const answerId = checkId(req.answerId, 'answerId');
    const requestedBy = checkId(req.requestedBy, 'requestedBy');
    return this.tx(async (c) => {
      // Locking the answer serializes presses for it across instances.
      if ((await c.query('SELECT 1 FROM answers WHERE id = $1 FOR UPDATE', [answerId])).rowCount === 0) {
        throw new RoundsError(ErrorCode.UnknownAnswer, `No answer with id ${answerId} is recorded, so it cannot be escalated.`);
      }
      const [existing] = await this.rows(c, 'SELECT * FROM escalations WHERE answer_id = ?', [answerId]);
      const now = this.clock.now().toISOString();
      if (existing) {
        // A notification that never went out (the post failed) may be retried by pressing again.
        if (existing.status === 'open' && !existing.notice_id && existing.updated_at < new Date(Date.parse(now) - 30_000).toISOString()) {
          await c.query('UPDATE escalations SET updated_at = $1 WHERE id = $2', [now, existing.id]);
          await this.audit(c, this.step(existing.id, 'reopened'));
          return { escalation: toEscalation(await this.mustGet(c, existing.id)), created: true };
        }
        return { escalation: toEscalation(existing), created: false };
      }
      const id = randomUUID();
      await c.query(
        `INSERT INTO escalations (id, answer_id, platform, status, requested_by, channel_profile, created_at, updated_at)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7)`,
        [id, answerId, req.platform, requestedBy, req.channelProfile ?? null, now, now],
      );
      await this.audit(c, this.step(id, 'opened'));
      return { escalation: toEscalation(await this.mustGet(c, id)), created: true };
    });
  }

  async setNotice(id: string, notice: { channelId: string; noticeId: string }): Promise<void> {
    const channelId = checkId(notice.channelId, 'channelId');
    const noticeId = checkId(notice.noticeId, 'noticeId');
    await this.tx(async (c) => {
      const res = await c.query('UPDATE escalations SET notice_channel_id = $1, notice_id = $2, updated_at = $3 WHERE id = $4', [
        channelId,
        noticeId,
        this.clock.now().toISOString(),
        id,
      ]);
      if (res.rowCount === 0) throw new RoundsError(ErrorCode.InvalidInput, `No escalation with id ${id}.`);
      await this.audit(c, this.step(id, 'notice_posted'));
    });
  }

  async findByNotice(platform: Question['platform'], channelId: string, noticeId: string): Promise<Escalation | undefined> {
    // Two answers escalated in one asker thread share the place: the open one (then the newest) takes the reply.
    const [row] = await this.rows(
      this.pool,
      `SELECT * FROM escalations WHERE platform = ? AND notice_channel_id = ? AND notice_id = ?
       ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, created_at DESC LIMIT 1`,
      [platform, channelId, noticeId],
    );
    return row ? toEscalation(row) : undefined;
  }

  async answer(id: string, reply: { text: string; by: string; replyId?: string }): Promise<Escalation> {
    const by = checkId(reply.by, 'reply.by');
    const cleaned = cleanComment(typeof reply.text === 'string' ? reply.text : '');
    if (!cleaned) throw new RoundsError(ErrorCode.InvalidInput, 'An escalation reply needs text.');
    return this.tx(async (c) => {
      const row = await this.mustGet(c, id, true);
      // The first reply is the answer the knowledge team needs; "thanks" and chatter after it are not kept.
      if (row.status !== 'open') return toEscalation(row);
      const now = this.clock.now().toISOString();
      await c.query(
        `UPDATE escalations SET status = 'answered', reply_text = $1, reply_redactions = $2, reply_by = $3, reply_id = $4,
           replied_at = $5, updated_at = $6 WHERE id = $7`,
        [noNul(cleaned.text), cleaned.kinds.length ? JSON.stringify(cleaned.kinds) : null, by, reply.replyId ?? null, now, now, id],
      );
      await this.audit(c, this.step(id, 'answered'));
      return toEscalation(await this.mustGet(c, id));
    });
  }

  async close(id: string): Promise<Escalation> {
    return this.tx(async (c) => {
      const row = await this.mustGet(c, id, true);
      if (row.status === 'closed') return toEscalation(row);
      const now = this.clock.now().toISOString();
      await c.query("UPDATE escalations SET status = 'closed', closed_at = $1, updated_at = $2 WHERE id = $3", [now, now, id]);
      await this.audit(c, this.step(id, 'closed'));
      return toEscalation(await this.mustGet(c, id));
    });
  }

  async get(id: string): Promise<Escalation | undefined> {
    const [row] = await this.rows(this.pool, 'SELECT * FROM escalations WHERE id = ?', [id]);
    return row ? toEscalation(row) : undefined;
  }

  async list(q: EscalationQuery = {}): Promise<Escalation[]> {
    const { sql, params } = escalationListQuery(q);
    return (await this.rows(this.pool, sql, params)).map(toEscalation);
  }

  /** Retention: the reply text goes with the question text. Returns the ids purged (for their tombstones). */
  async purgeReplies(c: Db, cutoff: string): Promise<string[]> {
    const res = await c.query<{ id: string }>(
      'UPDATE escalations SET reply_text = NULL WHERE replied_at < $1 AND reply_text IS NOT NULL RETURNING id',
      [cutoff],
    );
    return res.rows.map((r) => r.id);
  }
}
