/**
 * The feedback and audit store on PostgreSQL (node-postgres), for several Rounds instances behind a load balancer:
 * the same tables, migrations (migrations.ts) and row mapping as the SQLite store, so one contract suite passes on
 * both. Every write that must be all-or-nothing runs in one transaction on one pooled connection; a rating is
 * acknowledged only after COMMIT returns, so an instance killed mid-request loses nothing it acknowledged.
 * Errors are logged by code only: PostgreSQL's messages can quote row values (question text, ids).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ErrorCode, isRoundsError, RoundsError } from '../core/errors.js';
import {
  type AnswerContext,
  type AnswerQuery,
  type AnswerRecord,
  type Clock,
  type Escalation,
  type EscalationQuery,
  type EscalationRequest,
  type RatingInput,
  type RatingValue,
  type ReviewerActor,
  type ReviewerEvent,
  type StoredRating,
  systemClock,
} from '../core/ports.js';
import type { Answer, Question } from '../core/types.js';
import type { Logger } from '../logger.js';
import { buildAnswerQuery, toPgPlaceholders } from './answer-query.js';
import { type AnswerRow, answerToRow, isoOrThrow, type RatingRow, rowToAnswer, rowToContext, rowToRating } from './answer-row.js';
import { type AuditEntry, type AuditHead, type AuditStep, type RecordKind, ratingRef } from './audit-chain.js';
import type { Anchor, AuditReport } from './audit-verify.js';
import { type Migration, pendingMigrations } from './migrations.js';
import { appendPg, pgAuditHead, pgEntriesFor, pgLatestFor, pgVerify } from './pg-audit.js';
import { PgEscalations } from './pg-escalations.js';
import { purgeSteps } from './purge-steps.js';
import { cleanRating } from './rating-input.js';
import { cleanActor, type ReviewerEventRow, rowToReviewerEvent } from './reviewer-event-row.js';
import {
  DEFAULT_PURGE_ACTOR,
  type PurgeCounts,
  type RatingQuery,
  type RoundsStore,
  type StoreStats,
  SWEEP_EVERY_MS,
  sessionKey,
} from './store.js';

export interface PgStoreOptions {
  /** postgres://user:password@host:5432/database (DATABASE_URL). */
  url: string;
  logger?: Logger;
  clock?: Clock;
  retentionDays?: number;
  purgeAtOpen?: boolean;
  /** Connections per instance (default 10). */
  poolSize?: number;
}

/** Any constant works: it only has to be the same in every Rounds instance migrating the same database. */
const MIGRATION_LOCK = 0x726f756e; // "roun"

/** The URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** PostgreSQL text cannot hold NUL; a pasted question could. JSON columns escape it, these columns do not. */
function noNul(value: string | null): string | null {
  return value === null ? null : value.replaceAll('\u0000', '');
}

export async function openPgStore(opts: PgStoreOptions): Promise<PgFeedbackStore> {
  if (opts.retentionDays !== undefined && !(Number.isInteger(opts.retentionDays) && opts.retentionDays >= 1)) {
    throw new RoundsError(ErrorCode.ConfigInvalid, `retention.days must be a whole number of days >= 1 (got ${opts.retentionDays})`);
  }
  const store = new PgFeedbackStore(opts);
  try {
    await store.migrate();
    if (opts.retentionDays !== undefined && opts.purgeAtOpen !== false) await store.purgeExpired();
  } catch (cause) {
    await store.close();
    if (isRoundsError(cause) && cause.code !== ErrorCode.StoreFailed) throw cause;
    throw new RoundsError(
      ErrorCode.StoreFailed,
      `Could not open the PostgreSQL store at ${store.location}: ${(cause as Error).message}. Check DATABASE_URL (host, port, user, password, database) and that the server is up.`,
      { cause },
    );
  }
  return store;
}

export class PgFeedbackStore implements RoundsStore {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private readonly pool: pg.Pool;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly retentionDays: number | undefined;
  private lastSweep = 0;
  private closed = false;
  private readonly escalations: PgEscalations;

  constructor(opts: PgStoreOptions) {
    this.location = redactUrl(opts.url);
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger;
    this.retentionDays = opts.retentionDays;
    this.pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle connection dropped by the server (restart, failover) must not crash the process: the pool replaces it.
    this.pool.on('error', (err) => this.logger?.warn({ err: { code: (err as { code?: string }).code } }, 'postgres idle connection lost'));
    this.escalations = new PgEscalations(
      this.pool,
      (fn) => this.tx(fn),
      this.clock,
      (c, steps) => this.append(c, steps),
    );
  }

