/**
 * The results display's words (spec/server-api.md §12.5), in English and French. `{name}`
 * placeholders are filled by {@link fill}.
 * @module
 */

const en = {
  title: 'Election results',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  lastUpdate: 'Last update: {time}',
  turnout: 'Turnout',
  online: 'Online',
  paper: 'Paper',
  total: 'Total',
  onlineTurnout: 'Online ballots counted',
  eligible: 'Credentials issued',
  challenged: 'Challenged (not counted)',
  stations: 'Polling stations',
  stationsReported: 'Stations reported',
  reportedOf: '{reported} of {expected}',
  district: 'District',
  station: 'Station',
  checkIns: 'Check-ins',
  ballots: 'Paper ballots',
  correction: 'correction {n}',
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
  stationReported: 'Station {station} reported (sheet {n}).',
  updated: 'Results updated at {time}.',
  chartOf: 'Chart of {contest}; the table below gives the figures.',
} as const;

/** The strings of one language. */
export type DisplayStrings = { readonly [K in keyof typeof en]: string };

const fr: DisplayStrings = {
  title: 'Résultats de l’élection',
  connecting: 'Connexion…',
  live: 'En direct',
  reconnecting: 'Reconnexion…',
  lastUpdate: 'Dernière mise à jour : {time}',
  turnout: 'Participation',
  online: 'En ligne',
  paper: 'Papier',
  total: 'Total',
  onlineTurnout: 'Bulletins en ligne comptés',
  eligible: 'Identifiants délivrés',
  challenged: 'Contestés (non comptés)',
  stations: 'Bureaux de vote',
  stationsReported: 'Bureaux ayant transmis',
  reportedOf: '{reported} sur {expected}',
  district: 'Circonscription',
  station: 'Bureau',
  checkIns: 'Émargements',
  ballots: 'Bulletins papier',
  correction: 'rectification {n}',
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
  stationReported: 'Le bureau {station} a transmis (feuille {n}).',
  updated: 'Résultats mis à jour à {time}.',
  chartOf: 'Graphique de {contest} ; le tableau ci-dessous en donne les chiffres.',
};

/** The display's languages. */
export const DISPLAY_LANGS = { en, fr } as const;
/** A display language. */
export type DisplayLang = keyof typeof DISPLAY_LANGS;

/** `q` if it is a display language, else English. */
export function displayLang(q: string | undefined): DisplayLang {
  return q === 'fr' ? 'fr' : 'en';
}

/** `s` with each `{name}` replaced by `values[name]`. */
export function fill(s: string, values: Readonly<Record<string, string | number>>): string {
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
