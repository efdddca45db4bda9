/**
 * The tracker page's words (spec/tracker.md §6, spec/i18n.md) in every language of
 * `@evident/i18n`, as ICU messages formatted by `translator(TRACKER_CATALOG, lang)`.
 * @module
 */
import type { Catalog } from '@evident/i18n';

const en = {
  title: 'Track your ballot',
  languages: 'Language',
  intro:
    'Enter the tracking code of your ballot and give the log key from your receipt file (or paste it). Your browser checks what the server answers against that key.',
  code: 'Tracking code (64 characters)',
  codeHint: 'Optional when you choose your receipt file: its code is used.',
  receipt: 'Receipt file (optional)',
  receiptHint: 'The file the voting page offered to keep after you voted. It also holds the log key.',
  key: 'Log key (64 characters, optional with a receipt file that holds it)',
  keyHint:
    'Take it from your receipt, your credential letter or the election authority, not from this server.',
  check: 'Check',
  checking: 'Checking… reading the bulletin board.',
  found:
    'Found and proved: your ballot is entry {index, number} of the bulletin board, which holds {size, plural, one {# entry} other {# entries}} under a tree head signed with your key.',
  foundChallenged:
    'Found and proved: your challenged (not counted) ballot is entry {index, number} of the bulletin board, which holds {size, plural, one {# entry} other {# entries}} under a tree head signed with your key.',
  foundReceipt:
    'The board today extends the one your receipt was signed on: nothing before your ballot was rewritten.',
  unknownCode:
    'Unknown code: no ballot with this tracking code is on the bulletin board. Check the code you typed.',
  wrongKey:
    'Wrong key: this bulletin board is not signed with the key you gave. Check the key; if it is the one from your receipt, report it to the election authority.',
  fork: 'The log answers inconsistently: it no longer extends the tree head signed on your receipt (a fork of the log). Keep your receipt file: it is evidence. Report it to the election authority.',
  inconsistent:
    'The log answers inconsistently: its signed answer does not check ({why}). Keep your receipt file and report it to the election authority.',
  unreachable: 'The server could not be reached or does not know this election. Try again later.',
  badCode: 'The tracking code must be 64 characters, digits 0–9 and letters A–F.',
  badKey:
    'The log key must be 64 characters, digits 0–9 and letters A–F (or choose a receipt file that holds it).',
  badReceipt: 'This file is not a receipt file (field {field}).',
  keyDiffers: 'The key you pasted is not the one in your receipt file.',
  codeDiffers: 'The tracking code you typed is not the one in your receipt file.',
  otherElection: 'This receipt file is for another election.',
} as const;

/** The tracker's keys. */
export type TrackerKey = keyof typeof en;

