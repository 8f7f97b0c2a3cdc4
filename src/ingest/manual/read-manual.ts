/**
 * A manual extracted from PDF (a county's 447-page treatment protocols, a trust's policy binder) read as the
 * documents it collects: each protocol or chapter, found by the running title its pages carry ("Treatment Protocol:
 * DIABETIC EMERGENCIES Ref. No. 1203"), becomes a document of its own with its title and version, its pages' headers
 * and footers removed and its numbered steps kept with their sub-items (layout.ts).
 *
 * Why documents and not one: the adult and the paediatric protocol on one topic share nearly every word; as one
 * document their doses would sit side by side under one title, and a citation could not say which protocol, which
 * version, or which patients it is for.
 */
import { toMarkdown } from './layout.js';
import { controlField, findMarkers, furnitureKeys, type Line, type PageMarkers, pageNumber, toLines, ZONE } from './pages.js';

export interface ManualSection {
  title: string;
  /** The reference the manual files it under ("1203-P"), when its title gives one. */
  reference?: string;
  /** From the pages' document-control lines ("revised 07-01-24"). */
  version?: string;
  /** Markdown. */
  text: string;
  /** First and last page numbers as printed. */
  pages: [number, number];
}

/** "Ref. No. 1203-P", "REFERENCE NO. 1307.4", "Policy 4.2", "Protocol #12": the reference a title files itself under. */
const REFERENCE =
  /\b(?:ref(?:erence)?\.?\s*(?:no\.?|number|#)|policy|protocol|procedure|guideline|section|chapter)\s*[:#]?\s*([A-Z]?\d{1,5}(?:\.\d{1,3})*(?:-[A-Z0-9]{1,3})?)\b/i;
/** A title line that stops on a word that cannot end one ("… PATIENTS AT", "… AND", "DECOMPRESSION EMERGENCIES/"). */
const CONTINUED = /(?:\b(?:at|of|and|or|for|to|the|with|in|on|by)|[/–-])\s*$/i;
const GENERIC_LABEL = /^(?:subject|title|re|topic)\s*:\s*/i;

interface PageHead {
  marker: number;
  /** Line indexes of the page's header/footer block (removed from the body). */
  block: Set<number>;
  titles: string[];
  control: { label: string; value: string }[];
  page: number;
}

/**
 * The header (or footer) block around a page marker: outward from the marker over blank lines, furniture,
 * document-control lines and title lines. Above the marker a title line may sit at the block's edge when it repeats
 * on other pages (a running title) or its shape does on three; below it, titles count only when enclosed by
 * furniture, so the page's first step ("1. Assess airway…", on every protocol's first page) stays in the body.
 */
function headOf(lines: Line[], marker: number, furniture: Set<string>): PageHead {
  const block = new Set<number>([marker]);
  const titles: string[] = [];
  const control: { label: string; value: string }[] = [];
  const known = (l: Line) => furniture.has(l.key) || controlField(l) !== undefined;
  const titleLike = (l: Line) => l.norm.length <= 140 && !/^(\d{1,2}[.)]|[•◦▪-])\s/.test(l.norm) && /[A-Za-z]{3}/.test(l.norm);
  for (const dir of [-1, 1] as const) {
    let pending: number[] = [];
    let seen = 0;
    let furnished = false;
    for (let i = marker + dir; i >= 0 && i < lines.length && seen < ZONE; i += dir) {
      const l = lines[i] as Line;
      // Never into the next page's block.
      if (pageNumber(l) !== undefined) break;
      // A rule drawn with underscores is layout, like a blank line.
      if (!/[\p{L}\p{N}]/u.test(l.norm)) {
        pending.push(i);
        continue;
      }
      seen += 1;
      if (known(l)) {
        for (const p of pending) block.add(p);
        pending = [];
        block.add(i);
        furnished = true;
        continue;
      }
      // Past the outermost furniture line is the previous page's body, however often its last line recurs there;
      // only a line naming a reference ("… — Policy 4.2", a footer's running title) still belongs to the block.
      if (furnished && dir === -1 && !REFERENCE.test(l.norm)) break;
      // Below the marker a title either sits between furniture lines or names itself in capitals ("Medical Control
      // Guideline: FLOWCHART FOR…") right under the page number.
      const named =
        dir === 1 &&
        pending.every((p) => !lines[p]?.norm) &&
        /^[^:]{3,40}:\s*\S/.test(l.norm) &&
        headingCase(l.norm.replace(/^[^:]*:/, ''));
      const edgeOk = (dir === -1 && headingCase(l.norm)) || named;
      if (titleLike(l) && (edgeOk || (dir === 1 && pending.filter((p) => lines[p]?.norm).length < 2))) {
        pending.push(i);
        if (edgeOk) {
          for (const p of pending) block.add(p);
          pending = [];
        }
        continue;
      }
      break;
    }
  }
  const sorted = [...block].sort((a, b) => a - b);
  let joinable = false;
  for (const i of sorted) {
    const l = lines[i] as Line;
    if (!l.norm) continue;
    const c = controlField(l);
    if (c) control.push(c);
    const title = i !== marker && !furniture.has(l.key) && !c;
    // A title set on two lines ("EVALUATION AND CARE OF PATIENTS AT" / "RISK OF SUICIDE REFERENCE NO. 1306").
    if (title && joinable && (CONTINUED.test(titles.at(-1) ?? '') || /^\(/.test(l.norm))) titles[titles.length - 1] += ` ${l.norm}`;
    else if (title) titles.push(l.norm);
    joinable = title;
  }
  return { marker, block, titles, control, page: pageNumber(lines[marker] as Line) ?? 0 };
}

/** A running title is set in capitals or names its reference; a body line is a sentence in lower case. */
function headingCase(text: string): boolean {
  if (REFERENCE.test(text)) return true;
  const letters = text.replace(/[^A-Za-z]/g, '');
  return letters.length > 0 && letters.replace(/[^A-Z]/g, '').length >= 0.6 * letters.length;
}

/** What makes two pages part of one section: their titles' reference, or else the running title itself. */
function sectionKey(titles: string[]): string | undefined {
  for (const t of titles) {
    const m = REFERENCE.exec(t);
    if (m) return `ref:${(m[1] as string).toUpperCase()}`;
  }
  return undefined;
}

function tidyTitle(t: string): string {
  return t.replace(GENERIC_LABEL, '').replace(/\s+/g, ' ').trim();
}

/** The section's title: the title line most of its pages repeat, else one that names the section ("Label: …"). */
function titleOf(heads: PageHead[]): { title: string; reference?: string } {
  const count = new Map<string, number>();
  for (const h of heads) for (const t of new Set(h.titles)) count.set(t, (count.get(t) ?? 0) + 1);
  const ranked = [...count].sort(
    (a, b) =>
      b[1] - a[1] ||
      Number(REFERENCE.test(b[0]) && /:/.test(b[0])) - Number(REFERENCE.test(a[0]) && /:/.test(a[0])) ||
      Number(/:/.test(b[0])) - Number(/:/.test(a[0])) ||
      b[0].length - a[0].length,
  );
  const best = ranked[0]?.[0] ?? '';
  const reference = heads.flatMap((h) => h.titles.map((t) => REFERENCE.exec(t)?.[1])).find((r) => r !== undefined);
  let title = tidyTitle(best);
  if (reference && !title.includes(reference)) title = `${title} (Ref. No. ${reference})`;
  return { title, ...(reference ? { reference: reference.toUpperCase() } : {}) };
}

/**
 * The sections of a paged text, or undefined when the text is not a paged manual (no page numbers, or too few
 * pages to tell its furniture from its content).
 */
export function readManual(text: string): ManualSection[] | undefined {
  const lines = toLines(text);
  const markers: PageMarkers | undefined = findMarkers(lines);
  if (!markers) return undefined;
  const furniture = furnitureKeys(lines, markers);
  const heads = markers.at.map((m) => headOf(lines, m, furniture));
  const inBlock = new Set<number>();
  for (const h of heads) for (const i of h.block) inBlock.add(i);

  // Page bodies: the text between one block and the next. With the page number in a header (its block opens the
  // page) a body belongs to the block before it; in a footer (the manual's text comes before its first block) to
  // the block after it. Either way the block's titles name the body they go with.
  const starts = heads.map((h) => Math.min(...h.block));
  const ends = heads.map((h) => Math.max(...h.block));
  const segment = (from: number, to: number) => {
    const out: string[] = [];
    for (let i = from; i < to; i += 1) if (!inBlock.has(i)) out.push((lines[i] as Line).text);
    return out;
  };
  const lead = segment(0, starts[0] as number).filter((l) => !/^#\s/.test(l.trim()));
  const footer = lead.filter((l) => l.trim()).length >= 3;
  const bodies = heads.map((_, k) =>
    footer
      ? [
          ...(k === 0 ? lead : segment((ends[k - 1] as number) + 1, starts[k] as number)),
          ...(k === heads.length - 1 ? segment((ends[k] as number) + 1, lines.length) : []),
        ]
      : [...(k === 0 ? lead : []), ...segment((ends[k] as number) + 1, k + 1 < heads.length ? (starts[k + 1] as number) : lines.length)],
  );
  const groups: { heads: PageHead[]; body: string[]; key?: string }[] = [];
  let current: (typeof groups)[number] | undefined;
  for (let k = 0; k < heads.length; k += 1) {
    const h = heads[k] as PageHead;
    // A manual filing its sections under references starts a section at a new reference only: a page whose titles
    // name none ("(LEAVE BEHIND NALOXONE)", a table row caught at the page top) continues the one before.
    const ref = sectionKey(h.titles);
    const key = ref ?? (h.titles.length && !current?.key?.startsWith('ref:') ? `title:${h.titles.join(' ')}` : undefined);
    if (!current || (key !== undefined && key !== current.key && !(current.key === undefined && current.heads.length === 0))) {
      current = { heads: [], body: [], ...(key ? { key } : {}) };
      groups.push(current);
    } else if (current.key === undefined && key) current.key = key;
    current.heads.push(h);
    current.body.push(...(bodies[k] as string[]));
  }
  // A key made of a title alone may differ page to page by a page's own heading; sections keep their reference.
  const sections: ManualSection[] = [];
  for (const g of groups) {
    const body = toMarkdown(g.body.join('\n'));
    if (!body.trim()) continue;
    const { title, reference } = titleOf(g.heads);
    const revised = g.heads.flatMap((h) => h.control).find((c) => c.label === 'revised' || c.label === 'reviewed' || c.label === 'version');
    const effective = g.heads.flatMap((h) => h.control).find((c) => c.label === 'effective');
    const version = revised ? `${revised.label} ${revised.value}` : effective ? `effective ${effective.value}` : undefined;
    const pages = g.heads.map((h) => h.page);
    sections.push({
      title: title || `Pages ${pages[0]}–${pages.at(-1)}`,
      ...(reference ? { reference } : {}),
      ...(version ? { version } : {}),
      text: body,
      pages: [pages[0] ?? 0, pages.at(-1) ?? 0],
    });
  }
  return sections.length ? markSectionLabels(sections) : undefined;
}

/** A manual needs this many sections before a line's recurrence across them says anything. */
const LABEL_MIN_SECTIONS = 10;
/** A label recurs in at least this share of the sections of the most frequent label. */
const LABEL_SHARE = 0.4;

/** A short line that could head a part of a section: capitalised, no number, no closing punctuation, a few words. */
function labelLike(line: string): boolean {
  const t = line.trim();
  const head = t.replace(/\s*\([^)]*\)$/, '');
  return (
    head.length > 0 &&
    head.length <= 40 &&
    /^[A-Z]/.test(head) &&
    !/\d/.test(t) &&
    !/[.;,:?]$/.test(t) &&
    head.split(/\s+/).length <= 5 &&
    !/^[-#*]/.test(t) &&
    // "None", "Yes", "No": a value, not a label.
    !EMPTY_VALUE.test(head)
  );
}

const EMPTY_VALUE = /^(?:none|nil|yes|no|n\/a|na|not applicable|unknown|other)$/i;

/**
 * A reference sheet's parts are lines that recur in section after section of one manual ("Contraindications",
 * "Adverse Effects", "Pediatric Dose", "Other Common Indications (Not authorized…)"), where an item under them
 * ("Active wheezing", "Hypotension") recurs in a few. Those lines are marked as labels (in bold), so every line under
 * one is read as part of it ("Contraindications" › "Age < 4 years old or > 65 years old"), not as the item above it
 * (compose/unit-context.ts). Bold, not headings: headings would cut a sheet into one-line chunks.
 */
export function markSectionLabels(sections: ManualSection[]): ManualSection[] {
  if (sections.length < LABEL_MIN_SECTIONS) return sections;
  const count = new Map<string, number>();
  for (const s of sections) {
    const seen = new Set(
      s.text
        .split('\n')
        .filter(labelLike)
        .map((l) => l.trim()),
    );
    for (const l of seen) count.set(l, (count.get(l) ?? 0) + 1);
  }
  const most = Math.max(0, ...count.values());
  const labels = new Set([...count].filter(([, n]) => n >= 3 && n >= LABEL_SHARE * most).map(([l]) => l));
  if (labels.size === 0) return sections;
  // A label run into its first line ("Adult Dose 300mg (6mL) IV/IO") heads that line too; the line stays as written.
  const opening = [...labels].filter((l) => l.split(/\s+/).length >= 2);
  const heading = (l: string): string | undefined => {
    const t = l.trim();
    if (labels.has(t)) return t;
    return opening.find((o) => t.startsWith(`${o} `) && /\d/.test(t.slice(o.length)));
  };
  return sections.map((s) => ({
    ...s,
    text: s.text
      .split('\n')
      .map((l) => {
        const h = /^[-#\s]/.test(l) ? undefined : heading(l);
        if (!h) return l;
        return h === l.trim() ? `**${h}**` : `**${h}**\n${l.trim()}`;
      })
      .join('\n'),
  }));
}
