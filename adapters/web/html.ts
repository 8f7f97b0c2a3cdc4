/**
 * HTML helpers shared by the playground and the review console. Every piece of text that reaches HTML goes
 * through `esc` (answers quote clinical documents and questions may contain anything a user typed).
 */
import { randomBytes } from 'node:crypto';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Only http(s) links are rendered as links; anything else (javascript:, data:) is shown as text. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Inline styles and one inline script per page (no external assets, no build step). The CSP allows only the
 * page's own nonce for scripts, so injected markup could not run even if escaping were missed somewhere.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Report charts carry inline style attributes in their SVG.
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#f6f8fa;--card:#fff;--line:#d0d7de;--accent:#0b5cad;--warn:#9a6700;--warnbg:#fff8c5;--bad:#a40e26;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#0d2a4a;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
header h1{font-size:1.15rem;margin:0}
header a{color:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;margin:0 0 1rem}
.muted{color:var(--muted)}
.small{font-size:.875rem}
label{font-weight:600}
select,input,textarea,button{font:inherit}
select,input[type=text],input[type=password],textarea{border:1px solid var(--line);border-radius:6px;padding:.4rem .5rem;max-width:100%;background:#fff}
textarea{width:100%;min-height:4.5rem;resize:vertical}
button,.button{background:var(--accent);color:#fff;border:0;border-radius:6px;padding:.45rem .9rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:var(--fg);border:1px solid var(--line)}
button[aria-pressed=true]{outline:3px solid var(--accent);outline-offset:1px}
button:disabled{opacity:.6;cursor:progress}
/* The focus ring is #c26a00: at least 3.4:1 against every background here, white to the navy header (WCAG 1.4.11). */
:focus-visible{outline:3px solid #c26a00;outline-offset:2px}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:.5rem;top:-3rem;background:#fff;color:var(--accent);padding:.3rem .6rem;border-radius:6px;z-index:1}
.skip:focus{top:.5rem}
.msg{margin:0 0 1rem}
.msg .who{font-size:.8rem;font-weight:700;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.bubble-q{background:#ddf4ff;border:1px solid #b6e3ff;border-radius:8px;padding:.5rem .8rem;white-space:pre-wrap;overflow-wrap:anywhere}
.answer-text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3rem 0}
.cite{font-size:.8em;vertical-align:super;text-decoration:none;font-weight:700;padding:0 .1em}
.confidence{font-weight:600;margin:.4rem 0}
.confidence .meaning{font-weight:400}
ul.notices{padding:0;margin:.4rem 0}
.notice{background:var(--warnbg);border-left:4px solid var(--warn);padding:.3rem .6rem;margin:.4rem 0;list-style:none}
.status-refused{border-left:4px solid var(--bad)}
.status-insufficient_evidence{border-left:4px solid var(--warn)}
.status-answered{border-left:4px solid var(--ok)}
ol.sources{padding-left:1.4rem;margin:.3rem 0}
ol.sources li{margin:.25rem 0}
details summary{cursor:pointer}
blockquote{margin:.3rem 0;padding:.3rem .6rem;border-left:3px solid var(--line);background:var(--bg);overflow-wrap:anywhere}
.feedback{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin-top:.5rem}
fieldset{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}
fieldset label{font-weight:400;display:block}
.row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
.row>div{display:flex;flex-direction:column}
table{border-collapse:collapse;width:100%;font-size:.875rem}
th,td{border-bottom:1px solid var(--line);padding:.25rem .4rem;text-align:left;vertical-align:top}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;border-radius:1em;padding:0 .6em;font-size:.8rem;border:1px solid var(--line);background:var(--bg)}
.badge.down{background:#ffebe9;border-color:#ff8182}
.badge.up{background:#dafbe1;border-color:#4ac26b}
.error{color:var(--bad);font-weight:600}
.charts svg{max-width:100%;height:auto}
.charts h2{font-size:1.05rem;margin:1rem 0 .3rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart-table{width:auto;min-width:50%}.chart-table thead th+th{text-align:right}
@media (max-width:600px){main{padding:.5rem}.card{padding:.6rem}}
@media (forced-colors:active){button,.button{border:1px solid ButtonText}}
`;

export interface PageOptions {
  title: string;
  nonce: string;
  body: string;
  /** Inline script (already trusted, static source). */
  script?: string;
  nav?: string;
  /**
   * What this page is or what just happened ("Sign in", "Rating saved.", "Error: …"), put before the title in
   * <title> only: screen readers announce the title when a page loads, and a status in the body is not read
   * after a form's redirect (WCAG 2.4.2, 4.1.3).
   */
  status?: string;
}

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * A stored time (ISO 8601, UTC) as people read it: "2 Dec 2026, 13:05 UTC" in the page, which
 * LOCAL_TIMES_SCRIPT turns into the reader's own time zone ("2 Dec 2026, 14:05 CET"); the exact instant stays in
 * `datetime` and the tooltip.
 */
export function timeTag(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return esc(iso);
  return `<time datetime="${esc(d.toISOString())}" title="${esc(d.toISOString())}" data-local>${esc(UTC_FORMAT.format(d))} UTC</time>`;
}

export const LOCAL_TIMES_SCRIPT = `(function () {
  // dateStyle/timeStyle cannot be combined with timeZoneName: spell the fields out.
  var f = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  document.querySelectorAll('time[data-local]').forEach(function (t) {
    var d = new Date(t.getAttribute('datetime'));
    if (!isNaN(d.getTime())) t.textContent = f.format(d);
  });
})();`;

export function page({ title, nonce, body, script, nav, status }: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(status ? `${status} – ${title}` : title)}</title>
<style nonce="${nonce}">${CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header><h1>${esc(title)}</h1><nav>${nav ?? ''}</nav></header>
<main id="main">
${body}
</main>
${script ? `<script nonce="${nonce}">${script}</script>` : ''}
</body>
</html>`;
}
