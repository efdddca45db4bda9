/**
 * Messages in the ICU MessageFormat syntax (`{n, plural, one {# ballot} other {# ballots}}`,
 * `{count, number}`, `{at, time, short}`), formatted by `intl-messageformat` with the
 * language's own plural rules and number and date formats — never by string concatenation.
 * A catalog has every key in every language: the compiler refuses a missing translation.
 * @module
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Lang } from './langs.js';

/** One language's messages. */
export type Messages<K extends string> = { readonly [P in K]: string };
/** A catalog: every key in every language. */
export type Catalog<K extends string> = { readonly [L in Lang]: Messages<K> };
/** A message's values. */
export type MessageValues = Readonly<Record<string, string | number | Date>>;
/** Formats one key of a catalog in one language. */
export type Translate<K extends string> = (key: K, values?: MessageValues) => string;

/**
 * The formatter of `catalog` in `lang`: each message is parsed once, when first used.
 * @throws {Error} naming the key when a message does not parse or lacks a value (a bug of
 *   the catalog or of its caller, which the catalog's tests catch)
 */
export function translator<K extends string>(
  catalog: Catalog<K>,
  lang: Lang,
  timeZone?: string,
): Translate<K> {
  const parsed = new Map<K, IntlMessageFormat>();
  const formats = timeZone
    ? {
        time: {
          short: { hour: 'numeric', minute: 'numeric', timeZone },
          medium: { hour: 'numeric', minute: 'numeric', second: 'numeric', timeZone },
        },
        date: { medium: { year: 'numeric', month: 'short', day: 'numeric', timeZone } },
      }
    : undefined;
  return (key, values) => {
    let f = parsed.get(key);
    if (!f) {
      f = new IntlMessageFormat(catalog[lang][key], lang, formats as never, { ignoreTag: true });
      parsed.set(key, f);
    }
    const out = f.format(values as Record<string, string | number | Date> | undefined);
    if (typeof out !== 'string') throw new Error(`message ${key} (${lang}) is not plain text`);
    return out;
  };
}

/** `n` in `lang`'s number format (Arabic uses its own digits). */
export function formatNumber(lang: Lang, n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(lang, options).format(n);
}
