/**
 * The officials' alerts page's HTML shell and style sheet (spec/server-api.md §12.4): a token
 * form, a status line in a polite live region, and the alerts table the script fills. `lang` and
 * `dir` on the document (Arabic right to left), CSS logical properties only, a visible focus
 * ring, no external asset, no motion.
 * @module
 */
import { htmlLangAttrs, languageSwitcher, SWITCHER_CSS, type Lang } from '@evident/i18n';
import { esc } from '../display/display-view.js';
import { officialsText } from './officials-view.js';

/** Where the page's assets are served (officials/officials-routes.ts). */
export const OFFICIALS_ASSETS = {
  script: '/officials/assets/officials.js',
  style: '/officials/assets/officials.css',
} as const;

/** The page's Content-Security-Policy: its own script and style, requests only to the server. */
export const OFFICIALS_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page's style sheet. */
export const OFFICIALS_PAGE_CSS = `
:root { color-scheme: light; --fg: #1a1a1a; --bg: #ffffff; --accent: #0b4f9c; --bad: #a4001d; --muted: #4a4a4a; --line: #c8c8c8; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 72rem; margin-inline: auto; padding-inline: 1rem; }
h1 { font-size: 1.75rem; margin-block: 1rem 0.25rem; }
h2 { font-size: 1.3rem; margin-block: 1.5rem 0.5rem; }
${SWITCHER_CSS}a { color: var(--accent); }
.field label { font-weight: 600; display: block; }
.field input { display: block; inline-size: 100%; max-inline-size: 32rem; font: inherit; font-family: ui-monospace, monospace; padding: 0.5rem; border: 2px solid var(--muted); border-radius: 4px; margin-block: 0.25rem; }
.help { color: var(--muted); font-size: 0.95rem; display: block; }
.actions { display: flex; gap: 0.75rem; flex-wrap: wrap; margin-block: 0.75rem; }
button { font: inherit; font-weight: 600; padding: 0.6rem 1rem; border-radius: 6px; border: 2px solid var(--accent); background: var(--accent); color: #ffffff; cursor: pointer; }
button.secondary { background: var(--bg); color: var(--accent); }
:focus-visible { outline: 3px solid #c25400; outline-offset: 2px; }
.status { min-block-size: 1.5em; }
.status[data-state=refused], .status[data-state=unreachable] { color: var(--bad); font-weight: 600; }
table { border-collapse: collapse; inline-size: 100%; }
caption { text-align: start; color: var(--muted); padding-block-end: 0.25rem; }
th, td { text-align: start; vertical-align: top; padding: 0.4rem 0.6rem; border-block-end: 1px solid var(--line); }
th { background: #f0f0f0; }
td.kind { font-weight: 600; }
td.reason { font-size: 0.95rem; }
td.address { font-family: ui-monospace, monospace; font-size: 0.9rem; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;

/** The page for election `electionId` in `lang`. */
export function officialsPageHtml(electionId: string, lang: Lang): string {
  const t = officialsText(lang);
  return `<!doctype html>
<html ${htmlLangAttrs(lang)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(t('title'))} — ${esc(electionId)}</title>
<link rel="stylesheet" href="${OFFICIALS_ASSETS.style}">
<script type="module" src="${OFFICIALS_ASSETS.script}"></script>
</head>
<body>
<header>
${languageSwitcher(lang, t('language'))}
</header>
<main id="main" data-election="${esc(electionId)}">
<h1>${esc(t('title'))}</h1>
<p>${esc(t('intro', { election: electionId }))}</p>
<form id="token-form" novalidate>
<div class="field">
<label for="token">${esc(t('tokenLabel'))}</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" aria-describedby="token-help">
<span id="token-help" class="help">${esc(t('tokenHelp'))}</span>
</div>
<div class="actions">
<button type="submit" id="show">${esc(t('show'))}</button>
<button type="button" id="forget" class="secondary">${esc(t('forget'))}</button>
</div>
</form>
<p id="status" class="status" role="status" aria-live="polite"></p>
<p id="updated" class="help"></p>
<section aria-labelledby="alerts-heading">
<h2 id="alerts-heading">${esc(t('alertsHeading'))}</h2>
<table id="alerts">
<caption>${esc(t('reasonNote'))}</caption>
<thead><tr><th scope="col">${esc(t('colTime'))}</th><th scope="col">${esc(t('colKind'))}</th><th scope="col">${esc(t('colStation'))}</th><th scope="col">${esc(t('colReason'))}</th><th scope="col">${esc(t('colAddress'))}</th></tr></thead>
<tbody></tbody>
</table>
</section>
</main>
</body>
</html>
`;
}
