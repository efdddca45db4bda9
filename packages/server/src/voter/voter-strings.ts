/**
 * The voter page's words (spec/server-api.md §5.5, spec/i18n.md) in every language of
 * `@evident/i18n`, as ICU messages: shared by the server (the HTML it renders) and the page's
 * script (the messages it shows), both through `translator(VOTER_CATALOG, lang)`.
 * @module
 */
import type { Catalog } from '@evident/i18n';

const en = {
  title: 'Vote online',
  skip: 'Skip to content',
  noscript: 'This page encrypts your ballot with JavaScript: enable it to vote.',
  intro:
    'This page encrypts and signs your ballot in your browser before sending it. Your credential code never leaves this page: only its signature does.',
  languages: 'Language',
  loading: 'Loading the election…',
  credentialLabel: 'Credential code',
  credentialHelp: '26 letters and digits, as on your voting letter; dashes and spaces are optional.',
  styleLegend: 'Your ballot',
  styleHelp: 'Choose the ballot of your district.',
  chooseOne: 'Choose one option.',
  chooseUpTo: '{n, plural, one {Choose up to # option.} other {Choose up to # options.}}',
  votesFor: 'Votes for {name}',
  upToEach:
    'Give each option from 0 to {max, plural, one {# vote} other {# votes}}, {n, plural, one {# vote} other {# votes}} in all at most.',
  blank: 'No choice (blank)',
  rankedLegend: 'Ranked contest: {name}',
  rankHelp: '{n, plural, one {Rank # candidate.} other {Rank up to # candidates, in order of preference.}}',
  rankPosition: 'Preference {k, number}',
  rankNone: '— none —',
  cast: 'Encrypt and cast my ballot',
  challenge: 'Encrypt and challenge instead',
  challengeHelp:
    'A challenged ballot is never counted: it is decrypted in public so that you can check that this page encrypted your choices faithfully. You can then cast your ballot.',
  encrypting: 'Encrypting and signing your ballot in this browser…',
  sending: 'Sending your encrypted ballot…',
  checking: 'Checking the receipt against the bulletin board…',
  castTitle: 'Your ballot has been cast',
  challengedTitle: 'Your ballot was challenged and will not be counted',
  trackingCode: 'Tracking code',
  keepCode:
    'Keep this tracking code. With it you can check at any time that your ballot is on the bulletin board.',
  logIndex: 'Position on the bulletin board',
  keepReceipt: 'Save the receipt (a file)',
  keepReceiptHelp:
    'The file holds the bulletin board’s signed receipt and the board’s key this page checked it with: with it, the ballot tracker (evident-track --receipt FILE) checks your ballot later against that key, and that the board has not been rewritten since.',
  encryptedIn: 'Encrypted and signed in {ms, number} ms ({engine}).',
  receiptOk:
    'Checked in this browser: the bulletin board’s signed tree head ({size, plural, one {# entry} other {# entries}}) includes your ballot exactly as it was sent.',
  receiptBad:
    'Warning: the receipt does not check ({why}). Keep a screenshot and contact the election officials.',
  openedOk:
    'The public decryption of the challenged ballot matches your choices. You can now cast your ballot.',
  openedBad:
    'Warning: the public decryption of the challenged ballot does not match your choices. Do not cast from this device; contact the election officials.',
  revote: 'You may vote again: only your last cast ballot counts.',
  errCredential: 'The credential code must be 26 letters and digits.',
  errStyle: 'Choose your ballot.',
  errTooMany: '“{contest}”: {n, plural, one {choose at most # option.} other {choose at most # options.}}',
  errRankTwice: '“{contest}”: a candidate is ranked twice.',
  errRankGap: '“{contest}”: fill the preferences in order, without a gap.',
  errServer: 'The server refused the ballot: {message} ({code}).',
  errUnknownCredential: 'This credential code is not on the list of this election. Check it and try again.',
  errNetwork: 'The server could not be reached. Your ballot was not sent; try again.',
  errNotOpen:
    'Voting is not open in this election: {state, select, closed {it is closed} tallied {it is closed and counted} published {it is closed and its result published} other {it has not opened yet}} (state: {state}).',
  errLoad: 'The election could not be loaded ({message}).',
  errorsHeading: 'Please correct the following:',
} as const;

