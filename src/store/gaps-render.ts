/**
 * The knowledge-gap list as an HTML fragment (the feedback report and the web /review page) and as terminal lines.
 * Every stored string is escaped: questions and replies are user text (already redacted by the store).
 */
import type { GapKind, GapTopic } from './knowledge-gaps.js';
import { esc } from './report-svg.js';

/** Enough for the knowledge team's weekly list; the rest are counted. */
const TOPICS_SHOWN = 25;
const ITEMS_SHOWN = 5;

const KIND_TEXT: Record<GapKind, string> = {
  abstention: 'not enough evidence',
  missing_information: '👎 missing information',
  escalation: 'asked a person',
};

function kindsLine(t: GapTopic): string {
  return (Object.keys(KIND_TEXT) as GapKind[])
    .filter((k) => t.kinds[k] > 0)
    .map((k) => `${t.kinds[k]} ${KIND_TEXT[k]}`)
    .join(' · ');
}

export function renderGapsHtml(gaps: GapTopic[]): string {
  if (gaps.length === 0) {
    return '<p class="muted">No gaps recorded: no abstentions, no 👎 “missing information” and no questions handed to a person.</p>';
  }
  const topics = gaps.slice(0, TOPICS_SHOWN).map((t) => {
    const items = t.items.slice(0, ITEMS_SHOWN).map((i) => {
      const e = i.escalation;
      const reply = e?.reply
        ? `<div class="gap-reply"><strong>Reference answer</strong> from ${esc(e.replyBy ?? 'a colleague')}: “${esc(e.reply)}”</div>`
        : e
          ? `<div class="muted small">Escalation ${esc(e.status)}, no reply yet.</div>`
          : '';
      return `<li data-answer="${esc(i.answerId)}"><span class="muted small">${esc(i.createdAt.slice(0, 16).replace('T', ' '))} · ${esc(i.channelProfile)} · ${esc(i.kinds.map((k) => KIND_TEXT[k]).join(', '))}</span><br>${esc(i.question)}${reply}</li>`;
    });
    const more = t.items.length > ITEMS_SHOWN ? `<li class="muted small">${t.items.length - ITEMS_SHOWN} more</li>` : '';
    return `<li class="gap-topic"><strong>${esc(t.topic)}</strong> <span class="muted small">(${t.count} question${t.count === 1 ? '' : 's'}: ${esc(kindsLine(t))}; latest ${esc(t.latest.slice(0, 10))})</span><ul>${items.join('')}${more}</ul></li>`;
  });
  const more =
    gaps.length > TOPICS_SHOWN ? `<p class="muted">${gaps.length - TOPICS_SHOWN} more topics not shown: narrow with --since.</p>` : '';
  return `<ol class="gaps">${topics.join('')}</ol>${more}`;
}

export function renderGapsText(gaps: GapTopic[], limit = 5): string[] {
  if (gaps.length === 0) return ['  knowledge gaps: none recorded'];
  return [
    `  knowledge gaps (${gaps.length} topic${gaps.length === 1 ? '' : 's'}; most frequent, then newest):`,
    ...gaps
      .slice(0, limit)
      .map((t) => `    ${String(t.count).padStart(3)} × ${t.topic} (${kindsLine(t)}; latest ${t.latest.slice(0, 10)})`),
  ];
}
