/**
 * Walks an audit chain and the records it covers and says what no longer matches, naming the entry: the first
 * entry edited, deleted or reordered, and every record edited, deleted or added since its last entry. The
 * verifier is fed (entries in seq order, then every record's content hash) by each store, so the checks are
 * written once. Anchors (head hashes kept outside the database) prove that the chain up to them was not rebuilt.
 */
import { type AuditEntry, type AuditHead, describeRef, entryHash, GENESIS_PREV, RECORD_KINDS } from './audit-chain.js';

export type AuditProblemKind =
  | 'entry_edited'
  | 'entry_deleted'
  | 'entry_reordered'
  | 'record_edited'
  | 'record_deleted'
  | 'record_unchained'
  | 'anchor_mismatch';

export interface AuditProblem {
  /** The entry named (null for a record that has no entry at all). */
  seq: number | null;
  problem: AuditProblemKind;
  kind: string;
  ref: string;
  message: string;
}

export interface AnchorCheck {
  hash: string;
  seq?: number;
  /** Where the chain holds it, when it does. */
  foundAt?: number;
  ok: boolean;
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  records: number;
  head?: AuditHead;
  /** Every problem found, lowest entry first (at most MAX_PROBLEMS kept; problemCount counts all). */
  problems: AuditProblem[];
  problemCount: number;
  first?: AuditProblem;
  anchors: AnchorCheck[];
}

export interface Anchor {
  hash: string;
  seq?: number;
}

const MAX_PROBLEMS = 1000;
const MOVE_WINDOW = 5000;

function originalSeq(e: AuditEntry): number | undefined {
  for (let d = 1; d <= MOVE_WINDOW; d++) {
    for (const seq of [e.seq - d, e.seq + d]) if (seq >= 1 && entryHash({ ...e, seq }) === e.hash) return seq;
  }
  return undefined;
}

interface Latest {
  seq: number;
  contentHash: string;
  action: string;
  at: string;
}

