/**
 * The election manifest: contests with their limits and options, ballot styles, districts and
 * polling stations, with names in several languages (EG 2.0 §3.1.3; spec/record.md §3).
 *
 * Contests, options and ballot styles are identified by labels; ElectionGuard works with their
 * 1-based positions (indices): the contest index ind_c is the position in `contests`, the option
 * index ind_o the position in the contest's `options`.
 * @module
 */
import type { RankedContest } from '../ranked/ranked-ballot.js';

/** Text in several languages: language tag (BCP 47, e.g. "en", "fr-CA") → text. */
export type LocalizedText = Readonly<Record<string, string>>;

/** A selectable option of a contest (EG 2.0 §3.1.3 "Selectable options"). */
export interface ManifestOption {
  /** Unique within the contest. */
  readonly label: string;
  readonly name: LocalizedText;
  /** Optional party or list label, informational. */
  readonly party?: string;
}

/** A contest (EG 2.0 §3.1.3 "Contests"). */
export interface ManifestContest {
  /** Unique within the election. */
  readonly label: string;
  readonly name: LocalizedText;
  /** The district whose voters see this contest. */
  readonly district: string;
  /** L: the contest selection limit, the largest allowed sum of the selections. */
  readonly voteLimit: number;
  /** R: the option selection limit, the largest value of one selection (1 for plurality). */
  readonly optionLimit: number;
  /** b_D: size of the encrypted contest data in 32-byte blocks (EG 2.0 §3.3.6). */
  readonly contestDataBlocks: number;
  readonly options: readonly ManifestOption[];
}

/** A ballot style: the set of contests on one kind of ballot (EG 2.0 §3.1.3 "Ballot styles"). */
export interface ManifestBallotStyle {
  readonly label: string;
  /** Contest labels; as a set, distinct from every other style's set. */
  readonly contests: readonly string[];
}

/** A district (geopolitical unit). */
export interface ManifestDistrict {
  readonly label: string;
  readonly name: LocalizedText;
}

/** A polling station, in one district, handing out one ballot style. */
export interface ManifestPollingStation {
  readonly label: string;
  readonly name: LocalizedText;
  readonly district: string;
  readonly ballotStyle: string;
}

/** The whole manifest. Every name is given in every language of `languages`. */
export interface Manifest {
  /** Unique, descriptive identifier of the election (EG 2.0 §3.1.3 "Labels"). */
  readonly electionLabel: string;
  readonly name: LocalizedText;
  /** Language tags, the first being the default. */
  readonly languages: readonly string[];
  /** ISO 8601 date-times with offset, e.g. "2026-05-10T07:00:00+02:00". */
  readonly startDate: string;
  readonly endDate: string;
  readonly districts: readonly ManifestDistrict[];
  readonly pollingStations: readonly ManifestPollingStation[];
  readonly contests: readonly ManifestContest[];
  readonly ballotStyles: readonly ManifestBallotStyle[];
  /**
   * Ranked-choice contests (spec/ranked-choice.md §1): on every ballot, encrypted per rank
   * position, mixed and counted in public instead of tallied homomorphically. Optional.
   */
  readonly rankedContests?: readonly RankedContest[];
  /**
   * The bulletin board the election runs on (spec/record.md §3.1): the server adds it when it
   * creates the election, so H_M — and through H_B and H_E every guardian's work — binds the log
   * key. Absent in a record made without a server.
   */
  readonly bulletinBoard?: BulletinBoardRef;
}

/** The manifest's reference to the election's bulletin board. */
export interface BulletinBoardRef {
  /** The log's Ed25519 public key, 32 bytes, uppercase hex: the `setup` entry's `logPublicKey`. */
  readonly logPublicKey: string;
}
