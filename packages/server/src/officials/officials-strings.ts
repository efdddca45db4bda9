/**
 * The officials' alerts page's words (spec/server-api.md §12.4), in every language of
 * `@evident/i18n` (a missing translation does not compile), as ICU messages. An alert's kind is
 * named here; its reason is the server's own sentence (English), shown as it was recorded.
 * @module
 */
import type { Catalog } from '@evident/i18n';

/** The alert kinds the server's rules record (spec/server-api.md §6.4), each with its name key. */
export const ALERT_KINDS = {
  'anomaly-refusal-burst': 'kindRefusalBurst',
  'anomaly-credential-burst': 'kindCredentialBurst',
  'anomaly-turnout-above-roll': 'kindTurnoutAboveRoll',
  'anomaly-turnout-outlier': 'kindTurnoutOutlier',
  'anomaly-sheet-corrections': 'kindSheetCorrections',
  'anomaly-station-silent': 'kindStationSilent',
  'anomaly-head-not-extended': 'kindHeadNotExtended',
} as const;

type KindKey = (typeof ALERT_KINDS)[keyof typeof ALERT_KINDS];

/** The page's message keys. */
export type OfficialsKey =
  | 'title'
  | 'intro'
  | 'language'
  | 'tokenLabel'
  | 'tokenHelp'
  | 'show'
  | 'forget'
  | 'alertsHeading'
  | 'count'
  | 'newAlerts'
  | 'updated'
  | 'colTime'
  | 'colKind'
  | 'colStation'
  | 'colReason'
  | 'colAddress'
  | 'noStation'
  | 'tokenMissing'
  | 'tokenRefused'
  | 'unreachable'
  | 'reasonNote'
  | KindKey;

