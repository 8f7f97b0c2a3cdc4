/**
 * The feedback and audit store on one SQLite file (better-sqlite3). WAL lets the bot, the web review page and
 * `rounds feedback` read while one writer writes; `synchronous=FULL` makes every acknowledged rating durable
 * (the WAL is fsynced at each commit, so it survives kill -9 and power loss); `busy_timeout` makes concurrent
 * writers from several processes wait instead of failing. `secure_delete` zeroes purged text on disk, so
 * retention really removes question and answer text instead of leaving it on free pages.
 * The async FeedbackStore interface is kept so a shared PostgreSQL can replace this for several instances.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { buildAnswerQuery } from './answer-query.js';
import { type AnswerRow, answerToRow, isoOrThrow, type RatingRow, rowToAnswer, rowToContext, rowToRating } from './answer-row.js';
import { type AuditEntry, type AuditHead, type AuditStep, type RecordKind, ratingRef } from './audit-chain.js';
import type { Anchor, AuditReport } from './audit-verify.js';
import { currentVersion, migrate } from './migrations.js';
import { purgeSteps } from './purge-steps.js';
import { cleanRating } from './rating-input.js';
import { cleanActor, type ReviewerEventRow, rowToReviewerEvent } from './reviewer-event-row.js';
import { SqliteAuditChain } from './sqlite-audit.js';
import { SqliteEscalations } from './sqlite-escalations.js';
import {
  DEFAULT_PURGE_ACTOR,
  type PurgeCounts,
  type RatingQuery,
  type RoundsStore,
  type StoreStats,
  SWEEP_EVERY_MS,
  sessionKey,
} from './store.js';

export type { RatingQuery, StoreStats } from './store.js';

export interface SqliteStoreOptions {
  path: string;
  logger?: Logger;
  clock?: Clock;
  /** Purge question/answer text and comments older than this many days (config `retention.days`). */
  retentionDays?: number;
  /** Run the retention purge while opening (default true). */
  purgeAtOpen?: boolean;
  /** How long a writer waits for another process's write lock before failing (ms). */
  busyTimeoutMs?: number;
}

export function openSqliteStore(opts: SqliteStoreOptions): SqliteFeedbackStore {
  return new SqliteFeedbackStore(opts);
}

export class SqliteFeedbackStore implements RoundsStore {
  readonly kind = 'sqlite' as const;
  readonly path: string;
  private lastSweep = 0;
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly retentionDays: number | undefined;
  private readonly escalations: SqliteEscalations;
  private readonly audit: SqliteAuditChain;

