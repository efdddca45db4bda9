/**
 * The one language switcher of every page: a list of links, each language named in itself
 * with its own `lang` and `dir` (a screen reader reads "العربية" in Arabic), the current one
 * marked `aria-current`. Links, not a script: it works from the keyboard and without scripts.
 * The page's style sheet includes {@link SWITCHER_CSS}.
 * @module
 */
import { LANG_NAMES, LANGS, langDir, type Lang } from './langs.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The attributes of a page's `<html>` element in `lang`: `lang="ar" dir="rtl"`. */
export function htmlLangAttrs(lang: Lang): string {
  return `lang="${lang}" dir="${langDir(lang)}"`;
}

/** `path` with its `lang` query parameter set to `lang` (other parameters kept, in order). */
export function withLang(path: string, lang: Lang): string {
  const [beforeHash = '', hash] = path.split('#', 2);
  const [p = '', query = ''] = beforeHash.split('?', 2);
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${p}?${params.toString()}${hash === undefined ? '' : `#${hash}`}`;
}

/**
 * The switcher's HTML: a `nav` labelled `label` (in the page's language) with one link per
 * language to `href(lang)` (default: the same page with `?lang=`).
 */
export function languageSwitcher(
  current: Lang,
  label: string,
  href: (lang: Lang) => string = (l) => `?lang=${l}`,
): string {
  const items = LANGS.map((l) => {
    const cur = l === current ? ' aria-current="true"' : '';
    return `<li><a href="${esc(href(l))}" hreflang="${l}" ${htmlLangAttrs(l)}${cur}>${esc(LANG_NAMES[l])}</a></li>`;
  }).join('');
  return `<nav class="langs" aria-label="${esc(label)}"><ul>${items}</ul></nav>`;
}

/**
 * The same switcher as submit buttons of the page's form (`name=value(lang)`), for a page whose
 * state lives in the form (the marking device: a language change keeps the marks made so far).
 * The current language is `aria-pressed="true"`.
 */
export function languageButtons(
  current: Lang,
  label: string,
  name: string,
  value: (lang: Lang) => string,
): string {
  const items = LANGS.map((l) => {
    const pressed = l === current ? 'true' : 'false';
    return `<li><button type="submit" name="${esc(name)}" value="${esc(value(l))}" ${htmlLangAttrs(l)} aria-pressed="${pressed}">${esc(LANG_NAMES[l])}</button></li>`;
  }).join('');
  return `<div class="langs" role="group" aria-label="${esc(label)}"><ul>${items}</ul></div>`;
}

/** The switcher's style: a row of links in reading order, the current one bold. */
export const SWITCHER_CSS = `
.langs ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; margin: 0.75rem 0 0; }
.langs a { display: inline-block; padding-block: 0.25rem; }
.langs a[aria-current], .langs button[aria-pressed=true] { font-weight: bold; text-decoration: none; }
`;

/**
 * Message `key` as HTML: the text escaped, and each argument of `markup` (trusted HTML: an
 * element the page's script updates, a `<strong>` figure) set in its place. The message is
 * formatted with a private-use character standing for each such argument, so the words around
 * it stay the translator's, in the language's order.
 */
export function htmlMessage<K extends string>(
  t: (key: K, values?: Readonly<Record<string, string | number | Date>>) => string,
  key: K,
  values: Readonly<Record<string, string | number | Date>>,
  markup: Readonly<Record<string, string>>,
): string {
  const names = Object.keys(markup);
  const mark = (i: number) => String.fromCodePoint(0xe000 + i);
  let html = esc(t(key, { ...values, ...Object.fromEntries(names.map((n, i) => [n, mark(i)])) }));
  names.forEach((n, i) => {
    html = html.replace(mark(i), markup[n]!);
  });
  return html;
}