/** The tracker's catalog. */
export const TRACKER_CATALOG: Catalog<TrackerKey> = {
  en,
  fr: {
    title: 'Suivre votre bulletin',
    languages: 'Langue',
    intro:
      'Saisissez le code de suivi de votre bulletin et donnez la clé du registre de votre fichier de reçu (ou collez-la). Votre navigateur vérifie les réponses du serveur avec cette clé.',
    code: 'Code de suivi (64 caractères)',
    codeHint: 'Facultatif si vous choisissez votre fichier de reçu : son code est utilisé.',
    receipt: 'Fichier de reçu (facultatif)',
    receiptHint:
      'Le fichier que la page de vote vous a proposé de garder après votre vote. Il contient aussi la clé du registre.',
    key: 'Clé du registre (64 caractères, facultative avec un fichier de reçu qui la contient)',
    keyHint:
      'Prenez-la sur votre reçu, votre courrier d’identifiant ou auprès de l’autorité électorale, pas sur ce serveur.',
    check: 'Vérifier',
    checking: 'Vérification… lecture du tableau d’affichage.',
    found:
      'Trouvé et prouvé : votre bulletin est l’entrée {index, number} du tableau d’affichage, qui en compte {size, number} sous une tête d’arbre signée avec votre clé.',
    foundChallenged:
      'Trouvé et prouvé : votre bulletin contesté (non compté) est l’entrée {index, number} du tableau d’affichage, qui en compte {size, number} sous une tête d’arbre signée avec votre clé.',
    foundReceipt:
      'Le tableau d’aujourd’hui prolonge celui sur lequel votre reçu a été signé : rien avant votre bulletin n’a été réécrit.',
    unknownCode:
      'Code inconnu : aucun bulletin de ce code de suivi n’est au tableau d’affichage. Vérifiez le code saisi.',
    wrongKey:
      'Mauvaise clé : ce tableau d’affichage n’est pas signé avec la clé donnée. Vérifiez la clé ; si c’est celle de votre reçu, signalez-le à l’autorité électorale.',
    fork: 'Le registre répond de façon incohérente : il ne prolonge plus la tête d’arbre signée sur votre reçu (une bifurcation du registre). Gardez votre fichier de reçu : c’est une preuve. Signalez-le à l’autorité électorale.',
    inconsistent:
      'Le registre répond de façon incohérente : sa réponse signée ne se vérifie pas ({why}). Gardez votre fichier de reçu et signalez-le à l’autorité électorale.',
    unreachable: 'Le serveur est injoignable ou ne connaît pas cette élection. Réessayez plus tard.',
    badCode: 'Le code de suivi doit compter 64 caractères, chiffres 0 à 9 et lettres A à F.',
    badKey:
      'La clé du registre doit compter 64 caractères, chiffres 0 à 9 et lettres A à F (ou choisissez un fichier de reçu qui la contient).',
    badReceipt: 'Ce fichier n’est pas un fichier de reçu (champ {field}).',
    keyDiffers: 'La clé collée n’est pas celle de votre fichier de reçu.',
    codeDiffers: 'Le code de suivi saisi n’est pas celui de votre fichier de reçu.',
    otherElection: 'Ce fichier de reçu est celui d’une autre élection.',
  },
  ar: {
    title: 'تتبّع بطاقة اقتراعك',
    languages: 'اللغة',
    intro:
      'أدخل رمز تتبّع بطاقتك وأعطِ مفتاح السجل من ملف الإيصال (أو الصقه). يتحقق متصفحك من إجابات الخادم بهذا المفتاح.',
    code: 'رمز التتبّع (64 محرفًا)',
    codeHint: 'اختياري إذا اخترت ملف الإيصال: يُستخدم الرمز الموجود فيه.',
    receipt: 'ملف الإيصال (اختياري)',
    receiptHint: 'الملف الذي عرضت عليك صفحة التصويت الاحتفاظ به بعد تصويتك. يحتوي أيضًا على مفتاح السجل.',
    key: 'مفتاح السجل (64 محرفًا، اختياري مع ملف إيصال يحتويه)',
    keyHint: 'خذه من إيصالك أو من رسالة الاعتماد أو من السلطة الانتخابية، لا من هذا الخادم.',
    check: 'تحقّق',
    checking: 'جارٍ التحقق… قراءة لوحة النشر.',
    found:
      'وُجدت وثبتت: بطاقتك هي المدخل {index, number} في لوحة النشر، التي تضم {size, plural, zero {لا مدخلات} one {مدخلًا واحدًا} two {مدخلين} few {# مدخلات} many {# مدخلًا} other {# مدخل}} تحت رأس شجرة موقّع بمفتاحك.',
    foundChallenged:
      'وُجدت وثبتت: بطاقتك المطعون فيها (غير المحتسبة) هي المدخل {index, number} في لوحة النشر، التي تضم {size, plural, zero {لا مدخلات} one {مدخلًا واحدًا} two {مدخلين} few {# مدخلات} many {# مدخلًا} other {# مدخل}} تحت رأس شجرة موقّع بمفتاحك.',
    foundReceipt: 'لوحة اليوم امتداد للوحة التي وُقّع عليها إيصالك: لم يُعَد كتابة أي شيء قبل بطاقتك.',
    unknownCode: 'رمز غير معروف: لا توجد على لوحة النشر بطاقة بهذا الرمز. تحقق من الرمز الذي كتبته.',
    wrongKey:
      'مفتاح خاطئ: لوحة النشر هذه غير موقّعة بالمفتاح الذي أعطيته. تحقق من المفتاح؛ وإن كان مفتاح إيصالك فأبلغ السلطة الانتخابية.',
    fork: 'السجل يجيب بتناقض: لم يعد امتدادًا لرأس الشجرة الموقّع على إيصالك (تفرّع في السجل). احتفظ بملف الإيصال: إنه دليل. أبلغ السلطة الانتخابية.',
    inconsistent:
      'السجل يجيب بتناقض: إجابته الموقّعة لا تجتاز التحقق ({why}). احتفظ بملف الإيصال وأبلغ السلطة الانتخابية.',
    unreachable: 'تعذّر الوصول إلى الخادم أو أنه لا يعرف هذا الانتخاب. أعد المحاولة لاحقًا.',
    badCode: 'يجب أن يتكون رمز التتبّع من 64 محرفًا: أرقام من 0 إلى 9 وحروف من A إلى F.',
    badKey:
      'يجب أن يتكون مفتاح السجل من 64 محرفًا: أرقام من 0 إلى 9 وحروف من A إلى F (أو اختر ملف إيصال يحتويه).',
    badReceipt: 'هذا الملف ليس ملف إيصال (الحقل {field}).',
    keyDiffers: 'المفتاح الذي لصقته ليس المفتاح الموجود في ملف إيصالك.',
    codeDiffers: 'رمز التتبّع الذي كتبته ليس الرمز الموجود في ملف إيصالك.',
    otherElection: 'ملف الإيصال هذا خاص بانتخاب آخر.',
  },
};
