/**
 * The results display's HTML shell and style sheet (spec/server-api.md §12.5): the script
 * (`browser/display-app.ts`) fills `#board` from the results snapshot and keeps it current.
 * Built for a large screen: large type, high contrast (white on near-black, bars in two
 * patterns, never colour alone), no motion; `lang` and `dir` on the document (spec/i18n.md); updates announced in a
 * polite live region; the connection state and the time of the last update always visible.
 * @module
 */
import { htmlLangAttrs, languageSwitcher, SWITCHER_CSS, type Lang } from '@evident/i18n';
import { displayWords, esc } from './display-view.js';

/** Where the page's assets are served (routes/display-page.ts). */
export const DISPLAY_ASSETS = {
  script: '/display/assets/display.js',
  style: '/display/assets/display.css',
} as const;

/** The page's Content-Security-Policy: its own script and style, requests only to the server. */
export const DISPLAY_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The display's style sheet. */
export const DISPLAY_PAGE_CSS = `
:root { color-scheme: dark; --bg: #0b0b0b; --fg: #ffffff; --muted: #d8d8d8; --line: #8a8a8a;
  --paper: #ffd34d; --online: #7cc4ff; --warn: #ffb3b3; }
* { box-sizing: border-box; }
html { font-size: 20px; }
body { margin: 0; background: var(--bg); color: var(--fg); font-family: system-ui, sans-serif; line-height: 1.4; }
header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 1rem;
  padding: 1rem 2rem; border-bottom: 2px solid var(--line); }
h1 { margin: 0; font-size: 2rem; }
h2 { font-size: 1.6rem; margin: 1.5rem 0 0.5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.3rem; margin: 1.2rem 0 0.4rem; }
main { padding: 0 2rem 2rem; }
#status { font-size: 1.1rem; }
#status[data-state=live] #state::before { content: "● "; }
#status[data-state=reconnecting] #state { color: var(--warn); }
.figures { display: flex; flex-wrap: wrap; gap: 1rem 3rem; margin: 0; }
.figure dt { color: var(--muted); }
.figure dd { margin: 0; font-size: 2rem; font-weight: bold; }
.sub { font-size: 0.8em; font-weight: normal; color: var(--muted); }
.headline { font-size: 1.3rem; }
.notice { border-inline-start: 6px solid var(--online); padding-inline-start: 0.6rem; }
.notice[data-decrypted=false] { border-inline-start-color: var(--warn); font-weight: bold; }
.empty { color: var(--muted); }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; min-width: 50%; }
caption { text-align: start; color: var(--muted); padding-bottom: 0.3rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.7rem; text-align: end; }
th[scope=row], thead th:first-child { text-align: start; }
.chart { display: block; width: 100%; max-width: 60rem; height: auto; }
.chart-label, .chart-value { fill: var(--fg); font-size: 22px; }
.bar-paper { fill: var(--paper); }
.bar-online { fill: var(--online); stroke: var(--fg); stroke-width: 2; }
.legend { display: flex; gap: 2rem; list-style: none; padding: 0; }
.legend .key { display: inline-block; width: 1.2rem; height: 1.2rem; vertical-align: middle; margin-inline-end: 0.4rem; }
.legend .key-paper { background: var(--paper); }
.legend .key-online { background: var(--online); outline: 2px solid var(--fg); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
a { color: var(--online); }
${SWITCHER_CSS}
.langs ul { margin: 0; }
a:focus-visible { outline: 3px solid var(--fg); outline-offset: 2px; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;

/** The page for election `electionId` in `lang`. */
export function displayPageHtml(electionId: string, lang: Lang): string {
  const t = displayWords(lang);
  return `<!doctype html>
<html ${htmlLangAttrs(lang)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t('title'))}</title>
<link rel="stylesheet" href="${DISPLAY_ASSETS.style}">
<script type="module" src="${DISPLAY_ASSETS.script}"></script>
</head>
<body>
<header>
<h1 id="title">${esc(t('title'))}</h1>
<p id="status" data-state="connecting"><span id="state">${esc(t('connecting'))}</span> · <span id="updated"></span></p>
${languageSwitcher(lang, t('languages'))}
</header>
<main id="main" data-election="${esc(electionId)}">
<ul class="legend" aria-hidden="true"><li><span class="key key-paper"></span>${esc(t('paper'))}</li><li><span class="key key-online"></span>${esc(t('online'))}</li></ul>
<div id="board"></div>
</main>
<div id="announce" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
</body>
</html>
`;
}
