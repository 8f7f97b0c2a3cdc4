/**
 * HTML → Markdown-like text, so HTML pages chunk exactly like Markdown: headings become `#` lines (and the
 * heading path), lists `- ` items, tables `|` rows (kept whole by the chunker), scripts and navigation dropped.
 */
import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'nav', 'svg', 'iframe', 'form', 'button']);
const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'strong',
  'i',
  'em',
  'span',
  'code',
  'sub',
  'sup',
  'small',
  'mark',
  'u',
  'time',
  'cite',
  'q',
  'img',
]);

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function inlineText(node: Node): string {
  return squash(node.textContent ?? '');
}

function cellText(cell: HTMLElement): string {
  return inlineText(cell).replace(/\|/g, '\\|');
}

function tableToMarkdown(table: HTMLElement): string {
  const rows = table.querySelectorAll('tr').map((tr) => tr.querySelectorAll('th,td').map(cellText));
  const nonEmpty = rows.filter((r) => r.length > 0);
  if (nonEmpty.length === 0) return '';
  const width = Math.max(...nonEmpty.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [head, ...body] = nonEmpty;
  return [line(head ?? []), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
}

function listToMarkdown(list: HTMLElement, depth = 0): string {
  const ordered = list.tagName.toLowerCase() === 'ol';
  const lines: string[] = [];
  let n = 1;
  for (const item of list.childNodes) {
    if (item.nodeType !== NodeType.ELEMENT_NODE || (item as HTMLElement).tagName.toLowerCase() !== 'li') continue;
    const li = item as HTMLElement;
    const nested = li.childNodes.filter(
      (c) => c.nodeType === NodeType.ELEMENT_NODE && ['ul', 'ol'].includes((c as HTMLElement).tagName.toLowerCase()),
    ) as HTMLElement[];
    const own = squash(
      li.childNodes
        .filter((c) => !nested.includes(c as HTMLElement))
        .map((c) => c.textContent ?? '')
        .join(' '),
    );
    lines.push(`${'  '.repeat(depth)}${ordered ? `${n++}.` : '-'} ${own}`);
    for (const sub of nested) lines.push(listToMarkdown(sub, depth + 1));
  }
  return lines.join('\n');
}

export function htmlToText(html: string): { title?: string; text: string } {
  const root = parse(html, { comment: false, blockTextElements: { pre: true } });
  const blocks: string[] = [];
  let paragraph = '';
  const flush = () => {
    const p = squash(paragraph);
    if (p) blocks.push(p);
    paragraph = '';
  };
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === NodeType.TEXT_NODE) {
        const text = child.textContent ?? '';
        // node-html-parser leaves the doctype as a text node.
        if (!/^\s*<!/.test(text)) paragraph += text;
        continue;
      }
      if (child.nodeType !== NodeType.ELEMENT_NODE) continue;
      const el = child as HTMLElement;
      const tag = el.tagName.toLowerCase();
      if (SKIP.has(tag) || tag === 'title') continue;
      const level = HEADINGS[tag];
      if (level) {
        flush();
        const heading = inlineText(el);
        if (heading) blocks.push(`${'#'.repeat(level)} ${heading}`);
      } else if (tag === 'table') {
        flush();
        const table = tableToMarkdown(el);
        if (table) blocks.push(table);
      } else if (tag === 'ul' || tag === 'ol') {
        flush();
        const list = listToMarkdown(el);
        if (list.trim()) blocks.push(list);
      } else if (tag === 'pre') {
        flush();
        blocks.push(`\`\`\`\n${el.textContent.replace(/\n+$/, '')}\n\`\`\``);
      } else if (tag === 'br') {
        paragraph += '\n';
      } else if (INLINE.has(tag)) {
        paragraph += el.textContent ?? '';
      } else {
        flush();
        walk(el);
        flush();
      }
    }
  };
  walk(root);
  flush();
  const titleEl = root.querySelector('title');
  const title = (titleEl && inlineText(titleEl)) || (root.querySelector('h1') && inlineText(root.querySelector('h1')!)) || undefined;
  return { ...(title ? { title } : {}), text: blocks.join('\n\n') };
}
