/** What a composer (extractive or LLM) produces before verification: sentences citing numbered sources. */
import type { RetrievedChunk } from './types.js';

export interface DraftSentence {
  text: string;
  /** 1-based indexes into Draft.sources. */
  citations: number[];
}

export interface Draft {
  sentences: DraftSentence[];
  /** The numbered sources the composer saw ([1] is sources[0]). */
  sources: RetrievedChunk[];
  /** The LLM's own report, when an LLM composed the draft. */
  llm?: { sufficient: boolean; confidence?: 'high' | 'medium' | 'low' };
}
