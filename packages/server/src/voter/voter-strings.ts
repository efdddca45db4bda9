/**
 * The voter page's words (spec/server-api.md §5.5), in English and French, chosen by `?lang=`.
 * Shared by the server (the HTML it renders) and the page's script (messages it shows); `{x}`
 * is a placeholder filled by {@link fill}. To add a language, add a table with every key.
 * @module
 */

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
  chooseUpTo: 'Choose up to {n} options.',
  votesFor: 'Votes for {name}',
  upToEach: 'Give each option from 0 to {max} votes, {n} in all at most.',
  blank: 'No choice (blank)',
  rankedLegend: 'Ranked contest: {name}',
  rankHelp: 'Rank up to {n} candidates, in order of preference.',
  rankPosition: 'Preference {k}',
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
  encryptedIn: 'Encrypted and signed in {ms} ms ({engine}).',
  receiptOk:
    'Checked in this browser: the bulletin board’s signed tree head (size {size}) includes your ballot exactly as it was sent.',
  receiptBad:
    'Warning: the receipt does not check ({why}). Keep a screenshot and contact the election officials.',
  openedOk:
    'The public decryption of the challenged ballot matches your choices. You can now cast your ballot.',
  openedBad:
    'Warning: the public decryption of the challenged ballot does not match your choices. Do not cast from this device; contact the election officials.',
  revote: 'You may vote again: only your last cast ballot counts.',
  errCredential: 'The credential code must be 26 letters and digits.',
  errStyle: 'Choose your ballot.',
  errTooMany: '“{contest}”: choose at most {n}.',
  errRankTwice: '“{contest}”: a candidate is ranked twice.',
  errRankGap: '“{contest}”: fill the preferences in order, without a gap.',
  errServer: 'The server refused the ballot: {message} ({code}).',
  errUnknownCredential: 'This credential code is not on the list of this election. Check it and try again.',
  errNetwork: 'The server could not be reached. Your ballot was not sent; try again.',
  errNotOpen: 'Voting is not open in this election (state: {state}).',
  errLoad: 'The election could not be loaded ({message}).',
  errorsHeading: 'Please correct the following:',
} as const;

/** The keys every language provides. */
export type StringKey = keyof typeof en;
/** One language's table. */
export type Strings = Readonly<Record<StringKey, string>>;

const fr: Strings = {
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
  chooseUpTo: 'Choisissez jusqu’à {n} options.',
  votesFor: 'Voix pour {name}',
  upToEach: 'Donnez à chaque option de 0 à {max} voix, {n} au plus en tout.',
  blank: 'Aucun choix (vote blanc)',
  rankedLegend: 'Scrutin par classement : {name}',
  rankHelp: 'Classez jusqu’à {n} candidats, par ordre de préférence.',
  rankPosition: 'Préférence {k}',
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
  encryptedIn: 'Chiffré et signé en {ms} ms ({engine}).',
  receiptOk:
    'Vérifié dans ce navigateur : la tête d’arbre signée du tableau d’affichage (taille {size}) contient votre bulletin tel qu’il a été envoyé.',
  receiptBad:
    'Attention : le reçu ne se vérifie pas ({why}). Faites une capture d’écran et contactez les responsables de l’élection.',
  openedOk:
    'Le déchiffrement public du bulletin contesté correspond à vos choix. Vous pouvez maintenant déposer votre bulletin.',
  openedBad:
    'Attention : le déchiffrement public du bulletin contesté ne correspond pas à vos choix. Ne votez pas depuis cet appareil ; contactez les responsables de l’élection.',
  revote: 'Vous pouvez voter à nouveau : seul votre dernier bulletin déposé compte.',
  errCredential: 'Le code de vote doit comporter 26 lettres et chiffres.',
  errStyle: 'Choisissez votre bulletin.',
  errTooMany: '« {contest} » : choisissez au plus {n}.',
  errRankTwice: '« {contest} » : un candidat est classé deux fois.',
  errRankGap: '« {contest} » : remplissez les préférences dans l’ordre, sans trou.',
  errServer: 'Le serveur a refusé le bulletin : {message} ({code}).',
  errUnknownCredential:
    'Ce code de vote ne figure pas sur la liste de cette élection. Vérifiez-le et réessayez.',
  errNetwork: 'Le serveur est injoignable. Votre bulletin n’a pas été envoyé ; réessayez.',
  errNotOpen: 'Le vote n’est pas ouvert dans cette élection (état : {state}).',
  errLoad: 'L’élection n’a pas pu être chargée ({message}).',
  errorsHeading: 'Veuillez corriger ce qui suit :',
};

/** Every language of the page, by BCP 47 tag, with its own name. */
export const LANGUAGES = {
  en: { name: 'English', strings: en },
  fr: { name: 'Français', strings: fr },
} as const;

/** A language of the page. */
export type Lang = keyof typeof LANGUAGES;

/** `lang` if the page speaks it, else English. */
export function pickLang(lang: unknown): Lang {
  return typeof lang === 'string' && Object.hasOwn(LANGUAGES, lang) ? (lang as Lang) : 'en';
}

/** The strings of a language. */
export function stringsOf(lang: Lang): Strings {
  return LANGUAGES[lang].strings;
}

/** `template` with every `{name}` replaced by `values[name]`. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
