/**
 * What the composition root and the offline commands need from a store beyond the FeedbackStore port:
 * shared state (dedupe, sessions), retention, counts and the schema version. SQLite and PostgreSQL both
 * implement it, and one contract suite (test/store/store-contract.ts) runs against both.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { FeedbackStore, RatingRole, SharedStateStore, StoredRating } from '../core/ports.js';
import type { AuditEntry, AuditHead, RecordKind } from './audit-chain.js';
import type { Anchor, AuditReport } from './audit-verify.js';

export interface RatingQuery {
  since?: string;
  role?: RatingRole;
  answerId?: string;
}

export interface StoreStats {
  answers: number;
  purgedAnswers: number;
  ratings: number;
  reviewerRatings: number;
  schemaVersion: number;
}

export interface PurgeCounts {
  answersPurged: number;
  commentsPurged: number;
}

export interface RoundsStore extends FeedbackStore, SharedStateStore {
  /** 'sqlite' (one file, one host) or 'postgres' (shared by several instances). */
  readonly kind: 'sqlite' | 'postgres';
  /** Where the store is, for logs and messages, without credentials. */
  readonly location: string;
  listRatings(query?: RatingQuery): Promise<StoredRating[]>;
  /**
   * Nulls question/answer text (and rating comments) older than the retention period; ids, labels and sources
   * stay. Each purged record gets a tombstone entry in the audit chain naming `by` (who or what purged).
   */
  purgeExpired(now?: Date, by?: string): Promise<PurgeCounts>;
  stats(): Promise<StoreStats>;
  schemaVersion(): Promise<number>;
  /** The audit chain's last entry (undefined only before the v6 migration ran). */
  auditHead(): Promise<AuditHead | undefined>;
  /** Walks the chain and every record it covers; checks the anchors given (head hashes kept elsewhere). */
  verifyAudit(anchors?: Anchor[]): Promise<AuditReport>;
  /** The latest entry of each of these records (the export's hashes). */
  latestAuditEntries(kind: RecordKind, refs: string[]): Promise<Map<string, AuditEntry>>;
  /** Every entry of one record, oldest first. */
  auditHistory(kind: RecordKind, ref: string): Promise<AuditEntry[]>;
}

/** Who a purge names when the caller does not say: the retention period applied by this host. */
export const DEFAULT_PURGE_ACTOR = `retention.days applied on ${hostname()}`;

/** Session ids are bearer secrets: the stores keep only this hash, so reading the database does not sign anyone in. */
export function sessionKey(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Expired dedupe keys and sessions are deleted at most this often by each instance (they are ignored before). */
export const SWEEP_EVERY_MS = 10 * 60_000;
