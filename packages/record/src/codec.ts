/**
 * Typed codecs between the record's JSON (json-types.ts) and e2e-crypto values
 * (spec/record.md §1.2): ciphertexts, hashed ciphertexts, ballots and the encrypted tally. Hex,
 * elements, scalars and proofs go through e2e-crypto's one codec (`elementFromJson`,
 * `scalarFromJson`, `rangeProofFromJson` …): every element is checked for group membership and
 * every scalar for 0 ≤ x < q. Decoders throw {@link InvalidDataError} naming the field (`at` is
 * the caller's prefix, e.g. `ballots/d1.jsonl:12 contests[0]`).
 * @module
 */
import {
  type Ciphertext,
  type EncryptedBallot,
  type EncryptedTally,
  type Group,
  type HashedCiphertext,
  elementItemFromJson,
  elementToJson,
  hexFromJson,
  rangeProofToJson,
  toHex,
} from '@evident/e2e-crypto';
import type { BallotJson, EncryptedTallyJson, HashedCiphertextJson } from './json-types.js';

/** Ciphertext ↔ {alpha, beta}. */
export function decodeCiphertext<E>(
  G: Group<E>,
  j: { alpha: string; beta: string },
  at: string,
): Ciphertext<E> {
  return {
    alpha: elementItemFromJson(G, j.alpha, at, 'alpha'), // `${at}.alpha`, spelled only if refused
    beta: elementItemFromJson(G, j.beta, at, 'beta'),
  };
}

/** Hashed ciphertext → JSON. */
export function encodeHashed<E>(G: Group<E>, c: HashedCiphertext<E>): HashedCiphertextJson {
  return { c0: elementToJson(G, c.c0), c1: toHex(c.c1), c2: toHex(c.c2) };
}

/** JSON → hashed ciphertext. */
export function decodeHashed<E>(G: Group<E>, j: HashedCiphertextJson, at: string): HashedCiphertext<E> {
  return {
    c0: elementItemFromJson(G, j.c0, at, 'c0'),
    c1: hexFromJson(j.c1, `${at}.c1`),
    c2: hexFromJson(j.c2, `${at}.c2`, 32),
  };
}

/** An encrypted ballot → one JSON line's object. */
export function encodeBallot<E>(
  G: Group<E>,
  b: EncryptedBallot<E>,
  state: 'cast' | 'challenged',
): BallotJson {
  return {
    code: toHex(b.code),
    style: b.style,
    state,
    contests: b.contests.map((c) => ({
      label: c.label,
      selections: c.selections.map((s) => ({
        alpha: elementToJson(G, s.ciphertext.alpha),
        beta: elementToJson(G, s.ciphertext.beta),
        proof: rangeProofToJson(G, s.proof),
      })),
      proof: rangeProofToJson(G, c.proof),
      contestData: encodeHashed(G, c.contestData),
    })),
  };
}

/** The encrypted tally → `encrypted-tally.json` (§6): each selection's aggregate ciphertext. */
export function encodeEncryptedTally<E>(G: Group<E>, tally: EncryptedTally<E>): EncryptedTallyJson {
  return {
    castBallots: tally.castBallots,
    contests: tally.contests.map((c) => ({
      label: c.label,
      selections: c.selections.map((s) => ({
        label: s.label,
        alpha: elementToJson(G, s.ciphertext.alpha),
        beta: elementToJson(G, s.ciphertext.beta),
      })),
    })),
  };
}
