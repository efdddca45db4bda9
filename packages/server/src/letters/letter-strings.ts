/**
 * The words of a voter's credential letter (spec/credentials.md §6), as ICU messages in
 * English, French and Arabic (the PDF embeds the reports' font, which covers all three).
 * @module
 */
import type { Catalog } from '@evident/i18n';

/** The keys of {@link LETTER_STRINGS}. */
export type LetterKey =
  | 'title'
  | 'election'
  | 'voter'
  | 'codeHeading'
  | 'codeHelp'
  | 'voteHeading'
  | 'voteHelp'
  | 'trackHeading'
  | 'trackHelp'
  | 'keyHeading'
  | 'keyHelp'
  | 'keyQr';

/** A credential letter's words in every language. */
export const LETTER_STRINGS: Catalog<LetterKey> = {
  en: {
    title: 'Your voting letter',
    election: 'Election: {name} ({id})',
    voter: 'Voter: {voter}',
    codeHeading: 'Your credential code',
    codeHelp:
      'Type it on the voter page to vote online. It is the only copy: keep this letter to yourself. Nobody from the election will ever ask you for it.',
    voteHeading: 'Vote online at',
    voteHelp: 'Your browser encrypts and signs your ballot; the code itself never leaves the page.',
    trackHeading: 'Check your ballot at',
    trackHelp:
      'After voting, the ballot tracker shows that your ballot is on the bulletin board, with a proof your browser checks.',
    keyHeading: 'The bulletin board key (log public key)',
    keyHelp:
      'Give this key to the ballot tracker (type it or scan the code). The tracker then checks the bulletin board under this key, printed here before the election, and not under a key the server gives.',
    keyQr: 'The same key as a QR code',
  },
  fr: {
    title: 'Votre lettre de vote',
    election: 'Élection : {name} ({id})',
    voter: 'Électeur : {voter}',
    codeHeading: 'Votre code de vote',
    codeHelp:
      'Saisissez-le sur la page de vote pour voter en ligne. C’est le seul exemplaire : gardez cette lettre pour vous. Personne de l’élection ne vous le demandera jamais.',
    voteHeading: 'Votez en ligne à l’adresse',
    voteHelp: 'Votre navigateur chiffre et signe votre bulletin ; le code lui-même ne quitte jamais la page.',
    trackHeading: 'Vérifiez votre bulletin à l’adresse',
    trackHelp:
      'Après le vote, le suivi de bulletin montre que votre bulletin figure au tableau d’affichage, avec une preuve que votre navigateur vérifie.',
    keyHeading: 'La clé du tableau d’affichage (clé publique du journal)',
    keyHelp:
      'Donnez cette clé au suivi de bulletin (saisissez-la ou scannez le code). Il vérifie alors le tableau d’affichage avec cette clé, imprimée ici avant l’élection, et non avec une clé que donne le serveur.',
    keyQr: 'La même clé en code QR',
  },
  ar: {
    title: 'رسالة التصويت الخاصة بك',
    election: 'الانتخابات: {name} ({id})',
    voter: 'الناخب: {voter}',
    codeHeading: 'رمز الاقتراع الخاص بك',
    codeHelp:
      'اكتبه في صفحة التصويت لتصوّت عبر الإنترنت. هذه هي النسخة الوحيدة: احتفظ بهذه الرسالة لنفسك. لن يطلبه منك أحد من القائمين على الانتخابات أبدًا.',
    voteHeading: 'صوّت عبر الإنترنت على العنوان',
    voteHelp: 'يشفّر متصفحك ورقة اقتراعك ويوقّعها؛ ولا يغادر الرمز نفسه الصفحة أبدًا.',
    trackHeading: 'تحقّق من ورقة اقتراعك على العنوان',
    trackHelp:
      'بعد التصويت، يُظهر متتبّع أوراق الاقتراع أن ورقتك موجودة في لوحة النشر، مع برهان يتحقق منه متصفحك.',
    keyHeading: 'مفتاح لوحة النشر (المفتاح العام للسجل)',
    keyHelp:
      'أعطِ هذا المفتاح لمتتبّع أوراق الاقتراع (اكتبه أو امسح الرمز). عندها يتحقق المتتبّع من لوحة النشر بهذا المفتاح المطبوع هنا قبل الانتخابات، لا بمفتاح يقدّمه الخادم.',
    keyQr: 'المفتاح نفسه في رمز QR',
  },
};
