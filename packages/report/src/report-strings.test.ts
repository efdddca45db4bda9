import { LANGS, translator } from '@evident/i18n';
import { describe, expect, it } from 'vitest';
import { fontHas } from './pdf-fonts.js';
import { type ReportKey, REPORT_STRINGS } from './report-strings.js';

const VALUES = {
  name: 'E',
  contest: 'c1',
  elected: 'Ada',
  online: 1234,
  paper: 5,
  total: 1239,
  round: 2,
  votes: '3',
  n: 3,
};
const keys = Object.keys(REPORT_STRINGS.en) as ReportKey[];

describe('the report’s catalog', () => {
  it.each(LANGS)('%s: every message formats, and every character of it is in the PDF’s font', (lang) => {
    const t = translator(REPORT_STRINGS, lang);
    for (const key of keys) {
      const text = t(key, VALUES);
      expect(text, key).not.toBe('');
      const missing = [...text.replace(/[\u200e\u200f\u061c\u202f]/g, '')].filter(
        (c) => !fontHas(c.codePointAt(0)!),
      );
      expect(missing, `${lang} ${key}`).toEqual([]);
    }
  });

  it('the font has the digits and separators of every language’s numbers, Arabic-Indic ones included', () => {
    const forms = [
      ...LANGS.map((l) => new Intl.NumberFormat(l).format(-1234567.5)),
      new Intl.NumberFormat('ar', { numberingSystem: 'arab' } as Intl.NumberFormatOptions).format(-1234567.5),
    ];
    expect(forms.at(-1)).toMatch(/[\u0660-\u0669]/);
    const missing = forms.flatMap((f) =>
      [...f.replace(/[\u200e\u200f\u061c\u202f]/g, '')].filter((c) => !fontHas(c.codePointAt(0)!)),
    );
    expect(missing).toEqual([]);
  });

  it('writes Arabic in Arabic, and counts incidents with each language’s plural rules', () => {
    const ar = translator(REPORT_STRINGS, 'ar');
    for (const key of ['title', 'secIncidents', 'verdictValid'] as const)
      expect(ar(key, VALUES)).toMatch(/[\u0600-\u06ff]/);
    expect(ar('incidentCount', { n: 2 })).toBe('حدثان أمنيان');
    expect(ar('incidentCount', { n: 1 })).toBe('حدث أمني واحد');
    expect(translator(REPORT_STRINGS, 'fr')('incidentCount', { n: 1 })).toBe('1 événement de sécurité');
    expect(translator(REPORT_STRINGS, 'en')('incidentCount', { n: 2 })).toBe('2 security events');
  });
});
