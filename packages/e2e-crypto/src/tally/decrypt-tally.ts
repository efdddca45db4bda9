/**
 * Decrypting the tally and challenged ballots through a {@link Decryptor} (EG 2.0 §3.6,
 * §3.6.5; spec/record.md §7): T = B·M^-1 (eq 64), t from T = K^t by baby-step giant-step.
 * @module
 */
import type { Ciphertext } from '../elgamal/elgamal.js';
import { discreteLog } from '../elgamal/discrete-log.js';
import { contestDataContext, hashedDecrypt } from '../elgamal/hashed-elgamal.js';
import type { Group } from '../group/group.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import type { EncryptedBallot } from '../ballot/encrypt-ballot.js';
import type { Decryptor } from './decryptor.js';
import type { EncryptedTally } from './encrypted-tally.js';

/** A decrypted value with its proof (Verification 9–10 / 12–13). */
export interface DecryptedSelection<E> {
  readonly label: string;
  /** t (or σ). */
  readonly value: number;
  readonly proof: ChaumPedersenProof<E>;
}

/** The decrypted tally. */
export interface DecryptedTally<E> {
  readonly castBallots: number;
  /** Guardians who took part. */
  readonly guardians: readonly number[];
  readonly contests: readonly {
    readonly label: string;
    readonly selections: readonly DecryptedSelection<E>[];
  }[];
}

/** A decrypted contest-data field (Verification 14). */
export interface DecryptedContestData<E> {
  /** β = C0^s. */
  readonly beta: E;
  /** D, the plaintext bytes. */
  readonly data: Uint8Array;
  readonly proof: ChaumPedersenProof<E>;
}

/** A challenged ballot, decrypted. */
export interface DecryptedBallot<E> {
  /** Its confirmation code. */
  readonly code: Uint8Array;
  readonly guardians: readonly number[];
  readonly contests: readonly {
    readonly label: string;
    readonly selections: readonly DecryptedSelection<E>[];
    readonly contestData: DecryptedContestData<E>;
  }[];
}

function decryptValues<E>(
  G: Group<E>,
  K: E,
  cts: readonly Ciphertext<E>[],
  decryptor: Decryptor<E>,
  bound: number,
): { value: number; proof: ChaumPedersenProof<E> }[] {
  const dec = decryptor.decrypt(cts);
  const log = discreteLog(G, K, bound);
  return dec.map((d, i) => {
    const T = G.div(cts[i]!.beta, d.M); // eq 64
    const value = log(T);
    if (value === undefined) throw new RangeError(`decryption: value above ${bound} or decryption failed`);
    return { value, proof: d.proof };
  });
}

/**
 * Decrypts every option of the tally.
 * @throws {RangeError} if a value is above the number of cast ballots times the largest limit (a wrong decryption)
 */
export function decryptTally<E>(
  G: Group<E>,
  K: E,
  tally: EncryptedTally<E>,
  decryptor: Decryptor<E>,
  maxOptionLimit: number,
): DecryptedTally<E> {
  const flat = tally.contests.flatMap((c) => c.selections.map((s) => s.ciphertext));
  const values = decryptValues(G, K, flat, decryptor, Math.max(1, tally.castBallots * maxOptionLimit));
  let k = 0;
  return {
    castBallots: tally.castBallots,
    guardians: [...decryptor.guardians],
    contests: tally.contests.map((c) => ({
      label: c.label,
      selections: c.selections.map((s) => ({ label: s.label, ...values[k++]! })),
    })),
  };
}

/**
 * Decrypts a challenged ballot: every selection and every contest-data field (§3.6.5).
 * @throws {RangeError} if a selection does not decrypt to a value in 0..1000 or contest data fails its MAC
 */
export function decryptChallengedBallot<E>(
  G: Group<E>,
  hE: Uint8Array,
  K: E,
  ballot: EncryptedBallot<E>,
  decryptor: Decryptor<E>,
): DecryptedBallot<E> {
  const flat = ballot.contests.flatMap((c) => c.selections.map((s) => s.ciphertext));
  const values = decryptValues(G, K, flat, decryptor, 1000);
  const data = decryptor.decryptContestData(ballot.contests.map((c) => c.contestData));
  let k = 0;
  return {
    code: ballot.code,
    guardians: [...decryptor.guardians],
    contests: ballot.contests.map((c, i) => {
      const d = data[i]!;
      const bytes = hashedDecrypt(G, hE, K, c.contestData, d.M, contestDataContext(c.index));
      if (!bytes) throw new RangeError(`decryption: contest data of "${c.label}" failed its MAC`);
      return {
        label: c.label,
        selections: c.selections.map((s) => ({ label: s.label, ...values[k++]! })),
        contestData: { beta: d.M, data: bytes, proof: d.proof },
      };
    }),
  };
}
