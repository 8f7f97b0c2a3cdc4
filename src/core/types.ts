/**
 * The core's vocabulary. Adapters translate platform payloads into a `Question` and render an `Answer`;
 * nothing in here knows about Slack, Teams or the web.
 */

export type Platform = 'slack' | 'teams' | 'web' | 'cli' | 'eval';

/** One earlier turn of a thread, for follow-up questions. Text must already be redacted by the caller or is redacted by the core. */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface Question {
  /** What the asker typed (mention text already stripped by the adapter). May contain patient identifiers: the core redacts it first. */
  text: string;
  platform: Platform;
  askerId?: string;
  /** Slack team id, Teams tenant id. */
  workspaceId?: string;
  /** Slack channel id, Teams conversation/channel id, or a web/CLI channel profile name. */
  channelId?: string;
  threadId?: string;
  messageId?: string;
  /** Earlier turns in the same thread (oldest first), for follow-ups. */
  history?: Turn[];
}

/** Metadata every chunk carries in the vector index (and in the lexical index). */
export interface ChunkMeta {
  docId: string;
  title: string;
  /** Heading path from the document title down, e.g. ["Sepsis protocol", "Hour-1 bundle", "Antibiotics"]. */
  headingPath: string[];
  collection: string;
  version?: string;
  /** ISO date (YYYY-MM-DD). */
  effective?: string;
  /** ISO date (YYYY-MM-DD); a source past this date is flagged. */
  reviewBy?: string;
  /** URL or citation. */
  source?: string;
  publisher?: string;
  /** Set when the document itself declares it is superseded by a document that is not in the knowledge base. */
  supersededBy?: string;
  /** sha256 of the chunk text. */
  contentHash: string;
  /** sha256 of the whole document (text + front matter + chunker/embedder version): drives incremental ingest. */
  docHash: string;
  chunkIndex: number;
  chunkCount: number;
  /** Character offsets of the chunk in the document's extracted text. */
  start: number;
  end: number;
  /** Relative path of the source file (or corpus.jsonl#id). */
  path?: string;
  /** Patient groups the document is written for, comma-separated ("paediatric"); unset when it does not say. */
  population?: string;
  /** Set on versions of one topic for different patient groups (an adult and a paediatric protocol): the topic. */
  topic?: string;
  /** The label line ("Adult Dose") the chunk's first lines sit under, when it is in an earlier chunk (chunker.ts). */
  label?: string;
}

export interface StoredChunk {
  /** Stable id: `${docId}#${chunkIndex}` (chunkIndex zero-padded to 4 digits). */
  id: string;
  text: string;
  meta: ChunkMeta;
}

export interface RetrievedChunk extends StoredChunk {
  /** Fused score (higher is better). */
  score: number;
  denseRank?: number;
  /** Cosine similarity, 1 - cosine distance. */
  denseScore?: number;
  lexicalRank?: number;
  lexicalScore?: number;
}

export type FreshnessWarning = { kind: 'past_review'; reviewBy: string } | { kind: 'superseded'; by?: string };

/** A cited source: the chunk's provenance plus what the answer quotes from it. */
export interface Citation
  extends Pick<
    ChunkMeta,
    'docId' | 'title' | 'headingPath' | 'collection' | 'version' | 'effective' | 'reviewBy' | 'source' | 'publisher'
  > {
  /** 1-based marker number used as [n] in the answer text. */
  n: number;
  chunkId: string;
  /** The quoted text the answer relies on (trimmed). */
  snippet: string;
  score: number;
  warnings: FreshnessWarning[];
}

export interface AnswerSentence {
  text: string;
  /** Citation numbers ([n]) the sentence relies on. */
  citations: number[];
  /** False when verification found the cited snippet does not support the sentence (flagged, not shown as fact). */
  supported: boolean;
  /**
   * 'calculation': not a quote but a weight-based dose Rounds worked out from the cited quote and the patient's
   * weight. It is kept out of `text` (which holds quotes only) and shown on a line of its own, marked as a
   * calculation; stored with the other sentences (so retention purges it with them). Absent for quotes.
   */
  kind?: 'calculation';
  calculation?: DoseCalculation;
}

