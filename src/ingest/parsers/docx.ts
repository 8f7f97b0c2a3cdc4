/**
 * Word (.docx) → the HTML parser's Markdown-like text, so a Word policy chunks like Markdown: `mammoth` turns
 * Heading 1–6 (and Title) into headings, Word lists into lists and tables into tables; src/ingest/parsers/html.ts
 * does the rest. Metadata comes from the document's properties (File → Info → Properties): the title, and
 * custom properties named like Markdown front matter (`version`, `effective`, `review_by`, `collection`,
 * `supersedes`, `source`, `publisher`, `id`), validated the same way.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { documentFields } from '../front-matter.js';
import { DocumentError, type DocumentFields } from '../source-document.js';
import { htmlToText } from './html.js';

const STYLE_MAP = [
  // Word's Title style is the document's name: a top-level heading, as a Markdown `#` line would be. The class
  // marks it so Heading 1–5 can move one level down under it (below).
  "p[style-name='Title'] => h1.doc-title:fresh",
  "p[style-name='Subtitle'] => p:fresh",
];

/**
 * With a Title paragraph, Heading 1 is a section of the document, not a sibling of its title: shift headings one
 * level down so the heading path reads "Title › Section › Subsection", as in the Markdown documents.
 */
function nestUnderTitle(html: string): string {
  const title = /<h1 class="doc-title">([\s\S]*?)<\/h1>/.exec(html);
  if (!title) return html;
  const before = html.slice(0, title.index);
  const after = html.slice(title.index + title[0].length);
  const shift = (s: string) => s.replace(/<(\/?)h([1-5])(?=[\s>])/g, (_m, slash: string, n: string) => `<${slash}h${Number(n) + 1}`);
  return `${shift(before)}<h1>${title[1]}</h1>${shift(after)}`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(Number.parseInt(e.slice(e[1] === 'x' ? 2 : 1), e[1] === 'x' ? 16 : 10)) : (ENTITIES[e] ?? m),
  );

/**
 * A zip bomb posing as a .docx (fuzzing: 1 GB of XML in a 1 MB file) was inflated whole by JSZip and mammoth before
 * anything failed. The zip's directory says how large each part unpacks; refuse before inflating when the XML
 * parts (the text mammoth reads; images are never read) exceed this. A real policy's XML is a few megabytes.
 */
const MAX_XML_BYTES = 200 * 1024 * 1024;

function checkUnpackedSize(zip: JSZip): void {
  let xml = 0;
  zip.forEach((path, file) => {
    // JSZip keeps the central directory's sizes on the entry (not in its typings); nothing is inflated to read them.
    const size = (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    if (/\.(?:xml|rels)$/i.test(path)) xml += size;
  });
  if (xml > MAX_XML_BYTES) {
    throw new DocumentError(
      `Word document too large when unpacked (${Math.round(xml / 1048576)} MB of XML, the limit is ${MAX_XML_BYTES / 1048576} MB): a zip bomb or a damaged file`,
    );
  }
}

/** docProps/core.xml `dc:title` and docProps/custom.xml name → value (text, number, date or boolean values). */
async function readProperties(zip: JSZip): Promise<{ title?: string; custom: Record<string, string> }> {
  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const custom = (await zip.file('docProps/custom.xml')?.async('string')) ?? '';
  const title = /<dc:title>([\s\S]*?)<\/dc:title>/.exec(core)?.[1];
  const props: Record<string, string> = {};
  for (const m of custom.matchAll(/<property\b[^>]*\bname="([^"]*)"[^>]*>\s*<vt:\w+>([\s\S]*?)<\/vt:\w+>\s*<\/property>/g)) {
    const name = decodeXml(m[1] ?? '')
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    // Dates come as 2025-06-01T00:00:00Z; front matter takes the day.
    const value = decodeXml(m[2] ?? '')
      .trim()
      .replace(/^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?Z$/, '$1');
    if (name && value) props[name] = value;
  }
  const t = title ? decodeXml(title).trim() : '';
  return { ...(t ? { title: t } : {}), custom: props };
}

export interface DocxText {
  title?: string;
  text: string;
  fields: DocumentFields;
  /** Document properties, part of the document hash (a new version number re-ingests the document). */
  header: Record<string, unknown>;
}

export async function docxToText(data: Buffer): Promise<DocxText> {
  if (data.length === 0) throw new DocumentError('empty file');
  // .docx is a zip ("PK"); Word 97–2003 .doc files are OLE compound files, and get a specific hint.
  if (data.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new DocumentError('a Word 97–2003 .doc file renamed .docx: open it in Word and save it as .docx');
  }
  if (data[0] !== 0x50 || data[1] !== 0x4b) throw new DocumentError('not a Word document (.docx is a zip file; this is not one)');
  let html: string;
  let props: Awaited<ReturnType<typeof readProperties>>;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (error) {
    throw new DocumentError(`unreadable Word document: ${(error as Error).message.split('\n')[0]}`);
  }
  checkUnpackedSize(zip);
  try {
    props = await readProperties(zip);
    const result = await mammoth.convertToHtml(
      { buffer: data },
      {
        styleMap: STYLE_MAP,
        // Images carry no text to cite; keep them out of memory instead of inlining them as data URIs.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        // Linked files (external images, templates) are never fetched while ingesting.
        externalFileAccess: false,
      },
    );
    html = result.value;
  } catch (error) {
    throw new DocumentError(`unreadable Word document: ${(error as Error).message.split('\n')[0]}`);
  }
  // mammoth puts each table cell's and list item's text in <p>s with no space between them.
  const { title: h1, text } = htmlToText(nestUnderTitle(html).replace(/<\/(p|h[1-6]|li|td|th)>/g, '$& '));
  if (!text.trim()) throw new DocumentError('Word document has no text');
  const { title: customTitle, supersedes, ...custom } = props.custom;
  const fields = documentFields(
    // One text property can name several superseded ids: "vte-2019, vte-2021".
    { ...custom, ...(supersedes ? { supersedes: supersedes.split(/[,;]\s*/).filter(Boolean) } : {}) },
    'bad document property',
  );
  const title = customTitle ?? props.title ?? h1;
  return { ...(title ? { title } : {}), text, fields, header: { ...(props.title ? { title: props.title } : {}), ...props.custom } };
}
