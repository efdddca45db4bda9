import { describe, expect, it } from 'vitest';
import {
  LANGS,
  catalogProblems,
  formatNumber,
  htmlLangAttrs,
  htmlMessage,
  isolate,
  ltr,
  langDir,
  languageSwitcher,
  pickLang,
  translator,
  withLang,
  type Catalog,
} from './index.js';

const catalog: Catalog<'ballots' | 'hello'> = {
  en: { ballots: '{n, plural, one {# ballot} other {# ballots}}', hello: 'Hello {name}' },
  fr: { ballots: '{n, plural, one {# bulletin} other {# bulletins}}', hello: 'Bonjour {name}' },
  ar: {
    ballots:
      '{n, plural, zero {لا بطاقات} one {بطاقة واحدة} two {بطاقتان} few {# بطاقات} many {# بطاقة} other {# بطاقة}}',
    hello: 'مرحبا {name}',
  },
};

describe('languages', () => {
  it('chooses ?lang= first, then Accept-Language by quality, then English', () => {
    expect(pickLang('fr', 'ar')).toBe('fr');
    expect(pickLang('de', 'de-DE, ar;q=0.5, fr;q=0.8')).toBe('fr');
    expect(pickLang(undefined, 'ar-EG')).toBe('ar');
    expect(pickLang(undefined, 'fr;q=0, de')).toBe('en');
    expect(pickLang()).toBe('en');
  });
  it('writes Arabic right to left and only Arabic', () => {
    expect(LANGS.filter((l) => langDir(l) === 'rtl')).toEqual(['ar']);
  });
});

describe('ICU messages', () => {
  it('applies each language plural rules', () => {
    expect(translator(catalog, 'en')('ballots', { n: 1 })).toBe('1 ballot');
    expect(translator(catalog, 'en')('ballots', { n: 0 })).toBe('0 ballots');
    expect(translator(catalog, 'fr')('ballots', { n: 0 })).toBe('0 bulletin');
    const ar = translator(catalog, 'ar');
    expect(ar('ballots', { n: 2 })).toBe('بطاقتان');
    expect(ar('ballots', { n: 5 })).toMatch(/بطاقات$/);
  });
  it('fills named values and fails loudly on a missing one', () => {
    expect(translator(catalog, 'fr')('hello', { name: 'Ada' })).toBe('Bonjour Ada');
    expect(() => translator(catalog, 'en')('hello')).toThrow();
  });
  it('formats numbers per locale', () => {
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(formatNumber('fr', 12345).replace(/\s/g, ' ')).toBe('12 345');
  });
});

describe('catalog check', () => {
  it('passes a complete catalog', () => {
    expect(catalogProblems(catalog)).toEqual([]);
  });
  it('names a missing Arabic plural form, a renamed argument and a broken message', () => {
    const bad = {
      en: { a: '{n, plural, one {# ballot} other {# ballots}}', b: 'Hello {name}', c: 'x' },
      fr: { a: '{n, plural, one {# bulletin} other {# bulletins}}', b: 'Bonjour {nom}', c: 'x' },
      ar: { a: '{n, plural, one {بطاقة} other {# بطاقة}}', b: 'مرحبا {name}', c: '{oops' },
    } as const;
    const p = catalogProblems(bad);
    expect(p).toContain("ar a: plural {n} has no 'two' branch");
    expect(p).toContain("ar a: plural {n} has no 'zero' branch");
    expect(p.some((x) => x.startsWith('fr b: arguments {nom:text}'))).toBe(true);
    expect(p.some((x) => x.startsWith('ar c: does not parse'))).toBe(true);
  });
});

describe('language switcher', () => {
  it('names each language in itself, with its lang and dir, the current one marked', () => {
    const html = languageSwitcher('ar', 'اللغة', (l) => withLang('/vote/e1?x=1', l));
    expect(html).toContain(
      '<a href="/vote/e1?x=1&amp;lang=fr" hreflang="fr" lang="fr" dir="ltr">Français</a>',
    );
    expect(html).toContain('lang="ar" dir="rtl" aria-current="true">العربية</a>');
    expect(html.match(/<a /g)).toHaveLength(3);
    expect(htmlLangAttrs('ar')).toBe('lang="ar" dir="rtl"');
  });
});

describe('direction isolates', () => {
  it('keeps a code left to right inside an Arabic message, and says where it starts and ends', () => {
    const t = translator(catalog, 'ar');
    expect(t('hello', { name: ltr('EVD_ERR_X') })).toBe('مرحبا \u2066EVD_ERR_X\u2069');
    expect(isolate('Ada')).toBe('\u2068Ada\u2069');
  });
});

describe('messages with markup', () => {
  it('escapes the words and sets the markup where the language puts it', () => {
    const t = translator(catalog, 'fr');
    expect(htmlMessage(t, 'hello', {}, { name: '<strong>A&B</strong>' })).toBe(
      'Bonjour <strong>A&B</strong>',
    );
    const evil = { ...catalog, fr: { ...catalog.fr, hello: '<b>{name}</b>' } };
    expect(htmlMessage(translator(evil, 'fr'), 'hello', {}, { name: '<i>x</i>' })).toBe(
      '&lt;b&gt;<i>x</i>&lt;/b&gt;',
    );
  });
});
