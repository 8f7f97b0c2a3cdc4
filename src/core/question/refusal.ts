/** Answers for input Rounds will not process: each says exactly what was wrong and what to do instead. */

import type { ChannelProfile } from '../ports.js';
import { describeRemoved } from '../redact/redact.js';
import type { Answer, Redaction } from '../types.js';

export type RefusalInput =
  | { code: 'empty_question' }
  | { code: 'too_long'; limit: number; length: number }
  | { code: 'no_text' }
  | { code: 'only_identifiers' }
  | { code: 'unknown_channel'; known: string[] };

function message(r: RefusalInput): string {
  switch (r.code) {
    case 'empty_question':
      return 'The question is empty. Type a clinical question, for example "What is the first-line uterotonic for postpartum haemorrhage?"';
    case 'too_long':
      return `The question is ${r.length.toLocaleString('en')} characters long; the limit is ${r.limit.toLocaleString('en')}. Ask the question on its own, without pasting notes or documents.`;
    case 'no_text':
      return 'The message has no words to search for. Type the question in words.';
    case 'only_identifiers':
      return 'The message held only patient identifiers, which Rounds removes and never stores. Ask the clinical question itself, without identifiers.';
    case 'unknown_channel':
      return `Unknown channel profile. Use one of: ${r.known.join(', ') || '(none configured)'}.`;
  }
}

export function refusal(
  r: RefusalInput,
  ctx: {
    id: string;
    createdAt: string;
    embedder: string;
    question: string;
    redaction: Redaction;
    profile?: ChannelProfile;
    t0: number;
    tRedact: number;
  },
): Answer {
  const total = performance.now() - ctx.t0;
  return {
    id: ctx.id,
    createdAt: ctx.createdAt,
    question: ctx.question,
    normalizedQuestion: '',
    redaction: ctx.redaction,
    status: 'refused',
    refusalCode: r.code,
    text: message(r),
    sentences: [],
    citations: [],
    confidence: { label: 'insufficient', score: 0, features: {}, meaning: 'no search was made' },
    composer: 'extractive',
    embedder: ctx.embedder,
    collections: ctx.profile?.collections ?? [],
    channelProfile: ctx.profile?.name ?? '',
    warnings: ctx.redaction.redacted ? [describeRemoved(ctx.redaction.kinds)] : [],
    timings: { redactMs: ctx.tRedact - ctx.t0, retrievalMs: 0, composeMs: 0, totalMs: total },
  };
}