/** What a figure is given per: one dose, a day, a whole course, or an hour or minute (infusion rates). */
export type DosePeriod = 'dose' | 'day' | 'total' | 'hour' | 'minute';

/** One per-kg figure of a quote worked out for a weight. Figures are exact decimal strings. */
export interface DoseCalculationPart {
  /** "0.1 mg/kg × 15 kg = 1.5 mg (within the 2.5 mg maximum) = 0.5 mL of 3 mg/mL". */
  text: string;
  dose: { lo: string; hi?: string; unit: string; period: DosePeriod };
  /** The exact product, before any cap or rounding. */
  product: { lo: string; hi?: string };
  /** The dose shown to give, in the dose's unit: capped at the maximum, then rounded down if needed. */
  result: { lo: string; hi?: string; unit: string };
  /** The lowest maximum the quote states for this figure; `capped` when it lowered the result. */
  maximum?: { value: string; unit: string; period: DosePeriod | 'any'; capped: boolean };
  /** Only when the quote states the strength ("3 mg/mL", "1 in 10 000", "0.1 mL/kg"). */
  volume?: { lo: string; hi?: string; strength: string };
  /** A per-kg maximum ("no more than 60 mg/kg in 24 hours") worked out like a dose. */
  ceiling: boolean;
  rounded: boolean;
}

/** A weight-based dose worked out for the patient from a quoted unit (see docs/architecture.md, "Doses per kg"). */
export interface DoseCalculation {
  /** The weight used, in kg (exact decimal string), and where it was read. */
  weightKg: string;
  weightFrom: 'question' | 'thread';
  /** The quoted unit (sentence or table row) of the cited chunk it was worked out from, and that chunk. */
  quote: string;
  chunkId: string;
  parts: DoseCalculationPart[];
  /** True when a figure was rounded (marked ≈); `rounding` states the rule. */
  rounded: boolean;
  rounding: string;
}

export type AnswerStatus = 'answered' | 'insufficient_evidence' | 'refused';
export type ConfidenceLabel = 'high' | 'medium' | 'low' | 'insufficient';
export type Composer = 'extractive' | 'llm' | 'extractive_fallback';

export interface Confidence {
  label: ConfidenceLabel;
  /** Calibrated score in [0, 1]. */
  score: number;
  /** The measured features the label came from (recorded for audit and calibration). */
  features: Record<string, number>;
  /** One line a clinician can read: what this label means for them, or why Rounds abstained. */
  meaning: string;
  /** The measured figure behind the label (evaluation sets, out of fold), shown on request. */
  measured?: string;
}

export interface Redaction {
  redacted: boolean;
  /** Kinds found, e.g. ["mrn", "phone", "name"]. */
  kinds: string[];
}

export interface Timings {
  redactMs: number;
  retrievalMs: number;
  composeMs: number;
  totalMs: number;
}

export interface Answer {
  id: string;
  /** ISO timestamp. */
  createdAt: string;
  /** The question after redaction, as the asker typed it otherwise (this is what is shown, logged and stored). */
  question: string;
  /** The redacted question after terminology normalization (used for retrieval only). */
  normalizedQuestion: string;
  redaction: Redaction;
  status: AnswerStatus;
  /** Plain answer text with [n] markers. For insufficient_evidence: the short "not enough evidence" text; for refused: the reason. */
  text: string;
  sentences: AnswerSentence[];
  /** Cited sources, numbered as in the text. For insufficient_evidence: the closest sources (not relied on). */
  citations: Citation[];
  confidence: Confidence;
  composer: Composer;
  /** Why the LLM was not used or failed (timeout, invalid output, ...), when composer is extractive_fallback. */
  fallbackReason?: string;
  promptVersion?: string;
  llmModel?: string;
  /** The reranker that reordered the top chunks, when one is configured. */
  reranker?: string;
  embedder: string;
  /** Document sets the answer was allowed to search. */
  collections: string[];
  /** Channel profile name that chose those collections. */
  channelProfile: string;
  /** Human-readable warnings: freshness, unsupported sentences flagged, redaction notice. */
  warnings: string[];
  timings: Timings;
  /** Code for refused answers: empty_question, too_long, no_text, only_identifiers, unknown_channel, ... */
  refusalCode?: string;
}