  constructor(opts: SqliteStoreOptions) {
    this.path = opts.path;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger;
    this.retentionDays = opts.retentionDays;
    if (opts.retentionDays !== undefined && !(Number.isInteger(opts.retentionDays) && opts.retentionDays >= 1)) {
      throw new RoundsError(ErrorCode.ConfigInvalid, `retention.days must be a whole number of days >= 1 (got ${opts.retentionDays})`);
    }
    try {
      if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true });
      const timeout = opts.busyTimeoutMs ?? 10_000;
      this.db = new Database(opts.path, { timeout });
      // Switching a new file to WAL, or migrating it, while other instances open it can fail with "database is
      // locked" without SQLite's busy handler waiting (seen twice with 20 instances starting at once under a full
      // test run's load): both are retried within the same time budget (a failed migration rolls back whole).
      retryWhileBusy(() => this.db.pragma('journal_mode = WAL'), timeout);
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('secure_delete = ON');
      const applied = retryWhileBusy(() => migrate(this.db, () => this.clock.now()), timeout);
      if (applied.length) this.logger?.info({ path: opts.path, applied }, 'feedback store migrated');
    } catch (cause) {
      throw new RoundsError(
        ErrorCode.StoreFailed,
        `Could not open the feedback store at ${opts.path}: ${(cause as Error).message}. Check that ROUNDS_DATA_DIR is writable.`,
        { cause },
      );
    }
    this.audit = new SqliteAuditChain(this.db, () => this.clock.now());
    this.escalations = new SqliteEscalations(this.db, this.clock, (steps) => this.audit.append(steps));
    if (this.retentionDays !== undefined && opts.purgeAtOpen !== false) this.purgeNow(this.clock.now());
  }

  get location(): string {
    return this.path;
  }

  private guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (cause) {
      if (isRoundsError(cause)) throw cause;
      this.logger?.error({ err: { code: (cause as { code?: string }).code }, what }, 'feedback store operation failed');
      throw new RoundsError(ErrorCode.StoreFailed, `Feedback store ${what} failed: ${(cause as Error).message}`, { cause });
    }
  }

  async recordAnswer(answer: Answer, context: AnswerContext): Promise<void> {
    const row = answerToRow(answer, context);
    this.guard('recordAnswer', () => {
      const write = this.db.transaction(() => {
        const cols = Object.keys(row);
        const info = this.db
          .prepare(`INSERT INTO answers (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')}) ON CONFLICT (id) DO NOTHING`)
          .run(row);
        // The audit record is immutable: a retried recordAnswer with the same id keeps the first one.
        if (info.changes === 0) {
          this.logger?.warn({ answerId: answer.id }, 'answer already recorded; kept the first record');
          return;
        }
        const src = this.db.prepare(
          'INSERT OR IGNORE INTO answer_sources (answer_id, n, doc_id, version, collection, chunk_id, score) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        for (const c of answer.citations ?? []) {
          src.run(answer.id, c.n, c.docId, c.version ?? null, c.collection ?? null, c.chunkId ?? null, c.score ?? null);
        }
        this.audit.append([{ kind: 'answer', ref: answer.id, action: 'recorded' }]);
      });
      write.immediate();
    });
  }

  async setReplyId(answerId: string, replyId: string): Promise<void> {
    this.guard('setReplyId', () => {
      const write = this.db.transaction(() => {
        const row = this.db.prepare('SELECT reply_id FROM answers WHERE id = ?').get(answerId) as { reply_id: string | null } | undefined;
        if (!row) throw unknownAnswer(answerId);
        if (row.reply_id === replyId) return;
        this.db.prepare('UPDATE answers SET reply_id = ? WHERE id = ?').run(replyId, answerId);
        this.audit.append([{ kind: 'answer', ref: answerId, action: 'reply_linked' }]);
      });
      write.immediate();
    });
  }

  async findAnswerByReplyId(platform: Question['platform'], replyId: string): Promise<AnswerRecord | undefined> {
    return this.guard('findAnswerByReplyId', () => {
      const row = this.db
        .prepare('SELECT * FROM answers WHERE platform = ? AND reply_id = ? ORDER BY created_at DESC LIMIT 1')
        .get(platform, replyId) as AnswerRow | undefined;
      return row ? this.toRecords([row])[0] : undefined;
    });
  }

  async getAnswer(answerId: string): Promise<AnswerRecord | undefined> {
    return this.guard('getAnswer', () => {
      const row = this.db.prepare('SELECT * FROM answers WHERE id = ?').get(answerId) as AnswerRow | undefined;
      return row ? this.toRecords([row])[0] : undefined;
    });
  }

  async rate(input: RatingInput): Promise<StoredRating> {
    const r = cleanRating(input);
    const actor = input.actor ? cleanActor(input.actor) : undefined;
    return this.guard('rate', () => {
      const write = this.db.transaction((): StoredRating => {
        if (!this.db.prepare('SELECT 1 FROM answers WHERE id = ?').get(r.answerId)) throw unknownAnswer(r.answerId);
        const existing = this.db.prepare('SELECT * FROM ratings WHERE answer_id = ? AND rater_id = ?').get(r.answerId, r.raterId) as
          | RatingRow
          | undefined;
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
        this.db
          .prepare(
            `INSERT INTO ratings (answer_id, rater_id, role, value, reason, comment, comment_redactions, platform, workspace_id, created_at, updated_at)
             VALUES (@answerId, @raterId, @role, @value, @reason, @comment, @redactions, @platform, @workspaceId, @now, @now)
             ON CONFLICT (answer_id, rater_id) DO UPDATE SET role = excluded.role, value = excluded.value, reason = excluded.reason,
               comment = excluded.comment, comment_redactions = excluded.comment_redactions, updated_at = excluded.updated_at`,
          )
          .run({ ...r, redactions: r.commentRedactions.length ? JSON.stringify(r.commentRedactions) : null, now });
        const steps: AuditStep[] = [
          { kind: 'rating', ref: ratingRef(r.answerId, r.raterId), action: existing ? 'rating_changed' : 'rated' },
        ];
        // Same transaction as the rating: a reviewer's rating and its audit event are stored together or not at all.
        if (actor) {
          const eventId = this.insertEvent({
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
        this.audit.append(steps);
        const stored = this.db
          .prepare('SELECT * FROM ratings WHERE answer_id = ? AND rater_id = ?')
          .get(r.answerId, r.raterId) as RatingRow;
        return rowToRating(stored);
      });
      const stored = write.immediate();
      this.logger?.info({ answerId: r.answerId, value: stored.value, reason: stored.reason, role: stored.role }, 'rating stored');
      return stored;
    });
  }

  async listAnswers(query: AnswerQuery = {}): Promise<AnswerRecord[]> {
    const { sql, params } = buildAnswerQuery(query);
    return this.guard('listAnswers', () => this.toRecords(this.db.prepare(sql).all(...params) as AnswerRow[]));
  }

  async recordExport(actor: ReviewerActor, answerIds: string[]): Promise<void> {
    const who = cleanActor(actor);
    const ids = [...new Set(answerIds)];
    this.guard('recordExport', () => {
      const write = this.db.transaction(() => {
        const at = this.clock.now().toISOString();
        const steps: AuditStep[] = ids.map((answerId) => ({
          kind: 'reviewer_event',
          ref: this.insertEvent({ answerId, at, action: 'exported', actor: who, value: null, previousValue: null, reason: null }),
          action: 'exported',
          actor: who.id,
        }));
        this.audit.append(steps);
      });
      write.immediate();
    });
  }

  async listReviewerEvents(answerIds: string[]): Promise<ReviewerEvent[]> {
    if (answerIds.length === 0) return [];
    return this.guard('listReviewerEvents', () => {
      // Placeholders rather than json_each: the same statement runs on PostgreSQL.
      const rows = this.db
        .prepare(`SELECT * FROM reviewer_events WHERE answer_id IN (${answerIds.map(() => '?').join(', ')}) ORDER BY at, id`)
        .all(...answerIds) as ReviewerEventRow[];
      return rows.map(rowToReviewerEvent);
    });
  }

  private insertEvent(e: {
    answerId: string;
    at: string;
    action: ReviewerEvent['action'];
    actor: ReviewerActor;
    value: RatingValue | null;
    previousValue: RatingValue | null;
    reason: string | null;
  }): string {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO reviewer_events (id, answer_id, at, action, actor_id, actor_name, auth_method, value, previous_value, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, e.answerId, e.at, e.action, e.actor.id, e.actor.name ?? null, e.actor.method, e.value, e.previousValue, e.reason);
    return id;
  }

  async openEscalation(request: EscalationRequest): Promise<{ escalation: Escalation; created: boolean }> {
    const result = this.guard('openEscalation', () => this.escalations.open(request));
    this.logger?.info({ escalationId: result.escalation.id, answerId: request.answerId, created: result.created }, 'escalation');
    return result;
  }

  async setEscalationNotice(id: string, notice: { channelId: string; noticeId: string }): Promise<void> {
    this.guard('setEscalationNotice', () => this.escalations.setNotice(id, notice));
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
    return this.guard('listRatings', () => (this.db.prepare(sql).all(...params) as RatingRow[]).map(rowToRating));
  }

  async purgeExpired(now: Date = this.clock.now(), by: string = DEFAULT_PURGE_ACTOR): Promise<PurgeCounts> {
    return this.purgeNow(now, by);
  }

  /** Nulls question/answer text (and rating comments, escalation replies) older than the retention period. */
  private purgeNow(now: Date, by: string = DEFAULT_PURGE_ACTOR): PurgeCounts {
    if (this.retentionDays === undefined) return { answersPurged: 0, commentsPurged: 0 };
    const retentionDays = this.retentionDays;
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    const result = this.guard('purgeExpired', () => {
      const run = this.db.transaction(() => {
        const answers = this.db
          .prepare(
            `UPDATE answers SET question = NULL, normalized_question = NULL, answer_text = NULL, sentences_json = NULL, purged_at = ?
             WHERE created_at < ? AND purged_at IS NULL RETURNING id`,
          )
          .all(now.toISOString(), cutoff) as { id: string }[];
        const comments = this.db
          .prepare('UPDATE ratings SET comment = NULL WHERE updated_at < ? AND comment IS NOT NULL RETURNING answer_id, rater_id')
          .all(cutoff) as { answer_id: string; rater_id: string }[];
        const replies = this.escalations.purgeReplies(cutoff);
        // A tombstone per record whose text went (what, when, by whom) and one entry for the run.
        this.audit.append(
          purgeSteps({ answers: answers.map((r) => r.id), ratings: comments, escalations: replies, by, cutoff, retentionDays }),
        );
        return { answersPurged: answers.length, commentsPurged: comments.length + replies.length };
      });
      const counts = run.immediate();
      // Purged text must not linger in the write-ahead log either.
      if (counts.answersPurged || counts.commentsPurged) this.db.pragma('wal_checkpoint(TRUNCATE)');
      return counts;
    });
    if (result.answersPurged || result.commentsPurged)
      this.logger?.info({ ...result, retentionDays: this.retentionDays }, 'retention purge');
    return result;
  }

  async schemaVersion(): Promise<number> {
    return this.guard('schemaVersion', () => currentVersion(this.db));
  }

  async auditHead(): Promise<AuditHead | undefined> {
    return this.guard('auditHead', () => this.audit.head());
  }

  async verifyAudit(anchors: Anchor[] = []): Promise<AuditReport> {
    return this.guard('verifyAudit', () => this.audit.verify(anchors));
  }

  async latestAuditEntries(kind: RecordKind, refs: string[]): Promise<Map<string, AuditEntry>> {
    return this.guard('latestAuditEntries', () => this.audit.latestFor(kind, refs));
  }

  async auditHistory(kind: RecordKind, ref: string): Promise<AuditEntry[]> {
    return this.guard('auditHistory', () => this.audit.entriesFor(kind, ref));
  }

  async claimEvent(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    return this.guard('claimEvent', () => {
      this.sweep(now);
      const claim = this.db.transaction(() => {
        const nowIso = now.toISOString();
        this.db.prepare('DELETE FROM seen_events WHERE key = ? AND expires_at <= ?').run(key, nowIso);
        const info = this.db
          .prepare('INSERT INTO seen_events (key, expires_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING')
          .run(key, new Date(now.getTime() + ttlMs).toISOString());
        return info.changes === 1;
      });
      return claim.immediate();
    });
  }

  async putSession(id: string, data: string, expiresAt: Date): Promise<void> {
    this.guard('putSession', () => {
      this.sweep(this.clock.now());
      this.db
        .prepare(
          'INSERT INTO sessions (id_hash, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
        )
        .run(sessionKey(id), data, expiresAt.toISOString());
    });
  }

  async getSession(id: string): Promise<string | undefined> {
    return this.guard('getSession', () => {
      const row = this.db
        .prepare('SELECT data FROM sessions WHERE id_hash = ? AND expires_at > ?')
        .get(sessionKey(id), this.clock.now().toISOString()) as { data: string } | undefined;
      return row?.data;
    });
  }

  async takeSession(id: string): Promise<string | undefined> {
    return this.guard('takeSession', () => {
      const row = this.db.prepare('DELETE FROM sessions WHERE id_hash = ? RETURNING data, expires_at').get(sessionKey(id)) as
        | { data: string; expires_at: string }
        | undefined;
      return row && row.expires_at > this.clock.now().toISOString() ? row.data : undefined;
    });
  }

  async deleteSession(id: string): Promise<void> {
    this.guard('deleteSession', () => this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(sessionKey(id)));
  }

  /** Deletes expired dedupe keys and sessions now and then (expired rows are already ignored). */
  private sweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now.getTime();
    const iso = now.toISOString();
    this.db.prepare('DELETE FROM seen_events WHERE expires_at <= ?').run(iso);
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(iso);
  }

  async stats(): Promise<StoreStats> {
    return this.guard('stats', () => {
      const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
      return {
        answers: count('SELECT COUNT(*) AS n FROM answers'),
        purgedAnswers: count('SELECT COUNT(*) AS n FROM answers WHERE purged_at IS NOT NULL'),
        ratings: count('SELECT COUNT(*) AS n FROM ratings'),
        reviewerRatings: count("SELECT COUNT(*) AS n FROM ratings WHERE role = 'reviewer'"),
        schemaVersion: currentVersion(this.db),
      };
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private toRecords(rows: AnswerRow[]): AnswerRecord[] {
    if (rows.length === 0) return [];
    const byAnswer = new Map<string, StoredRating[]>();
    const ratingsStmt = this.db.prepare(
      'SELECT * FROM ratings WHERE answer_id IN (SELECT value FROM json_each(?)) ORDER BY updated_at, rater_id',
    );
    for (const r of ratingsStmt.all(JSON.stringify(rows.map((row) => row.id))) as RatingRow[]) {
      const list = byAnswer.get(r.answer_id) ?? [];
      list.push(rowToRating(r));
      byAnswer.set(r.answer_id, list);
    }
    return rows.map((row) => ({ answer: rowToAnswer(row), context: rowToContext(row), ratings: byAnswer.get(row.id) ?? [] }));
  }
}

function unknownAnswer(answerId: string): RoundsError {
  return new RoundsError(
    ErrorCode.UnknownAnswer,
    `No answer with id ${answerId} is recorded, so it cannot be rated. The message may predate this store or come from another Rounds instance.`,
  );
}

/** Runs `fn`, retrying while SQLite reports the database busy or locked, for up to `budgetMs`. */
function retryWhileBusy<T>(fn: () => T, budgetMs: number): T {
  const deadline = Date.now() + budgetMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return fn();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!/^SQLITE_(BUSY|LOCKED)/.test(code) || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 25);
    }
  }
}
