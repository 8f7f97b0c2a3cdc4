/** Shared set-up for the SharePoint sync tests: documents the fake library holds, and a config file for it. */
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import type { FakeGraph } from '../fakes/fake-graph.js';

export function guideline(title: string, section: string, sentence: string): string {
  return `# ${title}\n\n## ${section}\n\n${sentence}\n`;
}

export async function wordGuideline(title: string, section: string, sentence: string): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
          new Paragraph({ text: section, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: sentence }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The `sharepoint` key of rounds.config.yaml for the fake's library, only its `Approved` folder. */
export function sharepointFile(graph: FakeGraph, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    syncMinutes: 0,
    retryMaxSeconds: 2,
    libraries: [
      {
        name: 'guidelines',
        site: graph.site,
        library: graph.driveName,
        folder: 'Approved',
        collection: 'general',
        columns: { effective: 'EffectiveDate', review_by: 'ReviewDate', owner: 'GuidelineOwner' },
        timeZone: 'Europe/London',
      },
    ],
    ...extra,
  };
}
