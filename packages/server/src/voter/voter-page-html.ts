/**
 * The voter page's HTML and style sheet (spec/server-api.md §5.5): a static shell in the chosen
 * language; the script (`browser/voter-app.ts`) fills in the contests from the manifest.
 * Accessibility: `lang` and `dir` on the document and on each language link (spec/i18n.md), one `fieldset`/`legend`
 * per contest (built by the script), a label for every control, visible focus, errors in an
 * assertive live region and progress in a polite one, a skip link, no colour-only meaning.
 * The page sends nothing by itself: no form action (and `form-action 'none'` in the policy
 * header), and the credential field has no `name`.
 * @module
 */
import { htmlLangAttrs, languageSwitcher, SWITCHER_CSS, translator, type Lang } from '@evident/i18n';
import { VOTER_CATALOG } from './voter-strings.js';
import { settingsHtml, VOTER_SETTINGS_CSS } from './voter-settings-html.js';
import { VOTER_STATE_STRINGS } from './voter-state-strings.js';

/** Where the page's assets are served (routes/voter-page.ts). */
export const ASSETS = { script: '/vote/assets/voter.js', style: '/vote/assets/voter.css' } as const;

/**
 * The Content-Security-Policy of the page: scripts only from the server (WebAssembly
 * compilation allowed: `ready()` in e2e-crypto), requests only to the server, no form
 * submission, no framing.
 */
export const VOTER_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text escaped for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * The page for election `electionId` in `lang`.
 */
export function voterPageHtml(electionId: string, lang: Lang): string {
  const tr = translator(VOTER_CATALOG, lang);
  const t = (k: Parameters<typeof tr>[0]) => escapeHtml(tr(k));
  const id = escapeHtml(electionId);
  const ts = translator(VOTER_STATE_STRINGS, lang);
  return `<!doctype html>
<html ${htmlLangAttrs(lang)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${t('title')} — ${id}</title>
<link rel="stylesheet" href="${ASSETS.style}">
<script type="module" src="${ASSETS.script}"></script>
</head>
<body>
<a class="skip" href="#main">${t('skip')}</a>
<header>
${languageSwitcher(lang, tr('languages'))}
${settingsHtml(lang)}
</header>
<main id="main" tabindex="-1" data-election="${id}">
<h1>${t('title')}</h1>
<p id="election-name" class="election-name"></p>
<p>${t('intro')}</p>
<div id="errors" class="errors" role="alert" aria-live="assertive" tabindex="-1"></div>
<button type="button" id="resend" hidden>${escapeHtml(ts('resend'))}</button>
<div class="progress"><span class="spinner" aria-hidden="true"></span><p id="status" class="status" role="status" aria-live="polite">${t('loading')}</p></div>
<form id="ballot-form" novalidate hidden>
<p class="field">
<label for="credential">${t('credentialLabel')}</label>
<input id="credential" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="credential-help" required>
<span id="credential-help" class="help">${t('credentialHelp')}</span>
</p>
<div id="style-choice"></div>
<div id="contests"></div>
<div class="actions">
<button type="submit" id="cast" value="cast">${t('cast')}</button>
<button type="submit" id="challenge" value="challenge" class="secondary" aria-describedby="challenge-help">${t('challenge')}</button>
</div>
<p id="challenge-help" class="help">${t('challengeHelp')}</p>
</form>
<section id="receipt" class="receipt" hidden aria-labelledby="receipt-title">
<h2 id="receipt-title" tabindex="-1"></h2>
<dl>
<dt>${t('trackingCode')}</dt><dd><code id="tracking-code" dir="ltr"></code></dd>
<dt>${t('logIndex')}</dt><dd id="log-index"></dd>
</dl>
<p>${t('keepCode')}</p>
<p id="receipt-check"></p>
<p><a id="receipt-download" href="#" download>${t('keepReceipt')}</a></p>
<p id="keep-receipt-help" class="help">${t('keepReceiptHelp')}</p>
<p><a id="track-link" href="/track/${encodeURIComponent(electionId)}?lang=${lang}">${escapeHtml(ts('trackLink'))}</a></p>
<p id="opened-check" hidden></p>
<p id="timing" class="help"></p>
</section>
<noscript><p>${t('noscript')}</p></noscript>
</main>
</body>
</html>
`;
}

/** The style sheet: readable, large targets, a focus ring that is always visible. */
export const VOTER_PAGE_CSS = `
:root { color-scheme: light; --fg: #1a1a1a; --bg: #ffffff; --accent: #0b4f9c; --bad: #a4001d; --ok: #0a5c2b; --muted: #4a4a4a; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
main, header { max-width: 44rem; margin: 0 auto; padding: 0 1rem; }
main:focus { outline: none; }
h1 { font-size: 1.75rem; margin: 1rem 0 0.25rem; }
.skip { position: absolute; inset-inline-start: -999px; top: 0; }
.skip:focus { inset-inline-start: 1rem; top: 0.5rem; background: var(--bg); padding: 0.25rem 0.5rem; }
${SWITCHER_CSS}a { color: var(--accent); }
.election-name { font-size: 1.25rem; font-weight: 600; margin: 0.25rem 0 1rem; }
.field label, legend { font-weight: 600; }
.field input { display: block; width: 100%; max-width: 24rem; font: inherit; font-family: ui-monospace, monospace; padding: 0.5rem; border: 2px solid var(--muted); border-radius: 4px; margin: 0.25rem 0; }
.help { color: var(--muted); font-size: 0.95rem; display: block; }
fieldset { border: 2px solid #c8c8c8; border-radius: 6px; margin: 1rem 0; padding: 0.5rem 1rem 1rem; }
legend { padding: 0 0.25rem; font-size: 1.1rem; }
.choice { display: flex; align-items: center; gap: 0.5rem; margin: 0.4rem 0; }
.choice input[type=radio], .choice input[type=checkbox] { width: 1.25rem; height: 1.25rem; margin: 0; }
.choice input[type=number] { width: 4.5rem; font: inherit; padding: 0.25rem; }
.rank { display: grid; grid-template-columns: 9rem 1fr; align-items: center; gap: 0.5rem; margin: 0.4rem 0; }
select { font: inherit; padding: 0.3rem; max-width: 100%; }
.party { color: var(--muted); }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1rem; }
button { font: inherit; font-weight: 600; padding: 0.6rem 1rem; border-radius: 6px; border: 2px solid var(--accent); background: var(--accent); color: #ffffff; cursor: pointer; }
button.secondary { background: var(--bg); color: var(--accent); }
button:disabled { opacity: 0.6; cursor: wait; }
:focus-visible { outline: 3px solid #c25400; outline-offset: 2px; }
.errors:not(:empty) { border: 2px solid var(--bad); border-inline-start-width: 8px; padding: 0.5rem 1rem; color: var(--bad); margin: 1rem 0; }
.errors ul { margin: 0.25rem 0; padding-inline-start: 1.25rem; }
[aria-invalid=true] { border-color: var(--bad) !important; }
.receipt { border: 2px solid var(--ok); border-inline-start-width: 8px; border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
.receipt h2:focus { outline: none; }
.receipt code { font-size: 1.05rem; word-break: break-all; unicode-bidi: isolate; }
.receipt dd#log-index { unicode-bidi: isolate; }
.receipt dt { font-weight: 600; }
.receipt dd { margin: 0 0 0.5rem; }
.check-ok { color: var(--ok); }
.check-bad { color: var(--bad); font-weight: 600; }
.progress { display: flex; align-items: center; }
${VOTER_SETTINGS_CSS}`;
