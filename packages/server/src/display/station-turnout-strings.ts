/**
 * The results display's words for the live turnout of polling stations before their sheet
 * (spec/server-api.md §12.3 `paper.checkIns`, §12.5), in every language of `@evident/i18n`.
 * @module
 */
import type { Catalog } from '@evident/i18n';

/** A key of {@link STATION_TURNOUT_STRINGS}. */
export type StationTurnoutKey =
  'title' | 'intro' | 'total' | 'station' | 'district' | 'checkIns' | 'allReported';

/** The catalog. */
export const STATION_TURNOUT_STRINGS: Catalog<StationTurnoutKey> = {
  en: {
    title: 'Turnout at stations not yet reported',
    intro:
      'Voters checked in so far at each polling station whose tally sheet has not arrived (live; the sheet replaces it).',
    total:
      '{n, plural, one {# voter checked in} other {# voters checked in}} at {stations, plural, one {# station} other {# stations}} still to report.',
    station: 'Station',
    district: 'District',
    checkIns: 'Checked in so far',
    allReported: 'Every polling station has reported.',
  },
  fr: {
    title: 'Participation dans les bureaux qui n’ont pas encore transmis',
    intro:
      'Électeurs émargés jusqu’ici dans chaque bureau de vote dont la feuille de dépouillement n’est pas arrivée (en direct ; la feuille la remplace).',
    total:
      '{n, plural, one {# électeur émargé} other {# électeurs émargés}} dans {stations, plural, one {# bureau} other {# bureaux}} qui n’ont pas encore transmis.',
    station: 'Bureau',
    district: 'Circonscription',
    checkIns: 'Émargements jusqu’ici',
    allReported: 'Tous les bureaux de vote ont transmis.',
  },
  ar: {
    title: 'نسبة المشاركة في المراكز التي لم ترسل نتائجها بعد',
    intro:
      'عدد الناخبين المسجّل حضورهم حتى الآن في كل مركز اقتراع لم تصل ورقة فرزه بعد (مباشرة؛ وتحلّ الورقة محلّه عند وصولها).',
    total:
      '{n, plural, zero {لم يُسجَّل حضور أي ناخب} one {ناخب واحد سُجّل حضوره} two {ناخبان سُجّل حضورهما} few {# ناخبين سُجّل حضورهم} many {# ناخبًا سُجّل حضورهم} other {# ناخب سُجّل حضورهم}} في {stations, plural, zero {لا مراكز} one {مركز واحد} two {مركزين} few {# مراكز} many {# مركزًا} other {# مركز}} لم ترسل نتائجها بعد.',
    station: 'المركز',
    district: 'الدائرة',
    checkIns: 'الحضور حتى الآن',
    allReported: 'أرسلت جميع مراكز الاقتراع نتائجها.',
  },
};
