/**
 * A document as read from disk, before chunking. `text` is the extracted text every chunk offset refers to
 * (Markdown body after front matter; HTML, Word and PDF converted to Markdown-like text).
 */
import type { Population } from '../core/question/population.js';

export type SourceFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'docx' | 'jsonl';

export interface DocumentFields {
  id?: string;
  title?: string;
  source?: string;
  publisher?: string;
  version?: string;
  effective?: string;
  reviewBy?: string;
  collection?: string;
  supersedes: string[];
  supersededBy?: string;
  /** Patient groups the document is written for (front matter `population`, else read at ingest: population.ts). */
  population?: Population[];
  /** Set on versions of one topic for different patient groups (population.ts): the topic they share. */
  topic?: string;
}

export interface SourceDocument extends Omit<DocumentFields, 'id' | 'title' | 'collection'> {
  id: string;
  title: string;
  collection: string;
  text: string;
  format: SourceFormat;
  /** Path relative to the ingested root (or `corpus.jsonl#id`). */
  path: string;
  /** Raw header (front matter or JSONL metadata), part of the document hash. */
  header: unknown;
}

export interface LoadFailure {
  path: string;
  reason: string;
}

/** A parse problem that names what is wrong with the file (reported as path + reason; the run goes on). */
export class DocumentError extends Error {}
