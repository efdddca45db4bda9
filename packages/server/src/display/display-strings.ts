/**
 * The results display's words (spec/server-api.md §12.5, spec/i18n.md) in every language of
 * `@evident/i18n`, as ICU messages formatted by `translator(DISPLAY_CATALOG, lang)`.
 * @module
 */
import type { Catalog } from '@evident/i18n';

const en = {
  title: 'Election results',
  languages: 'Language',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  lastUpdate: 'Last update: {at, time, medium}',
  turnout: 'Turnout',
  online: 'Online',
  paper: 'Paper',
  total: 'Total',
  onlineTurnout: 'Online ballots counted',
  eligible: 'Credentials issued',
  challenged: 'Challenged (not counted)',
  stations: 'Polling stations',
  stationsReported: 'Stations reported',
  stationsHeadline: 'Stations reported: {of}',
  reportedOf: '{reported, number} of {expected, number}',
  district: 'District',
  station: 'Station',
  checkIns: 'Check-ins',
  ballots: 'Paper ballots',
  correction: '{n, plural, one {corrected once} other {corrected # times}}',
  noStation:
    'No polling station has reported yet. Station results appear once counting may start ({time}) and a tally sheet is accepted.',
  results: 'Results',
  option: 'Choice',
  votes: 'Votes',
  share: 'Share',
  notDecrypted:
    'Online result not yet decrypted: the trustees have not decrypted the online tally, so the figures below are paper only.',
  decrypted: 'Online result decrypted by the trustees.',
  noVotes: 'No votes to show yet.',
  stationReported: 'Station {station} reported (sheet {n, number}).',
  updated: 'Results updated at {at, time, medium}.',
  chartOf: 'Chart of {contest}; the table below gives the figures.',
} as const;

/** The display's keys. */
export type DisplayKey = keyof typeof en;

/** The display's catalog. */
export const DISPLAY_CATALOG: Catalog<DisplayKey> = {
  en,
  fr: {
    title: 'Résultats de l’élection',
    languages: 'Langue',
    connecting: 'Connexion…',
    live: 'En direct',
    reconnecting: 'Reconnexion…',
    lastUpdate: 'Dernière mise à jour : {at, time, medium}',
    turnout: 'Participation',
    online: 'En ligne',
    paper: 'Papier',
    total: 'Total',
    onlineTurnout: 'Bulletins en ligne comptés',
    eligible: 'Identifiants délivrés',
    challenged: 'Contestés (non comptés)',
    stations: 'Bureaux de vote',
    stationsReported: 'Bureaux ayant transmis',
    stationsHeadline: 'Bureaux ayant transmis : {of}',
    reportedOf: '{reported, number} sur {expected, number}',
    district: 'Circonscription',
    station: 'Bureau',
    checkIns: 'Émargements',
    ballots: 'Bulletins papier',
    correction: '{n, plural, one {rectifié une fois} other {rectifié # fois}}',
    noStation:
      'Aucun bureau de vote n’a encore transmis. Les résultats des bureaux apparaissent une fois le dépouillement permis ({time}) et une feuille de dépouillement acceptée.',
    results: 'Résultats',
    option: 'Choix',
    votes: 'Voix',
    share: 'Part',
    notDecrypted:
      'Résultat en ligne pas encore déchiffré : les garants n’ont pas déchiffré le décompte en ligne ; les chiffres ci-dessous sont ceux du papier seul.',
    decrypted: 'Résultat en ligne déchiffré par les garants.',
    noVotes: 'Aucune voix à afficher pour l’instant.',
    stationReported: 'Le bureau {station} a transmis (feuille {n, number}).',
    updated: 'Résultats mis à jour à {at, time, medium}.',
    chartOf: 'Graphique de {contest} ; le tableau ci-dessous en donne les chiffres.',
  },
  ar: {
    title: 'نتائج الانتخاب',
    languages: 'اللغة',
    connecting: 'جارٍ الاتصال…',
    live: 'مباشر',
    reconnecting: 'جارٍ إعادة الاتصال…',
    lastUpdate: 'آخر تحديث: {at, time, medium}',
    turnout: 'نسبة المشاركة',
    online: 'عبر الإنترنت',
    paper: 'ورقي',
    total: 'المجموع',
    onlineTurnout: 'البطاقات الإلكترونية المحتسبة',
    eligible: 'الاعتمادات الصادرة',
    challenged: 'المطعون فيها (غير محتسبة)',
    stations: 'مراكز الاقتراع',
    stationsReported: 'المراكز التي أرسلت نتائجها',
    stationsHeadline: 'المراكز التي أرسلت نتائجها: {of}',
    reportedOf: '{reported, number} من {expected, number}',
    district: 'الدائرة',
    station: 'المركز',
    checkIns: 'تسجيلات الحضور',
    ballots: 'البطاقات الورقية',
    correction:
      '{n, plural, zero {بلا تصحيح} one {صُحّح مرة واحدة} two {صُحّح مرتين} few {صُحّح # مرات} many {صُحّح # مرة} other {صُحّح # مرة}}',
    noStation:
      'لم يرسل أي مركز اقتراع نتائجه بعد. تظهر نتائج المراكز بعد أن يصبح الفرز مسموحًا ({time}) وتُقبل ورقة فرز.',
    results: 'النتائج',
    option: 'الخيار',
    votes: 'الأصوات',
    share: 'النسبة',
    notDecrypted:
      'لم تُفك تعمية النتيجة الإلكترونية بعد: لم يفك الأمناء تعمية الفرز الإلكتروني، لذا فالأرقام أدناه للورق وحده.',
    decrypted: 'فكّ الأمناء تعمية النتيجة الإلكترونية.',
    noVotes: 'لا أصوات لعرضها بعد.',
    stationReported: 'أرسل المركز {station} نتائجه (الورقة {n, number}).',
    updated: 'حُدّثت النتائج في {at, time, medium}.',
    chartOf: 'رسم بياني لـ{contest}؛ يعطي الجدول أدناه الأرقام.',
  },
};
