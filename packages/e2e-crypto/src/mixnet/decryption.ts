/**
 * Verifiable decryption of mixed rows behind a small interface (spec/mixnet.md §6).
 *
 * After the last mix, every ciphertext of every output row is decrypted to M = K^σ with a proof,
 * and σ is recovered as a small discrete logarithm. The threshold decryption of EG 2.0 §3.6
 * (packages/e2e-crypto/src/decrypt/) plugs in as another {@link RowDecryptor} with its own
 * verifier; this file provides the single-key one used by tests and demos: a Chaum–Pedersen proof
 * that log_g K = log_α (β/M), with the challenge H(H_mix; 0x66, K, α, β, M, a, b).
 * @module
 */
import { concatBytes } from '../bytes.js';
import type { Ciphertext } from '../elgamal/elgamal.js';
import { decryptToPower } from '../elgamal/elgamal.js';
import { discreteLog } from '../elgamal/discrete-log.js';
import type { Group } from '../group/group.js';
import { domain, H } from '../hash/hash.js';
import {
  type ChaumPedersenProof,
  proveChaumPedersen,
  verifyChaumPedersen,
} from '../proofs/chaum-pedersen.js';
import { encodeElement } from './encoding-cache.js';
import { MIX_DOMAIN } from './generators.js';
import type { CiphertextRow } from './shuffle.js';
import type { Finding } from '../findings.js';

/** One decrypted ciphertext: M = K^σ and a proof (its form depends on the decryptor). */
export interface RowDecryption<E, P = unknown> {
  readonly M: E;
  readonly proof: P;
}

/** Decrypts rows verifiably; the threshold decryption implements the same interface. */
export interface RowDecryptor<E, P = unknown> {
  decryptRows(rows: readonly CiphertextRow<E>[]): RowDecryption<E, P>[][];
}

/** Checks decryptions of rows; returns numbered findings (D1, D2) and never throws on bad data. */
export type RowDecryptionVerifier<E, P = unknown> = (
  rows: readonly CiphertextRow<E>[],
  decryptions: readonly (readonly RowDecryption<E, P>[])[],
) => readonly Finding[];

function decryptionChallenge<E>(G: Group<E>, session: Uint8Array, K: E, ct: Ciphertext<E>, M: E) {
  return (a: E, b: E) =>
    H(
      session,
      domain(MIX_DOMAIN.decryption),
      concatBytes(...[K, ct.alpha, ct.beta, M, a, b].map((x) => encodeElement(G, x))),
    );
}

/** A single-key decryptor (tests, demos): s is the whole secret key, K = g^s. */
export function singleKeyDecryptor<E>(
  G: Group<E>,
  s: bigint,
  session: Uint8Array,
): RowDecryptor<E, ChaumPedersenProof<E>> {
  const K = G.gExp(s);
  return {
    decryptRows: (rows) =>
      rows.map((row) =>
        row.map((ct) => {
          const M = decryptToPower(G, s, ct);
          const st = { g1: G.g, X1: K, g2: ct.alpha, X2: G.div(ct.beta, M) };
          return { M, proof: proveChaumPedersen(G, st, s, decryptionChallenge(G, session, K, ct, M)) };
        }),
      ),
  };
}

/** Verifier of {@link singleKeyDecryptor}: D1 shapes, D2 each proof (located `decryptions[i][k]`). */
export function singleKeyDecryptionVerifier<E>(
  G: Group<E>,
  K: E,
  session: Uint8Array,
): RowDecryptionVerifier<E, ChaumPedersenProof<E>> {
  return (rows, decs) => {
    const failures: Finding[] = [];
    if (!Array.isArray(decs) || decs.length !== rows.length) {
      return [{ check: 'D1', where: 'decryptions', message: `expected ${rows.length} rows` }];
    }
    rows.forEach((row, i) => {
      const d = decs[i];
      if (!Array.isArray(d) || d.length !== row.length) {
        failures.push({
          check: 'D1',
          where: `decryptions[${i}]`,
          message: `expected ${row.length} entries`,
        });
        return;
      }
      row.forEach((ct, k) => {
        const { M, proof } = d[k]!;
        const st = { g1: G.g, X1: K, g2: ct.alpha, X2: G.div(ct.beta, M) };
        if (!verifyChaumPedersen(G, st, proof, decryptionChallenge(G, session, K, ct, M))) {
          failures.push({
            check: 'D2',
            where: `decryptions[${i}][${k}]`,
            message: 'decryption proof is invalid',
          });
        }
      });
    });
    return failures;
  };
}

/**
 * σ from M = K^σ for σ in 0..bound (baby-step giant-step).
 * @returns the plaintexts, with `undefined` where M is not K^σ for a σ ≤ bound
 */
export function plaintextsOf<E>(
  G: Group<E>,
  K: E,
  decryptions: readonly (readonly RowDecryption<E>[])[],
  bound: number,
): (number | undefined)[][] {
  const log = discreteLog(G, K, bound);
  return decryptions.map((row) => row.map((d) => log(d.M)));
}
