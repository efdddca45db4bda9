/**
 * The voter page's words for its display settings (high contrast, text size), for sending the
 * same encrypted ballot again after a lost connection, and for the server's refusals that a
 * voter can act on (spec/server-api.md §5.5). ICU messages (`@evident/i18n`), in English,
 * French and Arabic; the page's other words are in `voter-strings.ts`.
 * @module
 */
import type { Catalog } from '@evident/i18n';

/** The keys of {@link VOTER_STATE_STRINGS}. */
export type VoterStateKey =
  | 'settings'
  | 'highContrast'
  | 'textSize'
  | 'textSizeOption'
  | 'retrying'
  | 'errNetworkKept'
  | 'resend'
  | 'errCancelled'
  | 'errClosed'
  | 'receiptUnchecked'
  | 'trackLink';

/** The voter page's state and settings messages in every language. */
export const VOTER_STATE_STRINGS: Catalog<VoterStateKey> = {
  en: {
    settings: 'Display settings',
    highContrast: 'High contrast',
    textSize: 'Text size',
    textSizeOption: '{size, number, percent}',
    retrying:
      'The connection was lost. Sending the same encrypted ballot again (attempt {n, number} of {total, number})…',
    errNetworkKept:
      'The connection was lost while your ballot was being sent. This page keeps the same encrypted ballot: send it again when you are back online. If the first sending reached the server, your ballot is counted once, never twice.',
    resend: 'Send the same ballot again',
    errCancelled:
      'This credential was cancelled: its voter was checked in at a polling station, and the paper ballot counts. No online ballot can be cast with it.',
    errClosed: 'Voting is closed in this election: your ballot was not accepted.',
    receiptUnchecked:
      'Your ballot was received, but this page could not fetch the bulletin board entry to check it. Check it later with the ballot tracker.',
    trackLink: 'Check your ballot on the ballot tracker',
  },
  fr: {
    settings: 'Réglages d’affichage',
    highContrast: 'Contraste élevé',
    textSize: 'Taille du texte',
    textSizeOption: '{size, number, percent}',
    retrying:
      'La connexion a été perdue. Nouvel envoi du même bulletin chiffré (essai {n, number} sur {total, number})…',
    errNetworkKept:
      'La connexion a été perdue pendant l’envoi de votre bulletin. Cette page garde le même bulletin chiffré : renvoyez-le quand vous serez de nouveau en ligne. Si le premier envoi est arrivé au serveur, votre bulletin est compté une fois, jamais deux.',
    resend: 'Renvoyer le même bulletin',
    errCancelled:
      'Ce code de vote a été annulé : son électeur a été enregistré dans un bureau de vote, et c’est le bulletin papier qui compte. Aucun bulletin en ligne ne peut être déposé avec lui.',
    errClosed: 'Le vote est clos dans cette élection : votre bulletin n’a pas été accepté.',
    receiptUnchecked:
      'Votre bulletin a été reçu, mais cette page n’a pas pu lire l’entrée du tableau d’affichage pour le vérifier. Vérifiez-le plus tard avec le suivi de bulletin.',
    trackLink: 'Vérifier votre bulletin avec le suivi de bulletin',
  },
  ar: {
    settings: 'إعدادات العرض',
    highContrast: 'تباين عالٍ',
    textSize: 'حجم النص',
    textSizeOption: '{size, number, percent}',
    retrying:
      'انقطع الاتصال. جارٍ إرسال ورقة الاقتراع المشفّرة نفسها مرة أخرى (المحاولة {n, number} من {total, number})…',
    errNetworkKept:
      'انقطع الاتصال أثناء إرسال ورقة اقتراعك. تحتفظ هذه الصفحة بورقة الاقتراع المشفّرة نفسها: أعد إرسالها عند عودة الاتصال. إذا كان الإرسال الأول قد وصل إلى الخادم، فستُحتسب ورقتك مرة واحدة، ولن تُحتسب مرتين أبدًا.',
    resend: 'إعادة إرسال ورقة الاقتراع نفسها',
    errCancelled:
      'أُلغي رمز الاقتراع هذا: سُجّل حضور صاحبه في مكتب اقتراع، والورقة الورقية هي التي تُحتسب. لا يمكن الإدلاء بأي صوت عبر الإنترنت بهذا الرمز.',
    errClosed: 'انتهى التصويت في هذه الانتخابات: لم تُقبل ورقة اقتراعك.',
    receiptUnchecked:
      'استُلمت ورقة اقتراعك، لكن هذه الصفحة لم تتمكن من قراءة قيدها في لوحة النشر للتحقق منه. تحقّق منه لاحقًا باستخدام متتبّع أوراق الاقتراع.',
    trackLink: 'تحقّق من ورقة اقتراعك في متتبّع أوراق الاقتراع',
  },
};

/** The text sizes offered, as multiples of the page's normal size. */
export const TEXT_SIZES = [1, 1.25, 1.5, 2] as const;
