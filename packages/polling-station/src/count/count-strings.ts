/**
 * The counting page's words (spec/stations.md §5, spec/i18n.md) in every language of
 * `@evident/i18n`, as ICU messages. Refusals worded by the counting rules themselves (the clock
 * policy, the session) are shown as those rules write them.
 * @module
 */
import type { Catalog } from '@evident/i18n';

const en = {
  title: 'Counting',
  startHeading: 'Start counting',
  startsAt: 'Counting starts at {at} ({zone}), by the station clock corrected against the server’s.',
  start: 'Start counting',
  overrideSummary: 'The station never reached the server: override the clock check',
  overrideHelp:
    'Two poll workers decide together, with a reason; the sheet records it. Counting then waits 2 minutes more on the station clock.',
  reason: 'Reason',
  second: 'Second poll worker',
  secondPin: 'Their PIN or passphrase',
  startOverride: 'Start with the override',
  scanHeading: 'Scan ballots',
  scanHelp:
    'One ballot at a time in front of the camera; set it aside after the answer. Or choose photos of ballots.',
  camera: 'Use the camera',
  images: 'Ballot images',
  scanCounted: 'Counted (ballot-marking device)',
  scanMarks: 'Hand-marked ballot: enter its marks',
  scanRefused: 'REFUSED',
  scanNoCode: 'no QR code found; photograph it again',
  scanNoCamera: 'No camera; choose ballot images instead',
  marksHeading: 'Marks of the hand-marked ballot just scanned',
  marksHelp: 'Tick exactly what the voter marked (more than the limit is an overvote); none for a blank.',
  limit: '{name} (limit {n, number})',
  countBallot: 'Count this ballot',
  endHeading: 'End counting',
  explain: 'If ballots counted differ from voters checked in, why',
  end: 'End counting',
  sheetHeading: 'Tally sheet',
  sheet: 'Sheet {n, number}:',
  sign: 'Sign the tally sheet',
  correctionReason: 'Reason for the correction',
  signCorrected: 'Sign a corrected sheet',
  reopen: 'Reopen counting',
  state: 'Signed in: {worker}. Started: {started}. Finished: {finished}.',
  notYet: 'not yet',
  no: 'no',
  counted:
    'Ballots counted: {bmd} from the ballot-marking device, {hand} hand-marked; voters checked in: {checkIns, number}.',
  refusedScans: 'Refused scans',
} as const;

/** The counting page's keys. */
export type CountKey = keyof typeof en;

