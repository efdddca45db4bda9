/**
 * What a lying server can forge beyond editing: ballots signed with credentials it made up (it
 * issues the credentials, so it can add its own), ballots re-signed with a voter's credential
 * (a voter colluding, or a replay the server failed to refuse), and the lookups the rows share.
 * @module
 */
import {
  ballotDigest,
  credentialSignatureToJson,
  generateCredential,
  signWithCredential,
  toHex,
  type Credential,
  type Group,
} from '@evident/e2e-crypto';
import type { ElectionFixture } from './election-fixture.js';
import type { Entry, LyingServer } from './lying-server.js';

/** A credential and its public hex (upper case, as the board's credentials entry lists it). */
export interface HeldCredential {
  readonly cred: Credential<unknown>;
  readonly hex: string;
}

function held(fx: ElectionFixture, cred: Credential<unknown>): HeldCredential {
  return { cred, hex: toHex(fx.el.client.ctx.G.encode(cred.S)).toUpperCase() };
}

/** A voter's credential in `e1` (the voter holds it; tests know it). */
export function voterCredential(fx: ElectionFixture, voter: string): HeldCredential {
  return held(fx, fx.el.client.credential(fx.el.codes.get(voter)!));
}

/** A credential the server makes up for itself, never issued to a voter. */
export function madeUpCredential(fx: ElectionFixture): HeldCredential {
  return held(fx, generateCredential(fx.el.client.ctx.G as Group<unknown>, fx.el.client.ctx.hE));
}

/**
 * A `ballot` entry: a fresh valid ballot for `option` (and a mayor ranking) on the first link of
 * `c`'s chain, signed with `c`.
 */
export async function forgedBallotEntry(
  fx: ElectionFixture,
  c: HeldCredential,
  option: string,
  time: number,
): Promise<Entry> {
  const chain = await fx.call('GET', `/elections/${fx.el.id}/chains/${c.hex}`);
  const submission = fx.el.client.submission(
    c.cred,
    { style: 's1', votes: { c1: { [option]: 1 } } },
    chain.json.previousCode as string,
    'cast',
    { mayor: [1] },
  );
  return { type: 'ballot', submission, time };
}

/** `submission` (without its signature) signed again with `c`, for `purpose`. */
export function signedAs(
  fx: ElectionFixture,
  c: HeldCredential,
  submission: Entry,
  purpose: 'cast' | 'challenge' = 'cast',
): Entry {
  const { signature: _old, ...unsigned } = submission;
  const body = { ...unsigned, credential: c.hex };
  const G = fx.el.client.ctx.G as Group<unknown>;
  const hE = fx.el.client.ctx.hE;
  const sig = signWithCredential(G, hE, c.cred.s, purpose, ballotDigest(hE, body));
  return { ...body, signature: credentialSignatureToJson(G, sig) };
}

/** The log index of the `nth` ballot entry (cast or challenged) of `voter`. */
export function ballotOf(liar: LyingServer, fx: ElectionFixture, voter: string, nth = 0): number {
  const hex = voterCredential(fx, voter).hex;
  const all = liar.entries.flatMap((e, i) =>
    (e.type === 'ballot' || e.type === 'challenged-ballot') &&
    String(e.submission.credential).toUpperCase() === hex
      ? [i]
      : [],
  );
  if (all[nth] === undefined) throw new Error(`${voter} has no ballot #${nth} on the board`);
  return all[nth];
}

/** The record's ballot file of `voter`'s device (`ballots/online-<credential>.jsonl`). */
export function ballotFileOf(fx: ElectionFixture, voter: string): string {
  return `ballots/online-${voterCredential(fx, voter).hex.toLowerCase()}.jsonl`;
}