  /** Appends audit entries in the write transaction of `c` (pg-audit.ts: one order across instances). */
  private async append(c: pg.PoolClient, steps: AuditStep[]): Promise<void> {
    await appendPg(c, steps, () => this.clock.now());
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      if (isRoundsError(cause)) throw cause;
      this.logger?.error({ err: { code: (cause as { code?: string }).code }, what }, 'feedback store operation failed');
      throw new RoundsError(ErrorCode.StoreFailed, `Feedback store ${what} failed: ${(cause as Error).message}`, { cause });
    }
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = [], c: pg.Pool | pg.PoolClient = this.pool) {
    return c.query<R>(toPgPlaceholders(sql), params);
  }

  /** Applies pending migrations under an advisory lock, so instances starting together apply each once. */
  async migrate(): Promise<number[]> {
    return this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await c.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const have = (await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
      let pending: Migration[];
      try {
        pending = pendingMigrations(have);
      } catch (error) {
        throw new RoundsError(ErrorCode.StoreFailed, (error as Error).message);
      }
      const applied: number[] = [];
      for (const m of pending) {
        await c.query(m.postgres);
        await m.postgresBackfill?.(c, () => this.clock.now());
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          this.clock.now().toISOString(),
        ]);
        applied.push(m.version);
      }
      if (applied.length) this.logger?.info({ store: this.location, applied }, 'feedback store migrated');
      return applied;
    });
  }

  async recordAnswer(answer: Answer, context: AnswerContext): Promise<void> {
    const row = answerToRow(answer, context);
    row.question = noNul(row.question);
    row.normalized_question = noNul(row.normalized_question);
    row.answer_text = noNul(row.answer_text);
    await this.guard('recordAnswer', () =>
      this.tx(async (c) => {
        const cols = Object.keys(row) as (keyof AnswerRow)[];
        const inserted = await this.q(
          `INSERT INTO answers (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
          cols.map((k) => row[k]),
          c,
        );
        // The audit record is immutable: a retried recordAnswer with the same id keeps the first one.
        if (inserted.rowCount === 0) {
          this.logger?.warn({ answerId: answer.id }, 'answer already recorded; kept the first record');
          return;
        }
        for (const s of answer.citations ?? []) {
          await this.q(
            'INSERT INTO answer_sources (answer_id, n, doc_id, version, collection, chunk_id, score) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
            [answer.id, s.n, s.docId, s.version ?? null, s.collection ?? null, s.chunkId ?? null, s.score ?? null],
            c,
          );
        }
        await this.append(c, [{ kind: 'answer', ref: answer.id, action: 'recorded' }]);
      }),
    );
  }

  async setReplyId(answerId: string, replyId: string): Promise<void> {
    await this.guard('setReplyId', () =>
      this.tx(async (c) => {
        const { rows } = await this.q<{ reply_id: string | null }>('SELECT reply_id FROM answers WHERE id = ? FOR UPDATE', [answerId], c);
        if (!rows[0]) throw unknownAnswer(answerId);
        if (rows[0].reply_id === replyId) return;
        await this.q('UPDATE answers SET reply_id = ? WHERE id = ?', [replyId, answerId], c);
        await this.append(c, [{ kind: 'answer', ref: answerId, action: 'reply_linked' }]);
      }),
    );
  }

  async findAnswerByReplyId(platform: Question['platform'], replyId: string): Promise<AnswerRecord | undefined> {
    return this.guard('findAnswerByReplyId', async () => {
      const { rows } = await this.q<AnswerRow>(
        'SELECT * FROM answers WHERE platform = ? AND reply_id = ? ORDER BY created_at DESC LIMIT 1',
        [platform, replyId],
      );
      return (await this.toRecords(rows))[0];
    });
  }

  async getAnswer(answerId: string): Promise<AnswerRecord | undefined> {
    return this.guard('getAnswer', async () => {
      const { rows } = await this.q<AnswerRow>('SELECT * FROM answers WHERE id = ?', [answerId]);
      return (await this.toRecords(rows))[0];
    });
  }

  async rate(input: RatingInput): Promise<StoredRating> {
    const r = cleanRating(input);
    const actor = input.actor ? cleanActor(input.actor) : undefined;
    if (r.comment !== null) r.comment = noNul(r.comment);
    const stored = await this.guard('rate', () =>
      this.tx(async (c): Promise<StoredRating> => {
        // FOR SHARE keeps a concurrent purge or delete of the answer from slipping between the check and the insert.
        const exists = await this.q('SELECT 1 FROM answers WHERE id = ? FOR SHARE', [r.answerId], c);
        if (exists.rowCount === 0) throw unknownAnswer(r.answerId);
        const existing = (await this.q<RatingRow>('SELECT * FROM ratings WHERE answer_id = ? AND rater_id = ?', [r.answerId, r.raterId], c))
          .rows[0];
        // A double click (or a platform retrying the interaction) must not move the rating's time.
        if (
          existing &&
          existing.value === r.value &&
          existing.reason === r.reason &&
          existing.comment === r.comment &&
          existing.role === r.role
        ) {
          return rowToRating(existing);
        }
        const now = this.clock.now().toISOString();
        const { rows } = await this.q<RatingRow>(
          `INSERT INTO ratings (answer_id, rater_id, role, value, reason, comment, comment_redactions, platform, workspace_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (answer_id, rater_id) DO UPDATE SET role = excluded.role, value = excluded.value, reason = excluded.reason,
             comment = excluded.comment, comment_redactions = excluded.comment_redactions, updated_at = excluded.updated_at
           RETURNING *`,
          [
            r.answerId,
            r.raterId,
            r.role,
            r.value,
            r.reason,
            r.comment,
            r.commentRedactions.length ? JSON.stringify(r.commentRedactions) : null,
            r.platform,
            r.workspaceId,
            now,
            now,
          ],
          c,
        );
        const steps: AuditStep[] = [
          { kind: 'rating', ref: ratingRef(r.answerId, r.raterId), action: existing ? 'rating_changed' : 'rated' },
        ];
        // Same transaction as the rating: a reviewer's rating and its audit event are stored together or not at all.
        if (actor) {
          const eventId = await this.insertEvent(c, {
            answerId: r.answerId,
            at: now,
            action: existing ? 'rating_changed' : 'rated',
            actor,
            value: r.value,
            previousValue: existing ? (existing.value as RatingValue) : null,
            reason: r.reason,
          });
          steps.push({ kind: 'reviewer_event', ref: eventId, action: existing ? 'rating_changed' : 'rated', actor: actor.id });
        }
        await this.append(c, steps);
        return rowToRating(rows[0] as RatingRow);
      }),
    );
    this.logger?.info({ answerId: r.answerId, value: stored.value, reason: stored.reason, role: stored.role }, 'rating stored');
    return stored;
  }

  async listAnswers(query: AnswerQuery = {}): Promise<AnswerRecord[]> {
    const { sql, params } = buildAnswerQuery(query, 'postgres');
    return this.guard('listAnswers', async () => this.toRecords((await this.pool.query<AnswerRow>(sql, params)).rows));
  }

  async recordExport(actor: ReviewerActor, answerIds: string[]): Promise<void> {
    const who = cleanActor(actor);
    const ids = [...new Set(answerIds)];
    await this.guard('recordExport', () =>
      this.tx(async (c) => {
        const at = this.clock.now().toISOString();
        const steps: AuditStep[] = [];
        for (const answerId of ids) {
          const id = await this.insertEvent(c, {
            answerId,
            at,
            action: 'exported',
            actor: who,
            value: null,
            previousValue: null,
            reason: null,
          });
          steps.push({ kind: 'reviewer_event', ref: id, action: 'exported', actor: who.id });
        }
        await this.append(c, steps);
      }),
    );
  }

  async listReviewerEvents(answerIds: string[]): Promise<ReviewerEvent[]> {
    if (answerIds.length === 0) return [];
    return this.guard('listReviewerEvents', async () => {
      const { rows } = await this.pool.query<ReviewerEventRow>(
        'SELECT * FROM reviewer_events WHERE answer_id = ANY($1::text[]) ORDER BY at, id',
        [answerIds],
      );
      return rows.map(rowToReviewerEvent);
    });
  }

  private async insertEvent(
    c: pg.PoolClient,
    e: {
      answerId: string;
      at: string;
      action: ReviewerEvent['action'];
      actor: ReviewerActor;
      value: RatingValue | null;
      previousValue: RatingValue | null;
      reason: string | null;
    },
  ): Promise<string> {
    const id = randomUUID();
    await c.query(
      `INSERT INTO reviewer_events (id, answer_id, at, action, actor_id, actor_name, auth_method, value, previous_value, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, e.answerId, e.at, e.action, e.actor.id, e.actor.name ?? null, e.actor.method, e.value, e.previousValue, e.reason],
    );
    return id;
  }

  async openEscalation(request: EscalationRequest): Promise<{ escalation: Escalation; created: boolean }> {
    const result = await this.guard('openEscalation', () => this.escalations.open(request));
    this.logger?.info({ escalationId: result.escalation.id, answerId: request.answerId, created: result.created }, 'escalation');
    return result;
  }

  async setEscalationNotice(id: string, notice: { channelId: string; noticeId: string }): Promise<void> {
    await this.guard('setEscalationNotice', () => this.escalations.setNotice(id, notice));
  }

  async findEscalationByNotice(platform: Question['platform'], channelId: string, noticeId: string): Promise<Escalation | undefined> {
    return this.guard('findEscalationByNotice', () => this.escalations.findByNotice(platform, channelId, noticeId));
  }

  async answerEscalation(id: string, reply: { text: string; by: string; replyId?: string }): Promise<Escalation> {
    return this.guard('answerEscalation', () => this.escalations.answer(id, reply));
  }

  async closeEscalation(id: string): Promise<Escalation> {
    return this.guard('closeEscalation', () => this.escalations.close(id));
  }

  async getEscalation(id: string): Promise<Escalation | undefined> {
    return this.guard('getEscalation', () => this.escalations.get(id));
  }

  async listEscalations(query: EscalationQuery = {}): Promise<Escalation[]> {
    return this.guard('listEscalations', () => this.escalations.list(query));
  }

  async listRatings(q: RatingQuery = {}): Promise<StoredRating[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.since !== undefined) {
      where.push('updated_at >= ?');
      params.push(isoOrThrow(q.since, 'since'));
    }
    if (q.role !== undefined) {
      where.push('role = ?');
      params.push(q.role);
    }
    if (q.answerId !== undefined) {
      where.push('answer_id = ?');
      params.push(q.answerId);
    }
    const sql = `SELECT * FROM ratings ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at, answer_id, rater_id`;
    return this.guard('listRatings', async () => (await this.q<RatingRow>(sql, params)).rows.map(rowToRating));
  }

  async purgeExpired(now: Date = this.clock.now(), by: string = DEFAULT_PURGE_ACTOR): Promise<PurgeCounts> {
    if (this.retentionDays === undefined) return { answersPurged: 0, commentsPurged: 0 };
    const retentionDays = this.retentionDays;
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    const result = await this.guard('purgeExpired', () =>
      this.tx(async (c) => {
        const answers = await this.q<{ id: string }>(
          `UPDATE answers SET question = NULL, normalized_question = NULL, answer_text = NULL, sentences_json = NULL, purged_at = ?
           WHERE created_at < ? AND purged_at IS NULL RETURNING id`,
          [now.toISOString(), cutoff],
          c,
        );
        const comments = await this.q<{ answer_id: string; rater_id: string }>(
          'UPDATE ratings SET comment = NULL WHERE updated_at < ? AND comment IS NOT NULL RETURNING answer_id, rater_id',
          [cutoff],
          c,
        );
        const replies = await this.escalations.purgeReplies(c, cutoff);
        // A tombstone per record whose text went (what, when, by whom) and one entry for the run.
        await this.append(
          c,
          purgeSteps({ answers: answers.rows.map((r) => r.id), ratings: comments.rows, escalations: replies, by, cutoff, retentionDays }),
        );
        return { answersPurged: answers.rowCount ?? 0, commentsPurged: (comments.rowCount ?? 0) + replies.length };
      }),
    );
    if (result.answersPurged || result.commentsPurged)
      this.logger?.info({ ...result, retentionDays: this.retentionDays }, 'retention purge');
    return result;
  }

  async schemaVersion(): Promise<number> {
    return this.guard('schemaVersion', () => versionOf(this.pool));
  }

  async auditHead(): Promise<AuditHead | undefined> {
    return this.guard('auditHead', () => pgAuditHead(this.pool));
  }

  async verifyAudit(anchors: Anchor[] = []): Promise<AuditReport> {
    return this.guard('verifyAudit', () => pgVerify(this.pool, anchors));
  }

  async latestAuditEntries(kind: RecordKind, refs: string[]): Promise<Map<string, AuditEntry>> {
    return this.guard('latestAuditEntries', () => pgLatestFor(this.pool, kind, refs));
  }

  async auditHistory(kind: RecordKind, ref: string): Promise<AuditEntry[]> {
    return this.guard('auditHistory', () => pgEntriesFor(this.pool, kind, ref));
  }

  async stats(): Promise<StoreStats> {
    return this.guard('stats', async () => {
      const { rows } = await this.pool.query<Omit<StoreStats, 'schemaVersion'>>(
        `SELECT (SELECT COUNT(*)::int FROM answers) AS "answers",
                (SELECT COUNT(*)::int FROM answers WHERE purged_at IS NOT NULL) AS "purgedAnswers",
                (SELECT COUNT(*)::int FROM ratings) AS "ratings",
                (SELECT COUNT(*)::int FROM ratings WHERE role = 'reviewer') AS "reviewerRatings"`,
      );
      return { ...(rows[0] as Omit<StoreStats, 'schemaVersion'>), schemaVersion: await versionOf(this.pool) };
    });
  }

  async claimEvent(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    return this.guard('claimEvent', async () => {
      await this.sweep(now);
      // One statement, so two instances claiming the same key at once cannot both win: the row lock decides.
      const result = await this.q(
        `INSERT INTO seen_events (key, expires_at) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE seen_events.expires_at <= ?
         RETURNING key`,
        [key, new Date(now.getTime() + ttlMs).toISOString(), now.toISOString()],
      );
      return result.rowCount === 1;
    });
  }

  async putSession(id: string, data: string, expiresAt: Date): Promise<void> {
    await this.guard('putSession', async () => {
      await this.sweep(this.clock.now());
      await this.q(
        'INSERT INTO sessions (id_hash, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
        [sessionKey(id), noNul(data), expiresAt.toISOString()],
      );
    });
  }

  async getSession(id: string): Promise<string | undefined> {
    return this.guard('getSession', async () => {
      const { rows } = await this.q<{ data: string }>('SELECT data FROM sessions WHERE id_hash = ? AND expires_at > ?', [
        sessionKey(id),
        this.clock.now().toISOString(),
      ]);
      return rows[0]?.data;
    });
  }

  async takeSession(id: string): Promise<string | undefined> {
    return this.guard('takeSession', async () => {
      const { rows } = await this.q<{ data: string; expires_at: string }>(
        'DELETE FROM sessions WHERE id_hash = ? RETURNING data, expires_at',
        [sessionKey(id)],
      );
      const row = rows[0];
      return row && row.expires_at > this.clock.now().toISOString() ? row.data : undefined;
    });
  }

  async deleteSession(id: string): Promise<void> {
    await this.guard('deleteSession', () => this.q('DELETE FROM sessions WHERE id_hash = ?', [sessionKey(id)]));
  }

  private async sweep(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now.getTime();
    const iso = now.toISOString();
    await this.q('DELETE FROM seen_events WHERE expires_at <= ?', [iso]);
    await this.q('DELETE FROM sessions WHERE expires_at <= ?', [iso]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async toRecords(rows: AnswerRow[]): Promise<AnswerRecord[]> {
    if (rows.length === 0) return [];
    const byAnswer = new Map<string, StoredRating[]>();
    const ratings = await this.pool.query<RatingRow>(
      'SELECT * FROM ratings WHERE answer_id = ANY($1::text[]) ORDER BY updated_at, rater_id',
      [rows.map((row) => row.id)],
    );
    for (const r of ratings.rows) {
      const list = byAnswer.get(r.answer_id) ?? [];
      list.push(rowToRating(r));
      byAnswer.set(r.answer_id, list);
    }
    return rows.map((row) => ({ answer: rowToAnswer(row), context: rowToContext(row), ratings: byAnswer.get(row.id) ?? [] }));
  }
}

async function versionOf(c: pg.Pool | pg.PoolClient): Promise<number> {
  const { rows } = await c.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

function unknownAnswer(answerId: string): RoundsError {
  return new RoundsError(
    ErrorCode.UnknownAnswer,
    `No answer with id ${answerId} is recorded, so it cannot be rated. The message may predate this store or come from another Rounds instance.`,
  );
}
