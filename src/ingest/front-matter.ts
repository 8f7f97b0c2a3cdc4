/**
 * YAML front matter of a Markdown document, validated so a typo ("efective", a date like "May 2024") is
 * reported with the file instead of silently producing a chunk without its review date.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { POPULATIONS, type Population } from '../core/question/population.js';
import { DocumentError, type DocumentFields } from './source-document.js';

/** Front matter `population`: the groups a document is for; "pediatric" and "obstetrics" are read as their group. */
const POPULATION_NAMES = POPULATIONS as unknown as [Population, ...Population[]];

const isoDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' }),
);
const scalar = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim().min(1));
const idList = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(scalar));

const frontMatterSchema = z
  .object({
    id: scalar.optional(),
    title: scalar.optional(),
    source: scalar.optional(),
    publisher: scalar.optional(),
    version: scalar.optional(),
    effective: isoDate.optional(),
    review_by: isoDate.optional(),
    collection: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'must be a name of letters, digits, dash or underscore' })
      .optional(),
    supersedes: idList.optional(),
    superseded_by: scalar.optional(),
    population: z
      .preprocess((v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()) : v), z.array(z.enum(POPULATION_NAMES)))
      .optional(),
  })
  // Extra keys (tags, authors, ...) are allowed; they are kept in the document hash.
  .passthrough();

export interface FrontMatterSplit {
  header: Record<string, unknown>;
  fields: DocumentFields;
  body: string;
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function splitFrontMatter(raw: string): FrontMatterSplit {
  const match = FENCE.exec(raw);
  if (!match) {
    if (/^---[ \t]*\r?\n/.test(raw)) throw new DocumentError('bad front matter: opening --- has no closing --- line');
    return { header: {}, fields: { supersedes: [] }, body: raw };
  }
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '') ?? {};
  } catch (error) {
    throw new DocumentError(`bad front matter: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new DocumentError('bad front matter: expected key: value pairs');
  return { header: data as Record<string, unknown>, fields: documentFields(data, 'bad front matter'), body: raw.slice(match[0].length) };
}

/**
 * Validates document metadata given as key/value pairs (Markdown front matter, a Word document's custom
 * properties) into DocumentFields; a bad value is reported as `<what>: <key> <problem>`.
 */
export function documentFields(data: object, what: string): DocumentFields {
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DocumentError(`${what}: ${issue?.path.join('.') || 'value'} ${issue?.message ?? 'is invalid'}`);
  }
  const f = parsed.data;
  const fields: DocumentFields = { supersedes: f.supersedes ?? [] };
  if (f.id) fields.id = f.id;
  if (f.title) fields.title = f.title;
  if (f.source) fields.source = f.source;
  if (f.publisher) fields.publisher = f.publisher;
  if (f.version) fields.version = f.version;
  if (f.effective) fields.effective = f.effective;
  if (f.review_by) fields.reviewBy = f.review_by;
  if (f.collection) fields.collection = f.collection;
  if (f.superseded_by) fields.supersededBy = f.superseded_by;
  if (f.population?.length) fields.population = f.population;
  return fields;
}
