/**
 * PDF text via pdfjs-dist's legacy build (the one meant for Node). A scanned PDF has no text layer: that is
 * reported, not guessed at — Rounds does not OCR, and a half-read protocol is worse than a missing one.
 */
import { DocumentError } from '../source-document.js';

export async function pdfToText(data: Uint8Array): Promise<{ title?: string; text: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    // pdfjs detaches the buffer it is given, so hand it a copy.
    doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  } catch (error) {
    throw new DocumentError(`not a readable PDF: ${(error as Error).message}`);
  }
  try {
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      pages.push(text.replace(/[ \t]+\n/g, '\n').trim());
      page.cleanup();
    }
    const text = pages.filter(Boolean).join('\n\n');
    if (!text.replace(/\s/g, '')) {
      throw new DocumentError(`PDF has no text layer (${doc.numPages} page(s), probably scanned); run OCR on it first`);
    }
    const info = (await doc.getMetadata().catch(() => undefined))?.info as { Title?: string } | undefined;
    const title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
    return { ...(title ? { title } : {}), text };
  } finally {
    await doc.destroy();
  }
}