/** The counting page's catalog. */
export const COUNT_CATALOG: Catalog<CountKey> = {
  en,
  fr: {
    title: 'Dépouillement',
    startHeading: 'Commencer le dépouillement',
    startsAt:
      'Le dépouillement commence à {at} ({zone}), selon l’horloge du bureau corrigée par celle du serveur.',
    start: 'Commencer le dépouillement',
    overrideSummary: 'Le bureau n’a jamais joint le serveur : passer outre le contrôle de l’horloge',
    overrideHelp:
      'Deux assesseurs décident ensemble, avec une raison ; la feuille l’enregistre. Le dépouillement attend alors 2 minutes de plus à l’horloge du bureau.',
    reason: 'Raison',
    second: 'Second assesseur',
    secondPin: 'Son code PIN ou sa phrase secrète',
    startOverride: 'Commencer en passant outre',
    scanHeading: 'Lire les bulletins',
    scanHelp:
      'Un bulletin à la fois devant la caméra ; mettez-le de côté après la réponse. Ou choisissez des photos de bulletins.',
    camera: 'Utiliser la caméra',
    images: 'Images de bulletins',
    scanCounted: 'Compté (machine à voter)',
    scanMarks: 'Bulletin marqué à la main : saisissez ses marques',
    scanRefused: 'REFUSÉ',
    scanNoCode: 'aucun code QR trouvé ; photographiez-le de nouveau',
    scanNoCamera: 'Pas de caméra ; choisissez plutôt des images de bulletins',
    marksHeading: 'Marques du bulletin marqué à la main qui vient d’être lu',
    marksHelp:
      'Cochez exactement ce que l’électeur a marqué (au-delà de la limite, c’est un survote) ; rien pour un blanc.',
    limit: '{name} (limite {n, number})',
    countBallot: 'Compter ce bulletin',
    endHeading: 'Terminer le dépouillement',
    explain: 'Si les bulletins comptés diffèrent des électeurs émargés, pourquoi',
    end: 'Terminer le dépouillement',
    sheetHeading: 'Feuille de dépouillement',
    sheet: 'Feuille {n, number} :',
    sign: 'Signer la feuille de dépouillement',
    correctionReason: 'Raison de la rectification',
    signCorrected: 'Signer une feuille rectifiée',
    reopen: 'Rouvrir le dépouillement',
    state: 'Connecté : {worker}. Commencé : {started}. Terminé : {finished}.',
    notYet: 'pas encore',
    no: 'non',
    counted:
      'Bulletins comptés : {bmd} de la machine à voter, {hand} marqués à la main ; électeurs émargés : {checkIns, number}.',
    refusedScans: 'Lectures refusées',
  },
  ar: {
    title: 'الفرز',
    startHeading: 'بدء الفرز',
    startsAt: 'يبدأ الفرز في {at} ({zone})، بحسب ساعة المركز مصحّحة بساعة الخادم.',
    start: 'ابدأ الفرز',
    overrideSummary: 'لم يتصل المركز بالخادم قط: تجاوز فحص الساعة',
    overrideHelp:
      'يقرر موظفا اقتراع معًا، مع ذكر السبب؛ وتسجّل الورقة ذلك. ثم ينتظر الفرز دقيقتين إضافيتين بساعة المركز.',
    reason: 'السبب',
    second: 'موظف الاقتراع الثاني',
    secondPin: 'رقمه السري أو عبارة مروره',
    startOverride: 'ابدأ مع التجاوز',
    scanHeading: 'قراءة البطاقات',
    scanHelp: 'بطاقة واحدة في كل مرة أمام الكاميرا؛ ضعها جانبًا بعد الرد. أو اختر صورًا للبطاقات.',
    camera: 'استخدم الكاميرا',
    images: 'صور البطاقات',
    scanCounted: 'احتُسبت (جهاز التأشير)',
    scanMarks: 'بطاقة مؤشّر عليها يدويًا: أدخل علاماتها',
    scanRefused: 'مرفوضة',
    scanNoCode: 'لم يُعثر على رمز QR؛ صوّرها مجددًا',
    scanNoCamera: 'لا توجد كاميرا؛ اختر صور البطاقات بدلًا من ذلك',
    marksHeading: 'علامات البطاقة المؤشّر عليها يدويًا التي قُرئت للتو',
    marksHelp: 'أشّر تمامًا على ما أشّر عليه الناخب (ما زاد على الحد تصويت زائد)؛ ولا شيء للورقة البيضاء.',
    limit: '{name} (الحد {n, number})',
    countBallot: 'احتسب هذه البطاقة',
    endHeading: 'إنهاء الفرز',
    explain: 'إن اختلفت البطاقات المحتسبة عن الناخبين المسجّل حضورهم، فلماذا',
    end: 'أنهِ الفرز',
    sheetHeading: 'ورقة الفرز',
    sheet: 'الورقة {n, number}:',
    sign: 'وقّع ورقة الفرز',
    correctionReason: 'سبب التصحيح',
    signCorrected: 'وقّع ورقة مصحّحة',
    reopen: 'أعد فتح الفرز',
    state: 'المسجّل دخوله: {worker}. البدء: {started}. الانتهاء: {finished}.',
    notYet: 'لم يبدأ بعد',
    no: 'لا',
    counted:
      'البطاقات المحتسبة: {bmd} من جهاز التأشير، و{hand} مؤشّر عليها يدويًا؛ الناخبون المسجّل حضورهم: {checkIns, number}.',
    refusedScans: 'القراءات المرفوضة',
  },
};