/** "#42:9f2c…" or "9f2c…" (a hash from `rounds audit anchor` or the daily log line). */
export function parseAnchor(text: string): Anchor | undefined {
  const m = /^\s*(?:#?(\d+)[:@\s])?\s*([0-9a-f]{64})\s*$/i.exec(text);
  if (!m?.[2]) return undefined;
  return { hash: m[2].toLowerCase(), ...(m[1] ? { seq: Number(m[1]) } : {}) };
}

export class ChainVerifier {
  private expected = 1;
  private prevHash = GENESIS_PREV;
  private entries = 0;
  private records = 0;
  private head: AuditHead | undefined;
  private readonly latest = new Map<string, Latest>();
  private readonly problems: AuditProblem[] = [];
  private problemCount = 0;
  /** Entries whose own hash fails: edited, or moved (told apart in finish()). */
  private readonly broken: AuditEntry[] = [];
  private readonly anchors: AnchorCheck[];

  constructor(anchors: Anchor[] = []) {
    this.anchors = anchors.map((a) => ({ ...a, ok: false }));
  }

  private add(p: AuditProblem): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }

  addEntry(e: AuditEntry): void {
    this.entries += 1;
    if (e.seq > this.expected) {
      const range = e.seq - 1 === this.expected ? `#${this.expected} is` : `#${this.expected}–#${e.seq - 1} are`;
      this.add({
        seq: this.expected,
        problem: 'entry_deleted',
        kind: 'chain',
        ref: '',
        message: `entry ${range} missing: deleted from the chain (the chain jumps from #${this.expected - 1} to #${e.seq})`,
      });
    }
    const selfOk = entryHash(e) === e.hash;
    if (!selfOk) {
      this.broken.push(e);
      this.add({
        seq: e.seq,
        problem: 'entry_edited',
        kind: e.kind,
        ref: e.ref,
        message: `entry #${e.seq} (${describeRef(e.kind, e.ref)}, ${e.action} ${e.at}) was edited: its hash does not match its content`,
      });
    } else if (e.prevHash !== this.prevHash && e.seq === this.expected) {
      // This entry is intact but does not link to the one before: that one was rewritten (hash recomputed).
      this.add({
        seq: e.seq - 1,
        problem: 'entry_edited',
        kind: 'chain',
        ref: '',
        message: `entry #${e.seq - 1} was rewritten: #${e.seq} links to a different entry before it`,
      });
    }
    this.prevHash = e.hash;
    this.expected = e.seq + 1;
    this.head = { seq: e.seq, hash: e.hash, at: e.at };
    for (const a of this.anchors) {
      if (a.hash === e.hash) {
        a.foundAt = e.seq;
        a.ok = a.seq === undefined || a.seq === e.seq;
      }
    }
    if ((RECORD_KINDS as readonly string[]).includes(e.kind)) {
      this.latest.set(`${e.kind}\u0000${e.ref}`, { seq: e.seq, contentHash: e.contentHash, action: e.action, at: e.at });
    }
  }

  addRecord(kind: string, ref: string, contentHash: string): void {
    this.records += 1;
    const key = `${kind}\u0000${ref}`;
    const last = this.latest.get(key);
    const what = describeRef(kind, ref);
    if (!last) {
      this.add({
        seq: null,
        problem: 'record_unchained',
        kind,
        ref,
        message: `${what} has no entry in the chain: it was written outside Rounds (or by an older Rounds during an upgrade)`,
      });
      return;
    }
    this.latest.delete(key);
    if (last.contentHash !== contentHash) {
      this.add({
        seq: last.seq,
        problem: 'record_edited',
        kind,
        ref,
        message: `entry #${last.seq} (${what}, ${last.action} ${last.at}): the ${kind.replace('_', ' ')} was edited since: it no longer matches the content hash of the entry`,
      });
    }
  }

  /** Ends the walk: records never seen were deleted; broken entries are checked for having been moved. */
  finish(): AuditReport {
    for (const [key, last] of this.latest) {
      const [kind = '', ref = ''] = key.split('\u0000');
      const what = describeRef(kind, ref);
      this.add({
        seq: last.seq,
        problem: 'record_deleted',
        kind,
        ref,
        message: `entry #${last.seq} (${what}, ${last.action} ${last.at}): the ${kind.replace('_', ' ')} was deleted`,
      });
    }
    // An entry moved to another place hashes true with the number it was written under: look for it nearby
    // (at most 2 × MOVE_WINDOW hashes for each of the first few broken entries, well under a second).
    for (const e of this.broken.slice(0, 20)) {
      const written = originalSeq(e);
      if (written === undefined) continue;
      const p = this.problems.find((x) => x.seq === e.seq && x.problem === 'entry_edited');
      if (p) {
        p.problem = 'entry_reordered';
        p.message = `entry #${e.seq} (${describeRef(e.kind, e.ref)}, ${e.action} ${e.at}) was written as #${written}: entries were reordered`;
      }
    }
    for (const a of this.anchors) {
      if (a.ok) continue;
      const where = a.seq !== undefined ? `#${a.seq}` : 'it';
      this.add({
        seq: a.seq ?? a.foundAt ?? null,
        problem: 'anchor_mismatch',
        kind: 'anchor',
        ref: a.hash,
        message:
          a.foundAt !== undefined
            ? `anchor ${a.hash.slice(0, 16)}… was #${a.seq} but the chain holds it at #${a.foundAt}: entries were inserted or removed before it`
            : `anchor ${a.hash.slice(0, 16)}… is not in the chain: the history up to ${where} was rewritten or truncated`,
      });
    }
    this.problems.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
    return {
      ok: this.problemCount === 0,
      entries: this.entries,
      records: this.records,
      ...(this.head ? { head: this.head } : {}),
      problems: this.problems,
      problemCount: this.problemCount,
      ...(this.problems[0] ? { first: this.problems[0] } : {}),
      anchors: this.anchors,
    };
  }
}