/** The catalog. */
export const OFFICIALS_STRINGS: Catalog<OfficialsKey> = {
  en: {
    title: 'Security alerts',
    intro:
      "The alerts raised by the server's anomaly rules for election {election}, newest first, updated every few seconds. They are for officials and observers: enter your observer or administrator token.",
    language: 'Language',
    tokenLabel: 'Observer token',
    tokenHelp: 'Kept in this browser tab only (session storage) and sent only to this server.',
    show: 'Show the alerts',
    forget: 'Forget the token',
    alertsHeading: 'Alerts',
    count: '{n, plural, =0 {No alert so far.} one {# alert.} other {# alerts.}}',
    newAlerts: '{n, plural, one {# new alert} other {# new alerts}}: {kind}',
    updated: 'Updated at {at, time, medium}.',
    colTime: 'Time',
    colKind: 'Alert',
    colStation: 'Station',
    colReason: 'Reason (as recorded by the server)',
    colAddress: 'Client address',
    noStation: '—',
    tokenMissing: 'Enter a token.',
    tokenRefused: "This token was refused: it must be an observer's or an administrator's token.",
    unreachable: 'The server cannot be reached; trying again in a few seconds.',
    reasonNote: 'The reasons are the server’s own words, in English.',
    kindRefusalBurst: 'Burst of refused ballots from one address',
    kindCredentialBurst: 'Burst of refused ballots for one credential',
    kindTurnoutAboveRoll: 'More ballots than voters on the station’s roll',
    kindTurnoutOutlier: 'Station turnout far from its district’s',
    kindSheetCorrections: 'Tally sheet corrected more than once',
    kindStationSilent: 'Station silent past counting time',
    kindHeadNotExtended: 'The log no longer extends a signed tree head',
  },
  fr: {
    title: 'Alertes de sécurité',
    intro:
      'Les alertes levées par les règles d’anomalie du serveur pour l’élection {election}, les plus récentes en premier, mises à jour toutes les quelques secondes. Elles sont réservées aux responsables et aux observateurs : saisissez votre jeton d’observateur ou d’administrateur.',
    language: 'Langue',
    tokenLabel: 'Jeton d’observateur',
    tokenHelp: 'Conservé dans cet onglet seulement (stockage de session) et envoyé seulement à ce serveur.',
    show: 'Afficher les alertes',
    forget: 'Oublier le jeton',
    alertsHeading: 'Alertes',
    count: '{n, plural, =0 {Aucune alerte pour l’instant.} one {# alerte.} other {# alertes.}}',
    newAlerts: '{n, plural, one {# nouvelle alerte} other {# nouvelles alertes}} : {kind}',
    updated: 'Mis à jour à {at, time, medium}.',
    colTime: 'Heure',
    colKind: 'Alerte',
    colStation: 'Bureau',
    colReason: 'Motif (tel qu’enregistré par le serveur)',
    colAddress: 'Adresse du client',
    noStation: '—',
    tokenMissing: 'Saisissez un jeton.',
    tokenRefused: 'Ce jeton a été refusé : il doit s’agir d’un jeton d’observateur ou d’administrateur.',
    unreachable: 'Le serveur est injoignable ; nouvel essai dans quelques secondes.',
    reasonNote: 'Les motifs sont les mots du serveur, en anglais.',
    kindRefusalBurst: 'Rafale de bulletins refusés depuis une adresse',
    kindCredentialBurst: 'Rafale de bulletins refusés pour un même identifiant de vote',
    kindTurnoutAboveRoll: 'Plus de bulletins que d’électeurs inscrits au bureau',
    kindTurnoutOutlier: 'Participation du bureau très éloignée de celle de sa circonscription',
    kindSheetCorrections: 'Procès-verbal corrigé plus d’une fois',
    kindStationSilent: 'Bureau muet après l’heure du dépouillement',
    kindHeadNotExtended: 'Le registre ne prolonge plus une tête d’arbre signée',
  },
  ar: {
    title: 'تنبيهات الأمن',
    intro:
      'التنبيهات التي أطلقتها قواعد كشف الشذوذ في الخادم للانتخاب {election}، الأحدث أولاً، وتُحدَّث كل بضع ثوانٍ. وهي مخصّصة للمسؤولين والمراقبين: أدخل رمز المراقب أو رمز المسؤول الخاص بك.',
    language: 'اللغة',
    tokenLabel: 'رمز المراقب',
    tokenHelp: 'يُحفظ في علامة التبويب هذه فقط (تخزين الجلسة) ولا يُرسَل إلا إلى هذا الخادم.',
    show: 'عرض التنبيهات',
    forget: 'نسيان الرمز',
    alertsHeading: 'التنبيهات',
    count:
      '{n, plural, =0 {لا توجد تنبيهات حتى الآن.} zero {لا توجد تنبيهات.} one {تنبيه واحد.} two {تنبيهان.} few {# تنبيهات.} many {# تنبيهًا.} other {# تنبيه.}}',
    newAlerts:
      '{n, plural, zero {لا تنبيهات جديدة} one {تنبيه جديد واحد} two {تنبيهان جديدان} few {# تنبيهات جديدة} many {# تنبيهًا جديدًا} other {# تنبيه جديد}}: {kind}',
    updated: 'آخر تحديث في {at, time, medium}.',
    colTime: 'الوقت',
    colKind: 'التنبيه',
    colStation: 'مكتب الاقتراع',
    colReason: 'السبب (كما سجّله الخادم)',
    colAddress: 'عنوان العميل',
    noStation: '—',
    tokenMissing: 'أدخل رمزًا.',
    tokenRefused: 'رُفض هذا الرمز: يجب أن يكون رمز مراقب أو رمز مسؤول.',
    unreachable: 'تعذّر الوصول إلى الخادم؛ ستُعاد المحاولة بعد بضع ثوانٍ.',
    reasonNote: 'الأسباب بكلمات الخادم نفسه، باللغة الإنجليزية.',
    kindRefusalBurst: 'سلسلة من بطاقات الاقتراع المرفوضة من عنوان واحد',
    kindCredentialBurst: 'سلسلة من بطاقات الاقتراع المرفوضة لاعتماد تصويت واحد',
    kindTurnoutAboveRoll: 'بطاقات اقتراع أكثر من الناخبين المسجّلين في المكتب',
    kindTurnoutOutlier: 'نسبة مشاركة في المكتب بعيدة جدًا عن نسبة دائرته',
    kindSheetCorrections: 'محضر فرز صُحّح أكثر من مرة',
    kindStationSilent: 'مكتب اقتراع صامت بعد موعد الفرز',
    kindHeadNotExtended: 'السجل لم يعد يمتد من رأس شجرة موقَّع',
  },
};
