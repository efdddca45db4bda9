/**
 * Ballot encryption (EG 2.0 §3.3 and §3.4; spec/record.md §5).
 *
 * Every selection is encrypted with a nonce derived from the ballot nonce ξ_B (eq 25) and proved
 * to lie in 0..R, R the contest's option limit (§3.3.5); the product of a contest's selections is
 * proved to lie in 0..L, L the vote limit (§3.3.8); the contest data (over/under/null vote and
 * write-ins, §3.3.7) is hashed-ElGamal encrypted (§3.3.6). An overvoted contest is encrypted as
 * all zeros with the marks kept in the contest data. The confirmation code is H(B) of eq 58 with
 * the caller's B_aux (see device-chain.ts for the chained B_aux,j).
 * @module
 */
import type { Ciphertext, PublicKey } from '../elgamal/elgamal.js';
import { encrypt, sum } from '../elgamal/elgamal.js';
import { contestDataContext, hashedEncrypt, type HashedCiphertext } from '../elgamal/hashed-elgamal.js';
import { confirmationCode } from '../election/confirmation-code.js';
import { ballotContestHash } from './contest-hash.js';
import { contestDataNonce, selectionNonce } from '../election/nonces.js';
import { InvalidDataError } from '../errors.js';
import type { Group } from '../group/group.js';
import { mod, randomScalar } from '../group/scalar.js';
import type { ManifestIndex } from '../manifest/check-manifest.js';
import { proveRange, type RangeProof } from '../proofs/range-proof.js';
import { contestStatus, encodeContestData } from './contest-data.js';

/** A voter's marks. */
export interface PlaintextBallot {
  /** Ballot style label. */
  readonly style: string;
  /** contest label → option label → value (an absent option is 0). */
  readonly votes: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** contest label → write-in text. */
  readonly writeIns?: Readonly<Record<string, string>>;
}

/** An encrypted selection with its range proof (Verification 5). */
export interface EncryptedSelection<E> {
  readonly label: string;
  readonly ciphertext: Ciphertext<E>;
  readonly proof: RangeProof<E>;
}

/** An encrypted contest (Verifications 6, 7.A). */
export interface EncryptedContest<E> {
  readonly label: string;
  /** ind_c. */
  readonly index: number;
  /** One per option of the contest, in manifest order. */
  readonly selections: readonly EncryptedSelection<E>[];
  /** Range proof 0..L for the product of the selections. */
  readonly proof: RangeProof<E>;
  readonly contestData: HashedCiphertext<E>;
  /** χ_l (eq 57 with the contest data, see contest-hash.ts). */
  readonly hash: Uint8Array;
}

/** An encrypted ballot. */
export interface EncryptedBallot<E> {
  readonly style: string;
  /** The contests of the style, in manifest order. */
  readonly contests: readonly EncryptedContest<E>[];
  /** H(B) (eq 58). */
  readonly code: Uint8Array;
}

/** What encryption needs: the group, H_E, the election key and the manifest. */
export interface BallotEncryptionContext<E> {
  readonly G: Group<E>;
  readonly hE: Uint8Array;
  readonly pk: PublicKey<E>;
  readonly manifest: ManifestIndex;
}

/**
 * Encrypts a ballot.
 * @param bAux - B_aux of eq 58 (for a chained device: `chain.nextAux()`)
 * @param ballotNonce - ξ_B; from the CSPRNG unless given. Keep it secret; publish it only to open a challenged ballot.
 * @returns the encrypted ballot and ξ_B
 * @throws {InvalidDataError} VALUE for an unknown style, contest or option, a contest not on the style, or a value that is not a non-negative integer
 */
export function encryptBallot<E>(
  ctx: BallotEncryptionContext<E>,
  ballot: PlaintextBallot,
  bAux: Uint8Array,
  ballotNonce: bigint = randomScalar(ctx.G.q),
): { ballot: EncryptedBallot<E>; nonce: bigint } {
  const { G, hE, pk, manifest } = ctx;
  const contests = manifest.styles.get(ballot.style);
  if (!contests) throw new InvalidDataError('VALUE', 'style', `unknown ballot style "${ballot.style}"`);
  const onStyle = new Set(contests.map((c) => c.contest.label));
  for (const label of Object.keys(ballot.votes)) {
    if (!onStyle.has(label))
      throw new InvalidDataError('VALUE', `votes.${label}`, 'contest is not on this ballot style');
  }
  const out: EncryptedContest<E>[] = [];
  for (const { index, contest, optionIndex } of contests) {
    const marks = ballot.votes[contest.label] ?? {};
    for (const [opt, v] of Object.entries(marks)) {
      if (!optionIndex.has(opt))
        throw new InvalidDataError('VALUE', `votes.${contest.label}.${opt}`, 'unknown option');
      if (!Number.isInteger(v) || v < 0) {
        throw new InvalidDataError(
          'VALUE',
          `votes.${contest.label}.${opt}`,
          'a vote is a non-negative integer',
        );
      }
    }
    const values = contest.options.map((o) => marks[o.label] ?? 0);
    const total = values.reduce((a, b) => a + b, 0);
    const overvote = total > contest.voteLimit || values.some((v) => v > contest.optionLimit);
    const counted = overvote ? values.map(() => 0) : values; // §3.3.3: an overvoted contest counts as zeros
    const selections: EncryptedSelection<E>[] = [];
    const cts: Ciphertext<E>[] = [];
    let xiSum = 0n;
    contest.options.forEach((o, j) => {
      const xi = selectionNonce(G, hE, ballotNonce, index, j + 1); // eq 25
      const ciphertext = encrypt(G, pk, counted[j]!, xi); // eq 24
      const proof = proveRange(G, hE, pk, ciphertext, counted[j]!, xi, contest.optionLimit); // §3.3.5
      selections.push({ label: o.label, ciphertext, proof });
      cts.push(ciphertext);
      xiSum += xi;
    });
    const aggregate = sum(G, cts); // §3.3.8
    const ell = overvote ? 0 : total;
    const proof = proveRange(G, hE, pk, aggregate, ell, mod(xiSum, G.q), contest.voteLimit); // eq 56
    const data = encodeContestData(
      {
        status: contestStatus(total, contest.voteLimit, overvote),
        overvoted: overvote ? contest.options.flatMap((_, j) => (values[j]! > 0 ? [j + 1] : [])) : [],
        writeIn: ballot.writeIns?.[contest.label] ?? '',
      },
      contest.contestDataBlocks,
    );
    const xiD = contestDataNonce(G, hE, ballotNonce, index); // eq 50
    const contestData = hashedEncrypt(G, hE, pk, data, xiD, contestDataContext(index));
    const hash = ballotContestHash(G, hE, index, pk.K, cts, contestData); // eq 57 + contest data (EG 2.1 eq 70)
    out.push({ label: contest.label, index, selections, proof, contestData, hash });
  }
  const code = confirmationCode(
    hE,
    out.map((c) => c.hash),
    bAux,
  );
  return { ballot: { style: ballot.style, contests: out, code }, nonce: ballotNonce };
}
