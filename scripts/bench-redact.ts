/**
 * `npm run bench:redact`: what redaction adds to an answer. Times `redact()` with the knowledge base's vocabulary
 * and the medicines list as the "known word" predicate (as answer() calls it) over the demo eval questions, the
 * synthetic identifier set and, when ../shared/eval is there, the PubMedQA and BioASQ dev questions; prints p50,
 * p95 and max per set, the one-time word-list load, and how many questions redaction changed. Asserts nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MEDICINES_FILE } from '../src/config/config.js';
import { MedicineLexicon } from '../src/core/question/medicines.js';
import { nameLexicon } from '../src/core/redact/lexicon.js';
import { knownWords, redact } from '../src/core/redact/redact.js';
import { terms } from '../src/core/text.js';
import { percentile } from '../src/eval/metrics.js';

const ROOT = join(import.meta.dirname, '..');

function markdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdown(path);
    return name.endsWith('.md') ? [readFileSync(path, 'utf8')] : [];
  });
}

function jsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** The document frequency a lexical index over these texts would report. */
function vocabulary(texts: string[]): (t: string) => number {
  const df = new Map<string, number>();
  for (const text of texts) for (const t of new Set(terms(text))) df.set(t, (df.get(t) ?? 0) + 1);
  return (t) => df.get(t) ?? 0;
}

const t0 = performance.now();
const lexicon = nameLexicon();
console.log(
  `word lists loaded once per process in ${(performance.now() - t0).toFixed(0)} ms (English ${lexicon.english.size}, first names ${lexicon.firstNames.size}, names ${lexicon.names.size}, eponyms ${lexicon.eponyms.size})`,
);

const medicines = MedicineLexicon.load(DEFAULT_MEDICINES_FILE);
const sets: { name: string; questions: string[]; kb: string[] }[] = [
  {
    name: 'demo eval questions',
    questions: jsonl<{ question: string }>(join(ROOT, 'eval/demo/questions.jsonl')).map((q) => q.question),
    kb: markdown(join(ROOT, 'knowledge')),
  },
  {
    name: 'synthetic identifiers',
    questions: jsonl<{ question: string }>(join(ROOT, 'test/privacy/identifiers.jsonl')).map((q) => q.question),
    kb: markdown(join(ROOT, 'knowledge')),
  },
];
for (const set of ['pubmedqa-dev', 'bioasq-dev']) {
  const dir = join(ROOT, '../shared/eval', set);
  if (!existsSync(dir)) continue;
  sets.push({
    name: set,
    questions: jsonl<{ question: string }>(join(dir, 'questions.jsonl')).map((q) => q.question),
    kb: jsonl<{ text: string; title?: string }>(join(dir, 'corpus.jsonl')).map((d) => `${d.title ?? ''}\n${d.text}`),
  });
}

for (const set of sets) {
  const known = knownWords({ docFrequency: vocabulary(set.kb) }, medicines);
  for (const q of set.questions.slice(0, 50)) redact(q, { known }); // warm the stemmer cache as a running server has
  const ms: number[] = [];
  let changed = 0;
  for (const q of set.questions) {
    const start = performance.now();
    const r = redact(q, { known });
    ms.push(performance.now() - start);
    if (r.text !== q) changed += 1;
  }
  console.log(
    `${set.name.padEnd(22)} ${String(set.questions.length).padStart(4)} questions  p50 ${percentile(ms, 50).toFixed(3)} ms  p95 ${percentile(ms, 95).toFixed(3)} ms  max ${Math.max(...ms).toFixed(3)} ms  changed ${changed}`,
  );
}
