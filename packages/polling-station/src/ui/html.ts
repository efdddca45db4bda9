/**
 * HTML for the station's pages: escaping and the page frame (language and direction, the
 * language switcher, title, skip link, navigation, a live region for messages). Pages are
 * server-rendered forms: they work with a keyboard and a screen reader and without scripts.
 * @module
 */
import { htmlLangAttrs, languageSwitcher, SWITCHER_CSS, withLang, type Lang } from '@evident/i18n';
import { stationWords } from './station-lang.js';

/** Escapes text for HTML content and attribute values. */
export function esc(s: unknown): string {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** A link of the navigation bar. */
export interface NavLink {
  readonly href: string;
  readonly label: string;
  /** the label in each language (else `label`) */
  readonly labels?: Readonly<Partial<Record<Lang, string>>>;
}

/** What the frame shows around a page. */
export interface Frame {
  readonly title: string;
  /** the page's language (default English) */
  readonly lang?: Lang;
  /** the page's own path, for the language switcher's links (default: `?lang=` alone) */
  readonly path?: string;
  /** the signed-in worker, if any */
  readonly worker?: string;
  /** the session's CSRF token (for the sign-out form) */
  readonly csrf?: string;
  readonly nav?: readonly NavLink[];
  /** a message: `error` is announced at once (role=alert) and focused; `info` politely */
  readonly message?: { readonly kind: 'error' | 'info'; readonly text: string };
}

// logical properties only (inset-inline-start, text-align:start): Arabic mirrors the layout
const STYLE = `body{font:1.125rem/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem}
a,button,input,select{font:inherit}input,select{padding:.3rem}button{padding:.3rem 1rem}
:focus{outline:3px solid #1a5fb4;outline-offset:2px}.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem}
.error{border:2px solid #a51d2d;padding:.5rem;color:#a51d2d}.info{border:2px solid #26a269;padding:.5rem}
table{border-collapse:collapse}td,th{border-bottom:1px solid #999;padding:.3rem .6rem;text-align:start}
nav ul{list-style:none;display:flex;gap:1rem;padding:0}${SWITCHER_CSS}`;

/** A whole page. */
export function page(f: Frame, main: string): string {
  const lang = f.lang ?? 'en';
  const t = stationWords(lang);
  const nav = f.worker
    ? `<nav aria-label="${esc(t('stationNav'))}"><ul>${(f.nav ?? [])
        .map((l) => `<li><a href="${esc(l.href)}">${esc(l.labels?.[lang] ?? l.label)}</a></li>`)
        .join(
          '',
        )}<li><form method="post" action="/sign-out"><input type="hidden" name="csrf" value="${esc(f.csrf ?? '')}">
<button>${esc(t('signOut', { worker: f.worker }))}</button></form></li></ul></nav>`
    : '';
  const switcher = languageSwitcher(lang, t('languages'), (l) =>
    f.path ? withLang(f.path, l) : `?lang=${l}`,
  );
  const msg = f.message
    ? f.message.kind === 'error'
      ? `<p class="error" role="alert" id="message" tabindex="-1" autofocus>${esc(f.message.text)}</p>`
      : `<p class="info" role="status" id="message">${esc(f.message.text)}</p>`
    : '<p role="status" id="message"></p>';
  return `<!doctype html><html ${htmlLangAttrs(lang)}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(f.title)} — evident-station</title><style>${STYLE}</style></head>
<body><a class="skip" href="#main">${esc(t('skip'))}</a><header>${switcher}${nav}</header>
<main id="main"><h1>${esc(f.title)}</h1>${msg}${main}</main></body></html>`;
}
