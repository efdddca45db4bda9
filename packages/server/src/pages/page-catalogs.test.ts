/**
 * The pages' catalogs (voter, display, tracker) in every language: each message parses, takes
 * the English message's arguments, gives every plural form the language uses (Arabic's six) and
 * formats with sample values (catalogProblems in @evident/i18n); and the words a voter reads
 * for bad input are translated, not English left in another language's table.
 */
import { catalogProblems, LANGS, translator, type Catalog } from '@evident/i18n';
import { describe, expect, it } from 'vitest';
import { DISPLAY_CATALOG } from '../display/display-strings.js';
import { TRACKER_CATALOG } from '../tracker/tracker-strings.js';
import { VOTER_CATALOG } from '../voter/voter-strings.js';

const CATALOGS: Readonly<Record<string, Catalog<string>>> = {
  voter: VOTER_CATALOG,
  display: DISPLAY_CATALOG,
  tracker: TRACKER_CATALOG,
};

/** The messages each page shows for bad input (the "clear, translated message"). */
const BAD_INPUT = {
  voter: [
    'errCredential',
    'errStyle',
    'errTooMany',
    'errRankTwice',
    'errRankGap',
    'errServer',
    'errUnknownCredential',
    'errNetwork',
    'errNotOpen',
    'errLoad',
    'receiptBad',
    'openedBad',
  ],
  tracker: [
    'unknownCode',
    'wrongKey',
    'fork',
    'inconsistent',
    'unreachable',
    'badCode',
    'badKey',
    'badReceipt',
    'keyDiffers',
    'codeDiffers',
    'otherElection',
  ],
  display: ['reconnecting', 'notDecrypted'],
} as const;

const SAMPLE = {
  n: 2,
  contest: 'C',
  message: 'm',
  code: 'EVD_ERR_X',
  state: 'closed',
  why: 'root',
  field: 'f',
};

describe('the pages’ catalogs', () => {
  for (const [name, catalog] of Object.entries(CATALOGS))
    it(`${name}: every message parses and formats in every language`, () => {
      expect(catalogProblems(catalog)).toEqual([]);
    });

  for (const [name, keys] of Object.entries(BAD_INPUT))
    it(`${name}: the bad-input messages differ in each language, Arabic in Arabic script`, () => {
      const catalog = CATALOGS[name]!;
      for (const key of keys) {
        const texts = LANGS.map((l) => translator(catalog, l)(key, SAMPLE));
        expect(new Set(texts).size, key).toBe(LANGS.length);
        expect(texts[LANGS.indexOf('ar')], key).toMatch(/[\u0600-\u06ff]{3}/);
      }
    });

  it('uses Arabic plural forms: two, few and many differ', () => {
    const t = translator(VOTER_CATALOG, 'ar');
    const forms = [1, 2, 3, 11, 100].map((n) => t('chooseUpTo', { n }));
    expect(new Set(forms).size).toBe(5);
    expect(t('chooseUpTo', { n: 2 })).toBe('اختر خيارين على الأكثر.');
    expect(translator(VOTER_CATALOG, 'en')('chooseUpTo', { n: 1 })).toBe('Choose up to 1 option.');
  });
});
