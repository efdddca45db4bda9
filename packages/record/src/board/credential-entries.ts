/**
 * The entries of the board that decide the state of one credential's ballots (spec/tracker.md
 * §7): its `ballot` and `challenged-ballot` entries, the `supersession` and `cancellation`
 * entries naming it, and the `open` entry. The counted-ballots rule is per credential, so these
 * alone give its ballots the state the whole board gives them — but for one thing: whether the
 * credential was published in a `credentials` entry before `open` (one entry holding every
 * credential, too large to fetch for one voter). A reader of these entries alone states that as
 * an assumption ({@link assumedPublication}); the verifier's L3.C checks it for the whole board.
 * One definition for the server that answers `GET …/board/credential/{credential}`, the tracker
 * page that checks the answer, and test doubles. Pure and browser-safe.
 * @module
 */
import type { BoardEntry } from './board-reader.js';

/** The credential an entry names (upper-case hex), if any. */
export function credentialNamed(type: string, fields: Readonly<Record<string, unknown>>): string | undefined {
  const c =
    type === 'ballot' || type === 'challenged-ballot'
      ? (fields.submission as { credential?: unknown } | undefined)?.credential
      : type === 'supersession' || type === 'cancellation'
        ? fields.credential
        : undefined;
  return typeof c === 'string' ? c.toUpperCase() : undefined;
}

/** True when the entry is one of those that decide the state of `credential`'s ballots. */
export function concernsCredential(
  type: string,
  fields: Readonly<Record<string, unknown>>,
  credential: string,
): boolean {
  return type === 'open' || credentialNamed(type, fields) === credential.toUpperCase();
}

/**
 * A stand-in `credentials` entry, before every real entry (log index -1), publishing only
 * `credential`: what a reader of the credential's entries alone assumes. Never a board entry.
 */
export function assumedPublication(credential: string): BoardEntry {
  return { index: -1, type: 'credentials', e: { credentials: [credential.toUpperCase()] } };
}