/** The keys every language provides. */
export type VoterKey = keyof typeof en;

/** The voter page's catalog. */
export const VOTER_CATALOG: Catalog<VoterKey> = {
  en,
  fr: {
    title: 'Voter en ligne',
    skip: 'Aller au contenu',
    noscript: 'Cette page chiffre votre bulletin avec JavaScript : activez-le pour voter.',
    intro:
      'Cette page chiffre et signe votre bulletin dans votre navigateur avant de l’envoyer. Votre code de vote ne quitte jamais cette page : seule sa signature est envoyée.',
    languages: 'Langue',
    loading: 'Chargement de l’élection…',
    credentialLabel: 'Code de vote',
    credentialHelp:
      '26 lettres et chiffres, comme sur votre lettre de vote ; les tirets et les espaces sont facultatifs.',
    styleLegend: 'Votre bulletin',
    styleHelp: 'Choisissez le bulletin de votre circonscription.',
    chooseOne: 'Choisissez une option.',
    chooseUpTo: '{n, plural, one {Choisissez jusqu’à # option.} other {Choisissez jusqu’à # options.}}',
    votesFor: 'Voix pour {name}',
    upToEach:
      'Donnez à chaque option de 0 à {max, plural, one {# voix} other {# voix}}, {n, plural, one {# voix} other {# voix}} au plus en tout.',
    blank: 'Aucun choix (vote blanc)',
    rankedLegend: 'Scrutin par classement : {name}',
    rankHelp:
      '{n, plural, one {Classez # candidat.} other {Classez jusqu’à # candidats, par ordre de préférence.}}',
    rankPosition: 'Préférence {k, number}',
    rankNone: '— aucune —',
    cast: 'Chiffrer et déposer mon bulletin',
    challenge: 'Chiffrer et contester à la place',
    challengeHelp:
      'Un bulletin contesté n’est jamais compté : il est déchiffré publiquement pour que vous puissiez vérifier que cette page a chiffré fidèlement vos choix. Vous pouvez ensuite déposer votre bulletin.',
    encrypting: 'Chiffrement et signature de votre bulletin dans ce navigateur…',
    sending: 'Envoi de votre bulletin chiffré…',
    checking: 'Vérification du reçu auprès du tableau d’affichage…',
    castTitle: 'Votre bulletin a été déposé',
    challengedTitle: 'Votre bulletin a été contesté et ne sera pas compté',
    trackingCode: 'Code de suivi',
    keepCode:
      'Conservez ce code de suivi. Il vous permet de vérifier à tout moment que votre bulletin figure au tableau d’affichage.',
    logIndex: 'Position au tableau d’affichage',
    keepReceipt: 'Enregistrer le reçu (un fichier)',
    keepReceiptHelp:
      'Le fichier contient le reçu signé du tableau d’affichage et la clé du tableau avec laquelle cette page l’a vérifié : avec lui, le suivi de bulletin (evident-track --receipt FICHIER) vérifie plus tard votre bulletin avec cette clé, et que le tableau n’a pas été réécrit depuis.',
    encryptedIn: 'Chiffré et signé en {ms, number} ms ({engine}).',
    receiptOk:
      'Vérifié dans ce navigateur : la tête d’arbre signée du tableau d’affichage ({size, plural, one {# entrée} other {# entrées}}) contient votre bulletin tel qu’il a été envoyé.',
    receiptBad:
      'Attention : le reçu ne se vérifie pas ({why}). Faites une capture d’écran et contactez les responsables de l’élection.',
    openedOk:
      'Le déchiffrement public du bulletin contesté correspond à vos choix. Vous pouvez maintenant déposer votre bulletin.',
    openedBad:
      'Attention : le déchiffrement public du bulletin contesté ne correspond pas à vos choix. Ne votez pas depuis cet appareil ; contactez les responsables de l’élection.',
    revote: 'Vous pouvez voter à nouveau : seul votre dernier bulletin déposé compte.',
    errCredential: 'Le code de vote doit comporter 26 lettres et chiffres.',
    errStyle: 'Choisissez votre bulletin.',
    errTooMany:
      '« {contest} » : {n, plural, one {choisissez au plus # option.} other {choisissez au plus # options.}}',
    errRankTwice: '« {contest} » : un candidat est classé deux fois.',
    errRankGap: '« {contest} » : remplissez les préférences dans l’ordre, sans trou.',
    errServer: 'Le serveur a refusé le bulletin : {message} ({code}).',
    errUnknownCredential:
      'Ce code de vote ne figure pas sur la liste de cette élection. Vérifiez-le et réessayez.',
    errNetwork: 'Le serveur est injoignable. Votre bulletin n’a pas été envoyé ; réessayez.',
    errNotOpen:
      'Le vote n’est pas ouvert dans cette élection : {state, select, closed {il est clos} tallied {il est clos et dépouillé} published {il est clos et son résultat publié} other {il n’a pas encore commencé}} (état : {state}).',
    errLoad: 'L’élection n’a pas pu être chargée ({message}).',
    errorsHeading: 'Veuillez corriger ce qui suit :',
  },
  ar: {
    title: 'التصويت عبر الإنترنت',
    skip: 'انتقل إلى المحتوى',
    noscript: 'تعمّي هذه الصفحة بطاقة اقتراعك بلغة JavaScript: فعّلها لتتمكن من التصويت.',
    intro:
      'تعمّي هذه الصفحة بطاقة اقتراعك وتوقّعها في متصفحك قبل إرسالها. لا يغادر رمز الاعتماد الخاص بك هذه الصفحة أبدًا: يُرسل توقيعه فقط.',
    languages: 'اللغة',
    loading: 'جارٍ تحميل الانتخاب…',
    credentialLabel: 'رمز الاعتماد',
    credentialHelp: '26 حرفًا ورقمًا، كما في رسالة التصويت الخاصة بك؛ الشرطات والمسافات اختيارية.',
    styleLegend: 'بطاقة اقتراعك',
    styleHelp: 'اختر بطاقة الاقتراع الخاصة بدائرتك.',
    chooseOne: 'اختر خيارًا واحدًا.',
    chooseUpTo:
      '{n, plural, zero {لا يمكن اختيار أي خيار.} one {اختر خيارًا واحدًا على الأكثر.} two {اختر خيارين على الأكثر.} few {اختر # خيارات على الأكثر.} many {اختر # خيارًا على الأكثر.} other {اختر # خيار على الأكثر.}}',
    votesFor: 'الأصوات لصالح {name}',
    upToEach:
      'امنح كل خيار من 0 إلى {max, plural, zero {لا أصوات} one {صوت واحد} two {صوتين} few {# أصوات} many {# صوتًا} other {# صوت}}، وبما لا يتجاوز {n, plural, zero {لا أصوات} one {صوتًا واحدًا} two {صوتين} few {# أصوات} many {# صوتًا} other {# صوت}} إجمالًا.',
    blank: 'بلا اختيار (ورقة بيضاء)',
    rankedLegend: 'اقتراع بالترتيب: {name}',
    rankHelp:
      '{n, plural, zero {لا يوجد مرشحون لترتيبهم.} one {رتّب مرشحًا واحدًا.} two {رتّب مرشحَين على الأكثر، حسب الأفضلية.} few {رتّب حتى # مرشحين، حسب الأفضلية.} many {رتّب حتى # مرشحًا، حسب الأفضلية.} other {رتّب حتى # مرشح، حسب الأفضلية.}}',
    rankPosition: 'الأفضلية {k, number}',
    rankNone: '— لا أحد —',
    cast: 'عمِّ بطاقتي وأودعها',
    challenge: 'عمِّ البطاقة واطعن فيها بدلًا من ذلك',
    challengeHelp:
      'لا تُحتسب البطاقة المطعون فيها أبدًا: يُفك تعميتها علنًا لتتحقق من أن هذه الصفحة عمّت اختياراتك بأمانة. يمكنك بعد ذلك إيداع بطاقتك.',
    encrypting: 'جارٍ تعمية بطاقتك وتوقيعها في هذا المتصفح…',
    sending: 'جارٍ إرسال بطاقتك المعمّاة…',
    checking: 'جارٍ التحقق من الإيصال مقابل لوحة النشر…',
    castTitle: 'أُودعت بطاقتك',
    challengedTitle: 'طُعن في بطاقتك ولن تُحتسب',
    trackingCode: 'رمز التتبع',
    keepCode: 'احتفظ برمز التتبع هذا. يمكنك به التحقق في أي وقت من أن بطاقتك موجودة على لوحة النشر.',
    logIndex: 'الموضع على لوحة النشر',
    keepReceipt: 'احفظ الإيصال (ملف)',
    keepReceiptHelp:
      'يحتوي الملف على الإيصال الموقّع من لوحة النشر ومفتاح اللوحة الذي تحققت به هذه الصفحة منه: به يتحقق متتبع البطاقات (evident-track --receipt FILE) لاحقًا من بطاقتك بهذا المفتاح، ومن أن اللوحة لم يُعَد كتابتها منذ ذلك الحين.',
    encryptedIn: 'عُمّيت ووُقّعت في {ms, number} ملّي ثانية ({engine}).',
    receiptOk:
      'تم التحقق في هذا المتصفح: رأس الشجرة الموقّع للوحة النشر ({size, plural, zero {لا مدخلات} one {مدخل واحد} two {مدخلان} few {# مدخلات} many {# مدخلًا} other {# مدخل}}) يتضمن بطاقتك كما أُرسلت تمامًا.',
    receiptBad: 'تحذير: الإيصال لا يجتاز التحقق ({why}). احتفظ بلقطة شاشة واتصل بمسؤولي الانتخاب.',
    openedOk: 'فك التعمية العلني للبطاقة المطعون فيها يطابق اختياراتك. يمكنك الآن إيداع بطاقتك.',
    openedBad:
      'تحذير: فك التعمية العلني للبطاقة المطعون فيها لا يطابق اختياراتك. لا تصوّت من هذا الجهاز؛ اتصل بمسؤولي الانتخاب.',
    revote: 'يمكنك التصويت مجددًا: لا تُحتسب إلا آخر بطاقة أودعتها.',
    errCredential: 'يجب أن يتكون رمز الاعتماد من 26 حرفًا ورقمًا.',
    errStyle: 'اختر بطاقة اقتراعك.',
    errTooMany:
      '«{contest}»: {n, plural, zero {لا يمكن اختيار أي خيار.} one {اختر خيارًا واحدًا على الأكثر.} two {اختر خيارين على الأكثر.} few {اختر # خيارات على الأكثر.} many {اختر # خيارًا على الأكثر.} other {اختر # خيار على الأكثر.}}',
    errRankTwice: '«{contest}»: مرشح مرتّب مرتين.',
    errRankGap: '«{contest}»: املأ الأفضليات بالترتيب دون فراغ.',
    errServer: 'رفض الخادم البطاقة: {message} ({code}).',
    errUnknownCredential: 'رمز الاعتماد هذا غير موجود في قائمة هذا الانتخاب. تحقق منه وأعد المحاولة.',
    errNetwork: 'تعذّر الوصول إلى الخادم. لم تُرسل بطاقتك؛ أعد المحاولة.',
    errNotOpen:
      'التصويت غير مفتوح في هذا الانتخاب: {state, select, closed {لقد أُغلق} tallied {لقد أُغلق وفُرزت أصواته} published {لقد أُغلق ونُشرت نتيجته} other {لم يُفتح بعد}} (الحالة: {state}).',
    errLoad: 'تعذّر تحميل الانتخاب ({message}).',
    errorsHeading: 'يُرجى تصحيح ما يلي:',
  },
};
