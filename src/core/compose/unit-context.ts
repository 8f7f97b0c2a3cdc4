/**
 * What a quotable unit is about beyond its own words: the step it is a sub-item of ("7. For blood glucose < 60
 * mg/dL:" above "Dextrose 10% 125 mL IV/IO"), the label line it sits under in a reference sheet ("Adult Dose" above
 * "Anaphylaxis 0.5mg IM"), and the patient group either names. A dose line quoted without them answers nothing: it
 * could be for another condition, another route or another patient.
 */
import { namedGroups, type Population } from '../question/population.js';
import type { Unit } from './units.js';

/** A label line of a reference sheet or form: a few words, no number, no sentence ("Adult Dose", "Contraindications"). */
export function isLabel(text: string): boolean {
  const t = text.trim();
  return (
    t.length <= 40 &&
    /^[A-Z]/.test(t) &&
    !/\d/.test(t) &&
    !/[.;,]$/.test(t) &&
    t.split(/\s+/).length <= 4 &&
    !/\b(is|are|was|were|be|give|use|check|do|does|should|must|may|can)\b/i.test(t)
  );
}

/** A label saying that what follows is not to be done: "Not authorized for EMS administration", "Contraindications". */
export function forbids(label: string): boolean {
  return /\b(?:not|never|avoid|do not)\b|contraindicat/i.test(label);
}

/** Ages as a dosing line states its band: "< 4 years of age:", "≥ 12 years", "0-11 months", "≤ 24kg". */
const BAND = /^\s*(?:[<>≤≥]\s*\d+(?:\.\d+)?\s*(?:years?|yrs?|months?|mos?|kg)|\d+\s*[-–]\s*\d+\s*(?:years?|months?|mo))\b/i;

export interface UnitContext {
  /** The parent step's first sentence, for a sub-item. */
  parent?: Unit;
  /** The label line the unit sits under. */
  label?: Unit;
  /** The patient groups the unit is for: named in its own words, its band, its label or its parent. */
  groups: Population[];
}

/** The context of every unit of one chunk, in order (see the module comment). */
export function unitContexts(all: Unit[], openLabel?: string): UnitContext[] {
  const out: UnitContext[] = [];
  const stack: { depth: number; unit: Unit; intro?: boolean }[] = [];
  let label: Unit | undefined;
  const marked = all.some((u) => u.strong);
  // The label an earlier chunk opened ("Adult Dose" above this chunk's first lines) says whom those lines are for;
  // it is not quoted, since this chunk does not hold it.
  let groupLabel: Population[] = openLabel ? namedGroups(openLabel) : [];
  for (let i = 0; i < all.length; i += 1) {
    const u = all[i] as Unit;
    if (u.title) {
      out.push({ groups: namedGroups(u.text) });
      continue;
    }
    const next = all[i + 1];
    // A label line, written as a line or as a list item ("- Fentanyl Dosing" above "- Adult Dose 50mcg…"). A step
    // with sub-items under it ("5. For anaphylaxis:" above "- Epinephrine 0.01mg/kg IM") is their parent, not a label.
    // A numbered step is a step, whatever its length ("4. Start cardiac monitoring").
    const nests = (u.kind === 'item' && next?.kind === 'item' && (next.depth ?? 0) > (u.depth ?? 0)) || u.numbered === true;
    // Where the text marks its labels in bold, only those lines are labels: "Active bleeding" under
    // "**Contraindications**" is an item of it, not the label of "Age < 4 years old or > 65 years old".
    const labelLike =
      (u.kind === 'sentence' || u.kind === 'item') &&
      (marked ? u.strong === true : isLabel(u.text)) &&
      next !== undefined &&
      !next.title &&
      next.kind === u.kind &&
      !nests;
    if (labelLike) {
      label = u;
      const named = namedGroups(u.text);
      // A label the text marks is a part of its own: "Contraindications" after "Pediatric Dose" is for no one group.
      if (named.length || u.strong) groupLabel = named;
      out.push({ groups: named });
      if (u.kind === 'sentence') stack.length = 0;
      continue;
    }
    let parent: Unit | undefined;
    if (u.kind === 'item' && u.first === false) {
      // A further sentence of an item ("10. Consider pacing… For infants place the pads…"): the item's own parent; the
      // item stays open for its sub-items.
      const depth = u.depth ?? 0;
      const own = stack.at(-1)?.depth === depth ? stack.length - 2 : stack.length - 1;
      parent = own >= 0 ? stack[own]?.unit : undefined;
    } else if (u.kind === 'item') {
      const depth = u.depth ?? 0;
      while (stack.length && (stack.at(-1)?.depth ?? 0) > depth) stack.pop();
      // A sibling ending with a colon is the condition of the lines after it ("For blood glucose > 400 mg/dL:" then
      // "Normal Saline 1L IV rapid infusion", both sub-items of one step), until the next such sibling.
      const same = stack.at(-1)?.depth === depth ? stack.at(-1) : undefined;
      if (same && !same.intro) stack.pop();
      parent = stack.at(-1)?.unit;
      if (parent && (stack.at(-1)?.depth ?? 0) === depth && u.first && /:\s*$/.test(u.text)) {
        stack.pop();
        parent = stack.at(-1)?.unit;
      }
      if (u.first) stack.push({ depth, unit: u, intro: /:\s*$/.test(u.text) });
    } else stack.length = 0;
    const own = namedGroups(u.text);
    const band = BAND.test(u.text) ? (['paediatric'] as Population[]) : [];
    const fromParent = parent ? namedGroups(parent.text) : [];
    const groups = own.length ? own : band.length ? band : fromParent.length ? fromParent : groupLabel;
    out.push({ ...(parent ? { parent } : {}), ...(label ? { label } : {}), groups });
  }
  return out;
}

/**
 * The unit as quoted, after the context it needs to say what it is for: its label when the label names a patient
 * group or a word of the question the unit lacks ("Adult Dose: Anaphylaxis 0.5mg IM…", "Contraindications: Age <4
 * years old or >65 years old"), its step when the step is a condition ("For blood glucose < 60 mg/dL: Dextrose 10%
 * 125 mL IV/IO…") or names a word of the question the unit lacks ("Epinephrine 1mg IV/IO: Repeat every 5 min x2").
 */
export function withContext(text: string, ctx: UnitContext | undefined, adds: (context: string) => boolean): string {
  if (!ctx) return text;
  const lead: string[] = [];
  const label = ctx.label?.text.trim();
  // A label the line already opens with ("Adult Dose 300mg" under "Adult Dose") is not said twice; one that says a
  // use is not allowed ("Other Common Indications (Not authorized…)") always comes with its lines.
  if (label && !text.startsWith(label) && (namedGroups(label).length > 0 || forbids(label) || adds(label))) lead.push(label);
  const parent = ctx.parent?.text.trim();
  if (parent && (/:$/.test(parent) || adds(parent))) lead.push(parent);
  const prefix = lead.map((t) => t.replace(/[:\s]+$/, '')).join(': ');
  return prefix ? `${prefix}: ${text}` : text;
}
