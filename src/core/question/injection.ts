/**
 * Retrieved text is data. Besides telling the LLM so, sentences that read as instructions to a model ("ignore all
 * previous instructions", "you are now…", a forged </source> tag) are cut from retrieved chunks before any
 * composer or verifier sees them: a knowledge base is curated, but one poisoned upload must not be able to make
 * Rounds "support" a dangerous sentence with its own text.
 */

const PATTERNS = [
  /\b(ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(previous|prior|above|earlier|all|any|system)\b[^.!?\n]{0,20}\b(instructions?|rules?|prompts?|guidelines?|directions?)\b/i,
  /\byou are now\b/i,
  /\b(new|updated|real) instructions?\s*:/i,
  /(^|\n|>)\s*(system|assistant|developer)\s*(prompt)?\s*:/i,
  /<\/?\s*(source|system|instructions?)\b[^>]*>/i,
  /\b(reveal|print|repeat|show)\b[^.!?\n]{0,30}\b(system prompt|your instructions|hidden prompt)\b/i,
  /\b(developer|god|jailbreak|dan) mode\b/i,
  /\bunrestricted\b[^.!?\n]{0,30}\b(assistant|model|ai|mode)\b|\byou are\b[^.!?\n]{0,20}\bunrestricted\b/i,
];

export function looksLikeInstruction(sentence: string): boolean {
  return PATTERNS.some((p) => p.test(sentence));
}

/** Removes instruction-like sentences; `removed` counts them. */
export function stripInstructions(text: string): { text: string; removed: number } {
  if (!PATTERNS.some((p) => p.test(text))) return { text, removed: 0 };
  let removed = 0;
  const lines = text.split('\n').map((line) => {
    const parts = line.split(/(?<=[.!?])\s+/);
    const kept = parts.filter((s) => {
      const bad = looksLikeInstruction(s);
      if (bad) removed += 1;
      return !bad;
    });
    return kept.join(' ');
  });
  return { text: lines.join('\n'), removed };
}
