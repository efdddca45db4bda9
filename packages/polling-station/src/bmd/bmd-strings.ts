/**
 * The ballot-marking device's words (spec/stations.md §3.2, spec/i18n.md) in every language of
 * `@evident/i18n`, as ICU messages. The names of the election, contests and candidates come
 * from the manifest, in the same language when the manifest has it.
 * @module
 */
import type { Catalog } from '@evident/i18n';

const en = {
  languages: 'Language',
  display: 'Display',
  large: 'Large text',
  contrast: 'High contrast',
  markTitle: 'Mark your ballot',
  markIntro: 'Take all the time you need. Use Tab to move, Space to mark; nothing is kept on this machine.',
  chooseOne: 'Choose one, or none.',
  chooseUpTo: '{n, plural, one {Choose up to # option, or none.} other {Choose up to # options, or none.}}',
  correct: 'Please correct your ballot:',
  tooMany:
    'you chose {chosen, plural, one {# option} other {# options}}; {limit, plural, one {at most # is allowed} other {at most # are allowed}}',
  unknownOption: 'an option that is not on this ballot was sent',
  review: 'Review my choices',
  reviewTitle: 'Review your ballot',
  reviewIntro: 'These are your choices. Change them, or print your ballot and put it in the ballot box.',
  blank: 'No choice (blank)',
  change: 'Change my choices',
  print: 'Print my ballot',
  printPdf: 'Print my ballot (PDF)',
  printedTitle: 'Your printed ballot',
  printedHeading: 'Your ballot',
  printedIntro:
    'Your ballot is ready: print it, check the choices in words, and put it in the ballot box. Nothing was kept on this machine.',
  printNow: 'Print',
  next: 'Done: next voter',
  qrAlt: 'Ballot code: carries the choices above, signed by this station',
  errForbidden: 'the form is not from this station’s page',
} as const;

/** The marking device's keys. */
export type BmdKey = keyof typeof en;

/** The marking device's catalog. */
export const BMD_CATALOG: Catalog<BmdKey> = {
  en,
  fr: {
    languages: 'Langue',
    display: 'Affichage',
    large: 'Grands caractères',
    contrast: 'Contraste élevé',
    markTitle: 'Marquez votre bulletin',
    markIntro:
      'Prenez tout le temps nécessaire. Tab pour avancer, Espace pour cocher ; rien n’est conservé sur cette machine.',
    chooseOne: 'Choisissez-en un, ou aucun.',
    chooseUpTo:
      '{n, plural, one {Choisissez jusqu’à # option, ou aucune.} other {Choisissez jusqu’à # options, ou aucune.}}',
    correct: 'Veuillez corriger votre bulletin :',
    tooMany:
      'vous avez choisi {chosen, plural, one {# option} other {# options}} ; {limit, plural, one {# au plus est permise} other {# au plus sont permises}}',
    unknownOption: 'une option absente de ce bulletin a été envoyée',
    review: 'Relire mes choix',
    reviewTitle: 'Relisez votre bulletin',
    reviewIntro: 'Voici vos choix. Modifiez-les, ou imprimez votre bulletin et déposez-le dans l’urne.',
    blank: 'Aucun choix (vote blanc)',
    change: 'Modifier mes choix',
    print: 'Imprimer mon bulletin',
    printPdf: 'Imprimer mon bulletin (PDF)',
    printedTitle: 'Votre bulletin imprimé',
    printedHeading: 'Votre bulletin',
    printedIntro:
      'Votre bulletin est prêt : imprimez-le, vérifiez les choix écrits en toutes lettres et déposez-le dans l’urne. Rien n’a été conservé sur cette machine.',
    printNow: 'Imprimer',
    next: 'Terminé : électeur suivant',
    qrAlt: 'Code du bulletin : porte les choix ci-dessus, signé par ce bureau',
    errForbidden: 'le formulaire ne vient pas de la page de ce bureau',
  },
  ar: {
    languages: 'اللغة',
    display: 'العرض',
    large: 'نص كبير',
    contrast: 'تباين عالٍ',
    markTitle: 'أشّر على بطاقة اقتراعك',
    markIntro: 'خذ كل الوقت الذي تحتاجه. استخدم Tab للتنقل والمسافة للتأشير؛ لا يُحفظ شيء على هذا الجهاز.',
    chooseOne: 'اختر واحدًا، أو لا شيء.',
    chooseUpTo:
      '{n, plural, zero {لا يمكن اختيار أي خيار.} one {اختر خيارًا واحدًا على الأكثر، أو لا شيء.} two {اختر خيارين على الأكثر، أو لا شيء.} few {اختر # خيارات على الأكثر، أو لا شيء.} many {اختر # خيارًا على الأكثر، أو لا شيء.} other {اختر # خيار على الأكثر، أو لا شيء.}}',
    correct: 'يُرجى تصحيح بطاقتك:',
    tooMany:
      'اخترت {chosen, plural, zero {لا خيارات} one {خيارًا واحدًا} two {خيارين} few {# خيارات} many {# خيارًا} other {# خيار}}؛ والمسموح به {limit, plural, zero {لا شيء} one {خيار واحد} two {خياران} few {# خيارات} many {# خيارًا} other {# خيار}} على الأكثر',
    unknownOption: 'أُرسل خيار غير موجود في هذه البطاقة',
    review: 'راجع اختياراتي',
    reviewTitle: 'راجع بطاقتك',
    reviewIntro: 'هذه اختياراتك. غيّرها، أو اطبع بطاقتك وضعها في صندوق الاقتراع.',
    blank: 'بلا اختيار (ورقة بيضاء)',
    change: 'غيّر اختياراتي',
    print: 'اطبع بطاقتي',
    printPdf: 'اطبع بطاقتي (PDF)',
    printedTitle: 'بطاقتك المطبوعة',
    printedHeading: 'بطاقتك',
    printedIntro:
      'بطاقتك جاهزة: اطبعها، وتحقق من الاختيارات المكتوبة، وضعها في صندوق الاقتراع. لم يُحفظ شيء على هذا الجهاز.',
    printNow: 'اطبع',
    next: 'تم: الناخب التالي',
    qrAlt: 'رمز البطاقة: يحمل الاختيارات أعلاه، موقّع من هذا المركز',
    errForbidden: 'النموذج ليس من صفحة هذا المركز',
  },
};
