import { describe, expect, it } from 'vitest';
import { LANGS, langDir, pickLang, translator, formatNumber, type Catalog } from './index.js';

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
