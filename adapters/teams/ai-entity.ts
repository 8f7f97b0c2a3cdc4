/**
 * Teams' AI message entity: the "AI generated" label and the citation pop-ups for [n] markers in the text.
 * Limits are Teams' own (learn.microsoft.com "Bot messages with AI-generated content"): at most 20 citations,
 * name ≤ 80 characters, abstract ≤ 160, at most 3 keywords of ≤ 28 characters each. Longer values make
 * Teams drop the whole entity, so everything is trimmed here.
 */
import { trimSnippet } from '../../src/core/compose/present.js';
import type { Answer, Citation } from '../../src/core/types.js';

export const MAX_CITATIONS = 20;
export const NAME_MAX = 80;
export const ABSTRACT_MAX = 160;
const KEYWORDS_MAX = 3;
const KEYWORD_MAX = 28;

export interface ClientCitation {
  '@type': 'Claim';
  position: number;
  appearance: {
    '@type': 'DigitalDocument';
    name: string;
    abstract: string;
    url?: string;
    keywords?: string[];
  };
}

export interface AIEntity {
  type: 'https://schema.org/Message';
  '@type': 'Message';
  '@context': 'https://schema.org';
  '@id': '';
  additionalType: ['AIGeneratedContent'];
  citation?: ClientCitation[];
}

/** Citations the text actually refers to with [n] (as teams-ai's getUsedCitations): unused sources confuse readers. */
export function usedCitations(answer: Pick<Answer, 'text' | 'citations'>): Citation[] {
  const used = new Set([...answer.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  return answer.citations.filter((c) => used.has(c.n));
}

function clip(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

function httpUrl(source?: string): string | undefined {
  if (!source) return undefined;
  try {
    const u = new URL(source);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "Title › Section" within 80 characters. When it does not fit, the title is shortened rather than the section:
 * several citations from one long-titled document must stay distinguishable.
 */
export function citationName(c: Pick<Citation, 'title' | 'headingPath'>): string {
  const section = c.headingPath.at(-1);
  if (!section || section === c.title) return clip(c.title, NAME_MAX);
  const full = `${c.title} › ${section}`;
  if (full.length <= NAME_MAX) return full;
  const sectionPart = clip(section, Math.floor(NAME_MAX / 2));
  return `${clip(c.title, NAME_MAX - sectionPart.length - 3)} › ${sectionPart}`;
}

export function toClientCitation(c: Citation): ClientCitation {
  const url = httpUrl(c.source);
  const keywords = [c.collection, c.version ? (c.version.startsWith('v') ? c.version : `v${c.version}`) : undefined, c.publisher]
    // Keywords render as tags: a clipped publisher name reads worse than none.
    .filter((k): k is string => Boolean(k) && (k as string).length <= KEYWORD_MAX)
    .slice(0, KEYWORDS_MAX);
  return {
    '@type': 'Claim',
    position: c.n,
    appearance: {
      '@type': 'DigitalDocument',
      name: citationName(c),
      abstract: trimSnippet(c.snippet, ABSTRACT_MAX),
      ...(url ? { url } : {}),
      ...(keywords.length > 0 ? { keywords } : {}),
    },
  };
}

export function aiEntity(citations: Citation[]): AIEntity {
  const claims = citations.slice(0, MAX_CITATIONS).map(toClientCitation);
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    ...(claims.length > 0 ? { citation: claims } : {}),
  };
}
