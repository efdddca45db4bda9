/**
 * The pluggable decryption step of tallying (EG 2.0 §3.6; spec/record.md §7): a {@link Decryptor}
 * turns ciphertexts into M = A^s (or β = C0^s) with the joint proof, whatever machinery the
 * guardians use. {@link quorumDecryptor} runs the key-ceremony package's quorum decryption
 * (decrypt/quorum-decryption.ts) with the guardians present in this process.
 * @module
 */
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { HashedCiphertext } from '../elgamal/hashed-elgamal.js';
import type { Group } from '../group/group.js';
import type { ChaumPedersenProof } from '../proofs/chaum-pedersen.js';
import type { DecryptionTarget } from '../decrypt/decryption-target.js';
import { type DecryptingGuardian, decryptWithQuorum } from '../decrypt/local-decryption.js';
import type { QuorumSetup } from '../decrypt/quorum-decryption.js';

/** M = A^s (or β = C0^s) with the joint proof (challenge eq 71 / eq 81). */
export interface VerifiableDecryption<E> {
  readonly M: E;
  readonly proof: ChaumPedersenProof<E>;
}

/** The guardians' side of decryption. */
export interface Decryptor<E> {
  /** Indices (1..n) of the guardians who took part in the last decryption. */
  readonly guardians: readonly number[];
  /** M_i = A_i^s with proofs, for each ciphertext. */
  decrypt(cts: readonly Ciphertext<E>[]): VerifiableDecryption<E>[];
  /** β_i = C0_i^s with proofs, for each contest-data ciphertext. */
  decryptContestData(cts: readonly HashedCiphertext<E>[]): VerifiableDecryption<E>[];
}

/**
 * A decryptor over the quorum decryption of the guardians given (at least k of them).
 * @throws {Error} from decrypt/decryptContestData when fewer than k valid guardians remain
 */
export function quorumDecryptor<E>(
  G: Group<E>,
  setup: QuorumSetup<E>,
  guardians: readonly DecryptingGuardian[],
): Decryptor<E> {
  let used: readonly number[] = guardians.map((g) => g.i);
  const run = (targets: DecryptionTarget<E>[]): VerifiableDecryption<E>[] => {
    if (targets.length === 0) return [];
    const r = decryptWithQuorum(G, setup, targets, guardians);
    if (!r.ok) throw new Error(`quorum decryption failed: ${r.reason}`);
    used = r.U;
    return r.decryptions.map((d) => ({ M: d.M, proof: d.proof }));
  };
  return {
    get guardians() {
      return used;
    },
    decrypt: (cts) => run(cts.map((ct) => ({ kind: 'selection', ct }))),
    decryptContestData: (cts) => run(cts.map((ct) => ({ kind: 'contest-data', ct }))),
  };
}
