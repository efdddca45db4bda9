/**
 * The marking device's choices (spec/stations.md §3.2): read from the voter's form, checked
 * against the style's contests and limits, and put in the QR code of the printed ballot, signed by
 * the station key. Nothing here writes anywhere: the printed paper is the only copy.
 * @module
 */
import type { ManifestContest } from '@evident/e2e-crypto';
import type { TokenChoice } from '@evident/record';
import { bmdBallotCode } from '../ballots/ballot-qr.js';
import { layoutContests } from '../ballots/ballot-pdf.js';
import type { StationIdentity } from '../count/station-env.js';

/** A form as parsed: field → values (a checkbox group gives several). */
export type FormFields = Readonly<Record<string, readonly string[]>>;

/** The form field of a contest. */
export function contestField(contest: string): string {
  return `c:${contest}`;
}

/** A problem with a contest's marks, for the voter (worded by the page in the voter's language). */
export type MarkProblem =
  | { readonly contest: string; readonly kind: 'unknown-option' }
  | { readonly contest: string; readonly kind: 'too-many'; readonly chosen: number; readonly limit: number };

/** The station's contests. */
export function bmdContests(identity: StationIdentity): ManifestContest[] {
  return layoutContests({ manifest: identity.manifest, station: identity.station });
}

/**
 * The choices in the form, per contest of the style (manifest option order), and the problems:
 * more marks than the limit, or an option that is not the contest's (a tampered form).
 */
export function readChoices(
  identity: StationIdentity,
  form: FormFields,
): { choices: TokenChoice[]; problems: MarkProblem[] } {
  const problems: MarkProblem[] = [];
  const choices = bmdContests(identity).map((c) => {
    const given = [...new Set(form[contestField(c.label)] ?? [])];
    const labels = c.options.map((o) => o.label);
    const unknown = given.filter((l) => !labels.includes(l));
    if (unknown.length > 0) problems.push({ contest: c.label, kind: 'unknown-option' });
    else if (given.length > c.voteLimit)
      problems.push({ contest: c.label, kind: 'too-many', chosen: given.length, limit: c.voteLimit });
    return { contest: c.label, selected: labels.filter((l) => given.includes(l)) };
  });
  return { choices, problems };
}

/** The QR text of the printed ballot: kind `bmd`, the choices, a fresh serial, signed by the station. */
export function bmdCode(
  identity: StationIdentity,
  choices: readonly TokenChoice[],
  stationSecretKey: Uint8Array,
): string {
  const place = { electionId: identity.electionId, station: identity.station, style: identity.ballotStyle };
  return bmdBallotCode(place, choices, stationSecretKey);
}
