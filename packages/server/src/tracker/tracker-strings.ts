/**
 * The tracker page's words (spec/tracker.md §6), in English and French. `{name}` placeholders
 * are filled by the display's `fill`.
 * @module
 */

const en = {
  title: 'Track your ballot',
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
    'Found and proved: your ballot is entry {index} of the bulletin board, which holds {size} entries under a tree head signed with your key.',
  foundChallenged:
    'Found and proved: your challenged (not counted) ballot is entry {index} of the bulletin board, which holds {size} entries under a tree head signed with your key.',
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

/** The strings of one language. */
export type TrackerStrings = { readonly [K in keyof typeof en]: string };

const fr: TrackerStrings = {
  title: 'Suivre votre bulletin',
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
    'Trouvé et prouvé : votre bulletin est l’entrée {index} du tableau d’affichage, qui en compte {size} sous une tête d’arbre signée avec votre clé.',
  foundChallenged:
    'Trouvé et prouvé : votre bulletin contesté (non compté) est l’entrée {index} du tableau d’affichage, qui en compte {size} sous une tête d’arbre signée avec votre clé.',
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
};

/** The tracker's languages. */
export const TRACKER_LANGS = { en, fr } as const;
/** A tracker language. */
export type TrackerLang = keyof typeof TRACKER_LANGS;

/** `q` if it is a tracker language, else English. */
export function trackerLang(q: string | undefined): TrackerLang {
  return q === 'fr' ? 'fr' : 'en';
}
