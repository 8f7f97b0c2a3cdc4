/**
 * Slack text in both directions: escaping what we post as mrkdwn, and turning what users typed (with Slack's
 * `<@U…>`, `<#C…|name>`, `<url|label>` markup and HTML entities) back into plain text for the core.
 */

/** Slack requires &, < and > to be escaped in mrkdwn text, or they start control sequences. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link only for http(s) URLs; anything else (a citation such as "NICE NG51") stays plain text. */
export function mrkdwnLink(url: string | undefined, label: string): string {
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, '¦');
  if (!url || !/^https?:\/\/[^\s<>|]+$/i.test(url)) return safeLabel;
  return `<${url}|${safeLabel}>`;
}

/** Cuts text to `max` characters at a word boundary (Slack rejects a section text over 3,000 characters). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Splits long text into pieces of at most `max` characters, preferring paragraph, then line, then word breaks. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let at = window.lastIndexOf('\n\n');
    if (at < max * 0.5) at = window.lastIndexOf('\n');
    if (at < max * 0.5) at = window.lastIndexOf(' ');
    if (at <= 0) at = max;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/**
 * Plain question text from a Slack message: drops mentions of the bot, renders other mentions, channels and
 * links as their readable labels, and decodes Slack's three HTML entities.
 */
export function plainTextFromSlack(text: string, botUserId?: string): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => (id === botUserId ? '' : `@${name ?? 'someone'}`))
    .replace(/<#[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name?: string) => `#${name ?? 'channel'}`)
    .replace(/<!([a-z]+)(?:\^[^|>]*)?(?:\|[^>]*)?>/g, (_m, word: string) => `@${word}`)
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>/g, (_m, url: string, label?: string) => label ?? url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when the text mentions the given user (the bot): such messages are handled by the app_mention event. */
export function mentions(text: string | undefined, userId: string | undefined): boolean {
  return Boolean(text && userId && text.includes(`<@${userId}`));
}
