/**
 * The ballot tracker page's HTML shell and style sheet (spec/tracker.md §6): a form (tracking
 * code, receipt file, kept tree heads, log key) and a verdict region; the script (`browser/tracker-app.ts`) reads
 * the board and checks it. `lang` and `dir` on the document (spec/i18n.md), labelled fields with their help, the verdict
 * in a polite live region (`role=status`), a visible focus ring, no external asset, no motion.
 * @module
 */
import { htmlLangAttrs, languageSwitcher, SWITCHER_CSS, translator, type Lang } from '@evident/i18n';
import { esc } from '../display/display-view.js';
import { TRACKER_STATE_STRINGS } from './tracker-state-strings.js';
import { TRACKER_CATALOG } from './tracker-strings.js';

/** Where the page's assets are served (routes/tracker-page.ts). */
export const TRACKER_ASSETS = {
  script: '/track/assets/tracker.js',
  style: '/track/assets/tracker.css',
} as const;

/** The page's Content-Security-Policy: its own script and style, requests only to the server. */
export const TRACKER_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The tracker's style sheet. */
export const TRACKER_PAGE_CSS = `
:root { color-scheme: light; --fg: #1a1a1a; --bg: #ffffff; --accent: #0b4f9c; --bad: #a4001d; --ok: #0a5c2b; --muted: #4a4a4a; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
main, header { max-width: 44rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 1.75rem; margin: 1rem 0 0.25rem; }
${SWITCHER_CSS}a { color: var(--accent); }
.field { margin: 1rem 0; }
.field label { font-weight: 600; display: block; }
.field input[type=text] { display: block; width: 100%; font: inherit; font-family: ui-monospace, monospace; padding: 0.5rem; border: 2px solid var(--muted); border-radius: 4px; margin: 0.25rem 0; }
.field input[type=file] { font: inherit; margin: 0.25rem 0; }
.help { color: var(--muted); font-size: 0.95rem; display: block; }
button { font: inherit; font-weight: 600; padding: 0.6rem 1rem; border-radius: 6px; border: 2px solid var(--accent); background: var(--accent); color: #ffffff; cursor: pointer; }
button:disabled { opacity: 0.6; cursor: wait; }
:focus-visible { outline: 3px solid #c25400; outline-offset: 2px; }
.verdict:not(:empty) { border: 2px solid var(--muted); border-inline-start-width: 8px; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
.verdict[data-verdict=found] { border-color: var(--ok); }
.verdict[data-verdict=found] p:nth-child(2) { font-weight: 700; }
.verdict[data-verdict=inconsistent], .verdict[data-verdict=wrong-key] { border-color: var(--bad); font-weight: 600; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;

/** The page for election `electionId` in `lang`. */
export function trackerPageHtml(electionId: string, lang: Lang): string {
  const t = translator(TRACKER_CATALOG, lang);
  const s = translator(TRACKER_STATE_STRINGS, lang);
  return `<!doctype html>
<html ${htmlLangAttrs(lang)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(t('title'))} — ${esc(electionId)}</title>
<link rel="stylesheet" href="${TRACKER_ASSETS.style}">
<script type="module" src="${TRACKER_ASSETS.script}"></script>
</head>
<body>
<header>
${languageSwitcher(lang, t('languages'))}
</header>
<main id="main" data-election="${esc(electionId)}">
<h1>${esc(t('title'))}</h1>
<p>${esc(t('intro'))}</p>
<form id="track-form" novalidate>
<div class="field">
<label for="code">${esc(t('code'))}</label>
<input id="code" name="code" type="text" dir="ltr" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="code-help">
<span id="code-help" class="help">${esc(t('codeHint'))}</span>
</div>
<div class="field">
<label for="receipt">${esc(t('receipt'))}</label>
<input id="receipt" name="receipt" type="file" accept="application/json,.json" aria-describedby="receipt-help">
<span id="receipt-help" class="help">${esc(t('receiptHint'))}</span>
</div>
<div class="field">
<label for="kept">${esc(s('keptLabel'))}</label>
<input id="kept" name="kept" type="file" multiple accept="application/json,.json" aria-describedby="kept-help">
<span id="kept-help" class="help">${esc(s('keptHint'))}</span>
</div>
<div class="field">
<label for="key">${esc(t('key'))}</label>
<input id="key" name="key" type="text" dir="ltr" autocomplete="off" spellcheck="false" aria-describedby="key-help">
<span id="key-help" class="help">${esc(t('keyHint'))}</span>
</div>
<button type="submit" id="check">${esc(t('check'))}</button>
</form>
<div id="verdict" class="verdict" role="status" aria-live="polite" aria-atomic="true"></div>
</main>
</body>
</html>
`;
}
