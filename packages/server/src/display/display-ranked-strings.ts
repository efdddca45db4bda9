/**
 * The results display's words for ranked contests (spec/server-api.md §12.5,
 * spec/ranked-choice.md §4), in every language of `@evident/i18n`, as ICU messages.
 * @module
 */
import type { Catalog } from '@evident/i18n';

/** A key of {@link DISPLAY_RANKED_STRINGS}. */
export type DisplayRankedKey =
  | 'rankedTitle'
  | 'notCounted'
  | 'method'
  | 'elected'
  | 'candidate'
  | 'round'
  | 'exhausted'
  | 'excludedMark'
  | 'electedMark'
  | 'surplusMark'
  | 'roundsCaption'
  | 'chartOf'
  | 'noBallots'
  | 'stageBefore'
  | 'stageMixing';

/** The catalog. */
export const DISPLAY_RANKED_STRINGS: Catalog<DisplayRankedKey> = {
  en: {
    rankedTitle: 'Ranked contests',
    notCounted:
      'Not counted yet. Ranked ballots are counted in public only after the polls close, once the trustees have mixed them (shuffled with proofs, so that no ballot can be traced to a voter) and decrypted the mixed ballots.',
    method:
      '{method, select, stv {Single transferable vote} other {Instant-runoff}}: {seats, plural, one {# seat} other {# seats}}, {ballots, plural, one {# valid ballot} other {# valid ballots}}.',
    elected: 'Elected: {names}',
    candidate: 'Candidate',
    round: 'Round {n, number}',
    exhausted: 'Exhausted',
    excludedMark: 'excluded',
    electedMark: 'elected',
    surplusMark: 'surplus transferred',
    roundsCaption: '{contest}: votes per round',
    chartOf: 'Chart of {contest}, round by round; the table below gives the figures.',
    noBallots: 'No ranked ballot was cast in this contest.',
    stageBefore: 'Now: voting or the online tally is not over yet; the mix starts after the tally.',
    stageMixing: 'Now: the trustees are mixing the ranked ballots; they decrypt them next.',
  },
  fr: {
    rankedTitle: 'Scrutins à classement',
    notCounted:
      'Pas encore dépouillé. Les bulletins à classement sont dépouillés en public seulement après la clôture, une fois que les garants les ont mélangés (brassage prouvé, pour qu’aucun bulletin ne puisse être relié à un électeur) et ont déchiffré les bulletins mélangés.',
    method:
      '{method, select, stv {Vote unique transférable} other {Vote alternatif}} : {seats, plural, one {# siège} other {# sièges}}, {ballots, plural, one {# bulletin valable} other {# bulletins valables}}.',
    elected: 'Élu(e)s : {names}',
    candidate: 'Candidat',
    round: 'Tour {n, number}',
    exhausted: 'Épuisés',
    excludedMark: 'éliminé',
    electedMark: 'élu',
    surplusMark: 'surplus transféré',
    roundsCaption: '{contest} : voix par tour',
    chartOf: 'Graphique de {contest}, tour par tour ; le tableau ci-dessous en donne les chiffres.',
    noBallots: 'Aucun bulletin à classement n’a été déposé pour ce scrutin.',
    stageBefore:
      'En ce moment : le vote ou le décompte en ligne n’est pas terminé ; le brassage commence après le décompte.',
    stageMixing:
      'En ce moment : les garants mélangent les bulletins à classement ; ils les déchiffreront ensuite.',
  },
  ar: {
    rankedTitle: 'الاقتراعات بالترتيب التفضيلي',
    notCounted:
      'لم يتم الفرز بعد. لا تُفرز بطاقات الترتيب التفضيلي علنًا إلا بعد إغلاق الاقتراع، بعد أن يخلطها الأمناء (خلطًا مُثبتًا بالبراهين حتى لا يمكن ربط أي بطاقة بناخب) ويفكّوا تشفير البطاقات المخلوطة.',
    method:
      '{method, select, stv {الصوت الواحد القابل للتحويل} other {الجولات الفورية}}: {seats, plural, zero {لا مقاعد} one {مقعد واحد} two {مقعدان} few {# مقاعد} many {# مقعدًا} other {# مقعد}}، {ballots, plural, zero {لا بطاقات صحيحة} one {بطاقة صحيحة واحدة} two {بطاقتان صحيحتان} few {# بطاقات صحيحة} many {# بطاقة صحيحة} other {# بطاقة صحيحة}}.',
    elected: 'الفائزون: {names}',
    candidate: 'المرشح',
    round: 'الجولة {n, number}',
    exhausted: 'بطاقات مستنفدة',
    excludedMark: 'مُستبعَد',
    electedMark: 'فائز',
    surplusMark: 'نُقل الفائض',
    roundsCaption: '{contest}: الأصوات في كل جولة',
    chartOf: 'رسم بياني لـ {contest} جولةً بجولة؛ يعرض الجدول أدناه الأرقام.',
    noBallots: 'لم تُدلَ أي بطاقة ترتيب تفضيلي في هذا الاقتراع.',
    stageBefore: 'الآن: لم ينتهِ التصويت أو الفرز الإلكتروني بعد؛ يبدأ الخلط بعد الفرز.',
    stageMixing: 'الآن: يخلط الأمناء بطاقات الترتيب التفضيلي، ثم يفكّون تشفيرها.',
  },
};
