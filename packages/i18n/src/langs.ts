/**
 * The languages of every page and report (English, French, Arabic), how one is chosen, and
 * which way each is written. Browser-safe: the pages' scripts use it as the server does.
 * @module
 */

/** The languages, first the default. */
export const LANGS = ['en', 'fr', 'ar'] as const;
/** A language. */
export type Lang = (typeof LANGS)[number];

/** Each language's name in itself, for the language switcher. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = {
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
};

/** `true` when `s` is one of {@link LANGS}. */
export function isLang(s: unknown): s is Lang {
  return typeof s === 'string' && (LANGS as readonly string[]).includes(s);
}

/** The writing direction of `lang`: `rtl` for Arabic. */
export function langDir(lang: Lang): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/**
 * The language to use: `requested` (a `?lang=` value) when it is one of ours, else the first of
 * an `Accept-Language` header's languages (by quality) that is, else English.
 */
export function pickLang(requested?: string, acceptLanguage?: string): Lang {
  if (isLang(requested)) return requested;
  for (const tag of acceptedTags(acceptLanguage ?? '')) {
    const base = tag.split('-')[0]!.toLowerCase();
    if (isLang(base)) return base;
  }
  return 'en';
}

/** The tags of an `Accept-Language` header, by decreasing quality (ties keep their order). */
function acceptedTags(header: string): string[] {
  return header
    .split(',')
    .slice(0, 32)
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((t) => t.tag !== '' && t.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((t) => t.tag);
}
