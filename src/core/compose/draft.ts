/** What a composer (extractive or LLM) produces before verification: sentences citing numbered sources. */
import type { RetrievedChunk } from '../types.js';

export interface DraftSentence {
  text: string;
  /** 1-based indexes into Draft.sources. */
  citations: number[];
}

export interface Draft {
  sentences: DraftSentence[];
  /** The numbered sources the composer saw ([1] is sources[0]). */
  sources: RetrievedChunk[];
  /**
   * Why the sources do not answer for the patient's reading, when none of their rows or ranges holds it and some
   * exclude it ("INR 3.5" against a high-INR table that starts at 5.0).
   */
  outside?: string;
  /** The LLM's own report, when an LLM composed the draft. */
  llm?: { sufficient: boolean; confidence?: 'high' | 'medium' | 'low' };
}
