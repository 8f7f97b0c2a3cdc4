/**
 * The question's qualifiers decide what answers it: a lab value read against its reference range ("potassium 6.1
 * mmol/L" is hyperkalaemia, not the hypokalaemia regimen), a unit conversion ("AMH 1.2 ng/mL" is 8.6 pmol/L), the
 * patient group (a newborn is not answered from an adult guideline), and opposite sides (maintenance, not loading;
 * hyper-, not hypo-). The ranges, units, groups and opposites are data the knowledge team edits
 * (knowledge/qualifiers.yaml), validated at start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ErrorCode, RoundsError } from '../errors.js';
import { fold, terms, words } from '../text.js';
import { isUnitWord, type QuestionValue, questionValues } from './ranges.js';

const side = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const fileSchema = z
  .object({
    analytes: z
      .array(
        z
          .object({
            name: z.string().min(1),
            names: z.array(z.string().min(1)).min(1),
            unit: z.string().min(1),
            units: z.record(z.string(), z.number().positive()).default({}),
            range: z.tuple([z.number(), z.number()]).optional(),
            low: z.string().min(1).optional(),
            high: z.string().min(1).optional(),
          })
          .strict()
          .refine((a) => !a.range || a.range[0] < a.range[1], { message: 'range must be [low, high] with low below high' }),
      )
      .default([]),
    groups: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({}),
    ages: z
      .record(z.string(), z.tuple([z.number().min(0), z.number().positive()]))
      .default({})
      .refine((a) => Object.values(a).every(([lo, hi]) => lo < hi), {
        message: 'each age range must be [from, below] in years, from below below',
      }),
    conflicts: z.record(z.string(), z.array(z.string())).default({}),
    weights: z
      .record(z.string(), z.tuple([z.number().positive(), z.number().positive()]))
      .default({})
      .refine((w) => Object.values(w).every(([lo, hi]) => lo < hi), {
        message: 'each weight range must be [lowest, highest] in kg, lowest below highest',
      }),
    opposites: z.array(z.tuple([side, side])).default([]),
  })
  .strict()
  .superRefine((f, ctx) => {
    for (const g of Object.keys(f.ages)) {
      if (!f.groups[g]) ctx.addIssue({ code: 'custom', path: ['ages', g], message: `names group "${g}", which groups does not define` });
    }
    for (const g of Object.keys(f.weights)) {
      if (!f.groups[g]) ctx.addIssue({ code: 'custom', path: ['weights', g], message: `names group "${g}", which groups does not define` });
    }
    for (const [g, others] of Object.entries(f.conflicts)) {
      for (const name of [g, ...others]) {
        if (!f.groups[name])
          ctx.addIssue({ code: 'custom', path: ['conflicts', g], message: `names group "${name}", which groups does not define` });
      }
    }
  });

type Analyte = z.infer<typeof fileSchema>['analytes'][number];

export interface Qualified {
  /** Conditions the values mean ("hyperkalaemia"): searched for, and checked against the sources' scope. */
  conditions: string[];
  /** The analyte values the conditions were read from. */
  values: QuestionValue[];
  /**
   * For each condition, the side of the reference range the value lies on and that range's bound, in the unit the
   * value was typed in: a band that handles the value lies wholly on that side ("below 4.0", "14.1–17.0").
   */
  outside: { condition: string; value: number; side: 'low' | 'high'; bound: number }[];
  /** Plain statements worked out from the knowledge team's data, shown beside the answer. */
  notes: string[];
  /** The question asks to convert between units: the conversion sentence is what answers it. */
  conversion: boolean;
  /** Patient groups the question names (keys of `groups`). */
  groups: string[];
  /** Stems of the sides the question asks about, and of their opposites it does not. */
  prefer: string[];
  avoid: string[];
  /** For each opposite pair the question takes one side of: the side's words and the other side's. */
  sides: { asked: string[]; other: string[] }[];
}

function fmt(n: number): string {
  return Number.parseFloat(n.toPrecision(3)).toString();
}

