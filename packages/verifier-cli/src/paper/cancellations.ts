/**
 * P7 (spec/verification.md) — cancellations (paper wins, spec/stations.md §4): each `cancellation`
 * entry names a credential published in a `credentials` entry (never a voter), once, and a
 * station of the manifest; and no counted ballot — by @evident/record's `countedBallots`, the
 * rule of the server's tally, the guardians' check and the record's ballot states (L3.C) — is of
 * a cancelled credential. The encrypted tally is bound to that rule without a step of its own:
 * step 8 aggregates the record's `cast` ballots, L3.C binds each ballot's state (`cancelled`
 * included) to the board, and L3.F binds `encrypted-tally.json` to the board's entry.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import { LOG_FILE, type CountedBallots } from '@evident/record';
import type { Collector } from '../log/log-summary.js';
import type { BoardEntry, PaperBoard } from './paper-board.js';
import { isCount, manifestStation } from './paper-fields.js';
import type { RegisteredKeys } from './station-keys.js';

/** What P7 reads of the log's ballots and credentials (../log/read-log.ts keeps them). */
export interface BallotView {
  /** the public credentials of every `credentials` entry: `has` of the key of a credential */
  readonly published: { has(key: string): boolean };
  readonly counted?: CountedBallots;
  /** the key of the credential of the ballot entry at a log index */
  credentialAt(index: number): string | undefined;
  /**
   * The key of a credential in upper case, as `published` and `credentialAt` give it (default:
   * the credential itself; the log pass gives its compact ordinal).
   */
  keyOf?(credential: string): string;
}

/** P7; returns the keys of the cancelled credentials (see {@link BallotView.keyOf}). */
export function checkCancellations(
  cancellations: readonly BoardEntry[],
  ballots: BallotView,
  manifest: Manifest | undefined,
  p7: Collector,
): Set<string> {
  const cancelled = new Map<string, string>();
  for (const x of cancellations) {
    p7.item();
    const c = x.e.credential;
    const cred = typeof c === 'string' ? (ballots.keyOf?.(c.toUpperCase()) ?? c.toUpperCase()) : undefined;
    if (cred === undefined || !ballots.published.has(cred))
      p7.fail('P7', `${x.at} credential`, 'names no published credential');
    else if (cancelled.has(cred))
      p7.fail('P7', `${x.at} credential`, `cancelled already (${cancelled.get(cred)})`);
    else cancelled.set(cred, x.at);
    if (!manifestStation(manifest, x.e.station))
      p7.fail('P7', `${x.at} station`, 'not a polling station of the manifest');
  }
  for (const i of ballots.counted?.counted ?? []) {
    const cred = ballots.credentialAt(i);
    if (cred !== undefined && cancelled.has(cred))
      p7.fail(
        'P7',
        `${LOG_FILE}:${i + 1}`,
        `a counted ballot of a credential cancelled at ${cancelled.get(cred)}`,
      );
  }
  return new Set(cancelled.keys());
}

/** The first `poll-book-close` entry of each station (P8 names the later ones). */
function firstClosings(b: PaperBoard): Map<string, BoardEntry> {
  const first = new Map<string, BoardEntry>();
  for (const x of b.entries['poll-book-close']) {
    const station = (x.e.closing as { station?: unknown } | undefined)?.station;
    if (typeof station === 'string' && !first.has(station)) first.set(station, x);
  }
  return first;
}

/**
 * P7, second part: each cancellation's station has a registered key; a station whose poll book
 * is closed has no cancellation after its closing and no more than the check-ins it signed.
 */
export function checkCancellationSources(b: PaperBoard, keys: RegisteredKeys, p7: Collector): void {
  const closings = firstClosings(b);
  const seen = new Map<string, number>();
  for (const x of b.entries.cancellation) {
    const station = x.e.station;
    if (typeof station !== 'string' || !manifestStation(b.manifest, station)) continue; // named above
    if (!keys.stations.has(station)) {
      p7.fail(
        'P7',
        `${x.at} station`,
        `no station key is registered for ${station}: no check-in comes from it`,
      );
      continue;
    }
    const closing = closings.get(station);
    if (closing === undefined) continue;
    const n = (seen.get(station) ?? 0) + 1;
    seen.set(station, n);
    const signed = (closing.e.closing as { checkIns?: unknown }).checkIns;
    if (x.index > closing.index)
      p7.fail('P7', `${x.at} station`, `after the poll book of ${station} closed (${closing.at})`);
    else if (isCount(signed) && n > signed)
      p7.fail(
        'P7',
        `${x.at} station`,
        `cancellation ${n} of ${station}, which signed ${signed} check-in(s) (${closing.at})`,
      );
  }
}
