/**
 * A voter's client, as a browser would run it (spec/server-api.md §5.1): encrypts a ballot on
 * the credential's chain, encodes it, signs it with the credential key. Used by the tests, the
 * load generator and the demo; it needs only @evident/e2e-crypto and the record codecs.
 * @module
 */
import {
  ballotDigest,
  chainedAux,
  credentialFromCode,
  credentialSignatureToJson,
  deviceAux0,
  encryptBallot,
  fromHex,
  groupByName,
  indexManifest,
  publicKey,
  signWithCredential,
  toHex,
  encodeScalar,
  confirmationCode,
  encryptRankedRows,
  rankedBallotToJson,
  type BallotEncryptionContext,
  type Credential,
  type Group,
  type Manifest,
  type PlaintextBallot,
  type RankedOpening,
  InvalidDataError,
  bytesToBigint,
  openRankedBallot,
  rankedBallotFromJson,
  rankedContestIndex,
} from '@evident/e2e-crypto';
import { encodeBallot } from '@evident/record';
import type { BallotSubmission } from '../verify/ballot-check.js';

/** What a client knows about an election (from `GET /elections/{id}` and its manifest). */
export interface ClientElection {
  readonly profile: string;
  readonly manifest: Manifest;
  readonly jointKey: string;
  readonly extendedBaseHash: string;
}

/** A client bound to one election. */
export interface BallotClient {
  readonly ctx: BallotEncryptionContext<unknown>;
  /** The credential of a code. */
  credential(code: string): Credential<unknown>;
  /**
   * A signed submission.
   * @param previousCode - the credential's chain head (`GET /elections/{id}/chains/{credential}`)
   * @param intent - 'challenge' also reveals the nonce
   * @param rankings - ranked contest id → preferences (candidate numbers 1..m or write-in names);
   *   every ranked contest of the manifest gets a row, an empty ranking when none is given
   *   (spec/ranked-choice.md §2.1)
   */
  submission(
    cred: Credential<unknown>,
    ballot: PlaintextBallot,
    previousCode: string,
    intent?: 'cast' | 'challenge',
    rankings?: Readonly<Record<string, readonly (number | string)[]>>,
  ): BallotSubmission;
  /**
   * Opens the ranked rows of a challenge submission with its revealed nonce ξ_B
   * (spec/ranked-choice.md §2.7): the voter compares them with what they ranked and with the
   * receipt's and the board's `openedRanked`.
   * @returns one opening per ranked contest
   * @throws {InvalidDataError} when the nonce does not open a row, naming it
   */
  openRanked(sub: BallotSubmission): RankedOpening[];
}

/** The chain device label of a credential (spec/server-api.md §5.3). */
export function deviceOf(credentialHex: string): string {
  return `online-${credentialHex.toLowerCase().slice(0, 64)}`;
}

/** A client for `e`. */
export function ballotClient(e: ClientElection): BallotClient {
  const G = groupByName(e.profile) as Group<unknown>;
  const hE = fromHex(e.extendedBaseHash);
  const ctx: BallotEncryptionContext<unknown> = {
    G,
    hE,
    pk: publicKey(G, G.decode(fromHex(e.jointKey), 'jointKey')),
    manifest: indexManifest(e.manifest),
  };
  return {
    ctx,
    credential: (code) => credentialFromCode(G, hE, code),
    submission(cred, ballot, previousCode, intent = 'cast', rankings = {}) {
      const credential = toHex(G.encode(cred.S));
      const aux = chainedAux(fromHex(previousCode), deviceAux0(deviceOf(credential)));
      const enc = encryptBallot(ctx, ballot, aux);
      const { state: _s, ...json } = encodeBallot(G, enc.ballot, 'cast');
      const rankedContests = e.manifest.rankedContests ?? [];
      if (rankedContests.length > 0) {
        // one row per ranked contest, nonces from ξ_B; H(B) covers their hashes after the
        // ordinary contests' (spec/ranked-choice.md §2.5, §2.6)
        const rows = encryptRankedRows(
          G,
          ctx.pk,
          hE,
          e.manifest.contests.length,
          rankedContests,
          enc.nonce,
          rankings,
        );
        const code = confirmationCode(hE, [...enc.ballot.contests.map((c) => c.hash), ...rows.hashes], aux);
        Object.assign(json, {
          code: toHex(code),
          ranked: rows.ballots.map((b) => rankedBallotToJson(G, b)),
        });
      }
      const unsigned = {
        credential,
        ballot: json,
        ...(intent === 'challenge' ? { nonce: toHex(encodeScalar(enc.nonce)) } : {}),
      };
      const digest = ballotDigest(hE, unsigned as unknown as Record<string, unknown>);
      const signature = credentialSignatureToJson(G, signWithCredential(G, hE, cred.s, intent, digest));
      return { ...unsigned, signature } as BallotSubmission;
    },
    openRanked(sub) {
      if (sub.nonce === undefined) throw new InvalidDataError('VALUE', 'nonce', 'not a challenge');
      const xiB = bytesToBigint(fromHex(sub.nonce, 'nonce'));
      const contests = e.manifest.rankedContests ?? [];
      return contests.map((c, i) => {
        const field = `ballot.ranked[${i}]`;
        const b = rankedBallotFromJson(G, sub.ballot.ranked?.[i], field);
        const indC = rankedContestIndex(e.manifest.contests.length, i);
        const r = openRankedBallot(G, ctx.pk, hE, c, b, xiB, indC);
        if (!r.ok) throw new InvalidDataError('VALUE', `${field}.${r.where}`, 'the nonce does not open it');
        return r.opening;
      });
    },
  };
}