function phraseIn(text: string[], phrase: string): boolean {
  const p = words(phrase);
  if (p.length === 0) return false;
  for (let i = 0; i + p.length <= text.length; i += 1) if (p.every((w, j) => text[i + j] === w)) return true;
  return false;
}

export class Qualifiers {
  constructor(private readonly file: z.infer<typeof fileSchema>) {}

  static empty(): Qualifiers {
    return new Qualifiers(fileSchema.parse({}));
  }

  /** Loads knowledge/qualifiers.yaml; a missing file gives no qualifiers, a malformed one a clear error. */
  static load(path: string): Qualifiers {
    if (!existsSync(path)) return Qualifiers.empty();
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path, 'utf8'));
    } catch (cause) {
      throw new RoundsError(ErrorCode.ConfigInvalid, `Qualifiers file ${path} is not valid YAML: ${(cause as Error).message}`, { cause });
    }
    const parsed = fileSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new RoundsError(
        ErrorCode.ConfigInvalid,
        `Qualifiers file ${path}: ${first?.path.join('.') || '(top level)'}: ${first?.message}. See the comment at the top of the file for its format.`,
      );
    }
    return new Qualifiers(parsed.data);
  }

  /** Patient groups a text names, by a word for the group or by an age ("a 5 year old", "3-week-old", "aged 12"). */
  groupsIn(text: string): string[] {
    const w = words(text);
    const years = agesIn(text);
    return Object.entries(this.file.groups)
      .filter(([g, names]) => {
        const range = this.file.ages[g];
        return names.some((n) => phraseIn(w, n)) || (range !== undefined && years.some((y) => y >= range[0] && y < range[1]));
      })
      .map(([g]) => g);
  }

  /** The plausible body weight of each group in kg, [lowest, highest], where the knowledge team gives one. */
  weightRanges(): Record<string, [number, number]> {
    return { ...this.file.weights };
  }

  /** Where a source written for one group is asked about another: [the source's group, the question's group]. */
  conflict(questionGroups: string[], sourceText: string): [string, string] | undefined {
    if (questionGroups.length === 0) return undefined;
    const source = this.groupsIn(sourceText);
    for (const g of source) {
      const clash = (this.file.conflicts[g] ?? []).find((q) => questionGroups.includes(q) && !source.includes(q));
      if (clash) return [g, clash];
    }
    return undefined;
  }

  read(question: string): Qualified {
    const out: Qualified = {
      conditions: [],
      values: [],
      outside: [],
      notes: [],
      conversion: false,
      groups: this.groupsIn(question),
      prefer: [],
      avoid: [],
      sides: [],
    };
    const w = words(question);
    // A group named only by an age ("aged 12") is searched for by its name, so a source's "does not cover children"
    // is read against it.
    const excluded = new Set(Object.values(this.file.conflicts).flat());
    for (const g of out.groups) {
      const names = this.file.groups[g] ?? [];
      if (excluded.has(g) && !names.some((n) => phraseIn(w, n)) && names[0]) out.conditions.push(names[0]);
    }
    for (const v of questionValues(question)) {
      const analyte = this.analyteFor(v.label, w);
      if (!analyte) continue;
      const factor = this.factor(analyte, v.unit);
      if (factor === undefined) continue;
      const base = v.value * factor;
      const typedUnit = v.unit ? this.unitName(analyte, v.unit) : analyte.unit;
      // "What is that in pmol/L?": another unit of the same analyte named in the question.
      const target = [analyte.unit, ...Object.keys(analyte.units)].find(
        (u) => fold(u) !== fold(typedUnit) && fold(question).includes(fold(u)),
      );
      if (target) {
        const per = this.factor(analyte, fold(target)) ?? 1;
        out.conversion = true;
        out.notes.push(
          `${fmt(v.value)} ${typedUnit} of ${analyte.name} is ${fmt(base / per)} ${target} (1 ${factor >= per ? typedUnit : target} = ${fmt(factor >= per ? factor / per : per / factor)} ${factor >= per ? target : typedUnit}; from the knowledge team's reference file).`,
        );
      }
      if (analyte.range) {
        const [lo, hi] = analyte.range;
        const condition = base < lo ? analyte.low : base > hi ? analyte.high : undefined;
        const where = base < lo ? 'below' : base > hi ? 'above' : 'within';
        out.notes.push(
          `${analyte.name[0]?.toUpperCase()}${analyte.name.slice(1)} ${fmt(v.value)} ${typedUnit} is ${where} the reference range (${fmt(lo)}–${fmt(hi)} ${analyte.unit})${condition ? `: ${condition}` : ''}.`,
        );
        if (condition) {
          out.conditions.push(condition);
          out.values.push(v);
          const low = base < lo;
          out.outside.push({ condition, value: v.value, side: low ? 'low' : 'high', bound: (low ? lo : hi) / factor });
        }
      }
    }
    const asked = [...w, ...out.conditions.flatMap((c) => words(c))];
    for (const [a, b] of this.file.opposites) {
      const sa = typeof a === 'string' ? [a] : a;
      const sb = typeof b === 'string' ? [b] : b;
      const hasA = sa.some((p) => phraseIn(asked, p));
      const hasB = sb.some((p) => phraseIn(asked, p));
      if (hasA === hasB) continue;
      const [mine, other] = hasA ? [sa, sb] : [sb, sa];
      out.prefer.push(...mine.flatMap((p) => terms(p)));
      out.avoid.push(...other.flatMap((p) => terms(p)));
      out.sides.push({ asked: mine, other });
    }
    return out;
  }

  /**
   * The question's values with the other names of their analyte ("potassium" for "K+ 2.3"), so that a source is
   * read for the quantity whichever name it uses; a label that is also a unit ("Mg 4.2": milligrams in every dose
   * table) gives way to the analyte's name.
   */
  withAliases(values: QuestionValue[], question: string): QuestionValue[] {
    const w = words(question);
    return values.map((v) => {
      const analyte = v.label ? this.analyteFor(v.label, w) : undefined;
      if (!analyte) return v;
      const aliases = [...new Set([analyte.name, ...analyte.names].map((n) => words(n).at(-1) ?? ''))].filter(
        (a) => a && a !== v.label && !isUnitWord(a),
      );
      const label = v.label && isUnitWord(v.label) ? (aliases[0] ?? v.label) : v.label;
      return { ...v, label, aliases: aliases.filter((a) => a !== label) };
    });
  }

  private analyteFor(label: string | undefined, questionWords: string[]): Analyte | undefined {
    return this.file.analytes.find((a) =>
      a.names.some((n) => {
        const nw = words(n);
        return (label !== undefined && nw[nw.length - 1] === label) || (nw.length > 1 && phraseIn(questionWords, n) && label === undefined);
      }),
    );
  }

  /** The factor that turns a value in `unit` into the analyte's own unit; undefined for a unit it does not know. */
  private factor(a: Analyte, unit: string | undefined): number | undefined {
    if (!unit || fold(unit) === fold(a.unit)) return 1;
    const hit = Object.entries(a.units).find(([u]) => fold(u) === fold(unit));
    return hit?.[1];
  }

  private unitName(a: Analyte, unit: string): string {
    return [a.unit, ...Object.keys(a.units)].find((u) => fold(u) === fold(unit)) ?? unit;
  }
}

const AGE_UNITS: Record<string, number> = { year: 1, yr: 1, month: 1 / 12, mo: 1 / 12, week: 1 / 52, wk: 1 / 52, day: 1 / 365 };

/** Ages a text states, in years: "5 year old", "3-month-old", "2 weeks old", "aged 12" (years). */
export function agesIn(text: string): number[] {
  const t = fold(text);
  const out: number[] = [];
  for (const m of t.matchAll(/\b(\d+(?:\.\d+)?)[\s-]*(years?|yrs?|months?|mos?|weeks?|wks?|days?)[\s-]*old\b/g)) {
    const unit = (m[2] as string).replace(/s$/, '');
    out.push(Number(m[1]) * (AGE_UNITS[unit] ?? 1));
  }
  for (const m of t.matchAll(/\baged\s+(\d+(?:\.\d+)?)\b(?![\s-]*(?:months?|weeks?|days?))/g)) out.push(Number(m[1]));
  return out;
}
