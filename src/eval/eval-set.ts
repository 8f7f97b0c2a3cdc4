/** Reads questions.jsonl in the format of ../shared/eval/README.md, reporting bad lines by number. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ErrorCode, RoundsError } from '../core/errors.js';

const questionSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    question: z.string(),
    relevant: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
    /** From `rounds feedback export`: what a reviewer expects ('answered' or 'insufficient_evidence'). */
    expected_status: z.enum(['answered', 'insufficient_evidence']).optional(),
    /** Earlier turns of the thread, for follow-up questions ("and the maintenance dose?"). */
    history: z.array(z.object({ role: z.enum(['user', 'assistant']), text: z.string() })).optional(),
  })
  .passthrough();

export type EvalQuestion = z.infer<typeof questionSchema>;

export function readQuestions(path: string): EvalQuestion[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new RoundsError(ErrorCode.InvalidInput, `Cannot read questions file ${path}: ${(cause as Error).message}`, { cause });
  }
  const out: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new RoundsError(ErrorCode.InvalidInput, `${path}:${i + 1}: not valid JSON`);
    }
    const parsed = questionSchema.safeParse(json);
    if (!parsed.success) {
      throw new RoundsError(
        ErrorCode.InvalidInput,
        `${path}:${i + 1}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      );
    }
    out.push(parsed.data);
  });
  if (out.length === 0) throw new RoundsError(ErrorCode.InvalidInput, `${path} holds no questions`);
  return out;
}
