import { LANGS, translator, type Catalog } from '@evident/i18n';
import { describe, expect, it } from 'vitest';
import { LETTER_STRINGS } from '../letters/letter-strings.js';
import { TEXT_SIZES, VOTER_STATE_STRINGS } from './voter-state-strings.js';

const VALUES = { n: 2, total: 4, size: 1.5, name: 'Municipal election', id: 'city', voter: 'voter-1' };

/** Every message of `catalog` in every language, formatted with {@link VALUES}. */
function formatAll<K extends string>(catalog: Catalog<K>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const lang of LANGS) {
    const t = translator(catalog, lang);
    for (const key of Object.keys(catalog.en) as K[]) out[`${lang}.${key}`] = t(key, VALUES);
  }
  return out;
}

describe('the voter page state and letter catalogs', () => {
  it('parse and format in every language, with every placeholder filled', () => {
    for (const catalog of [VOTER_STATE_STRINGS, LETTER_STRINGS] as Catalog<string>[]) {
      for (const [where, text] of Object.entries(formatAll(catalog))) {
        expect(text.length, where).toBeGreaterThan(0);
        expect(text, where).not.toMatch(/[{}]/);
      }
    }
  });

  it('count attempts and sizes with each language’s number format', () => {
    const f = formatAll(VOTER_STATE_STRINGS);
    expect(f['en.retrying']).toContain('attempt 2 of 4');
    expect(f['fr.retrying']).toContain('essai 2 sur 4');
    const ar = new Intl.NumberFormat('ar');
    expect(f['ar.retrying']).toContain(`${ar.format(2)} من ${ar.format(4)}`);
    expect(
      TEXT_SIZES.map((size) => translator(VOTER_STATE_STRINGS, 'en')('textSizeOption', { size })),
    ).toEqual(['100%', '125%', '150%', '200%']);
    expect(translator(VOTER_STATE_STRINGS, 'fr')('textSizeOption', { size: 2 })).toMatch(/^200\s%$/);
  });

  it('are written in Arabic script for Arabic', () => {
    for (const [where, text] of Object.entries(formatAll(VOTER_STATE_STRINGS)))
      if (where.startsWith('ar.') && where !== 'ar.textSizeOption')
        expect(text, where).toMatch(/[\u0600-\u06FF]/);
  });
});
