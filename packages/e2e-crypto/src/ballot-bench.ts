/**
 * The benchmark ballot: one contest, ten selections, vote limit 1, encrypted and proved
 * with the primitives of this package, and verified from its encoded bytes (membership checks
 * included). Operation counts per step are stated so the bench can compare time with
 * count × raw rate (spec/crypto.md §8).
 * @module
 */
import { createBatch } from './proofs/batch.js';
import type { Group } from './group/group.js';
import { encrypt, publicKey, sum, type Ciphertext, type PublicKey } from './elgamal/elgamal.js';
import { mod, randomScalar } from './group/scalar.js';
import { proveRange, verifyRange, type RangeProof } from './proofs/range-proof.js';

/** An encoded selection: α, β, and the proof's encoded commitments (commitment form only). */
interface EncodedSelection {
  alpha: Uint8Array;
  beta: Uint8Array;
  proof: { c: bigint[]; v: bigint[]; a?: Uint8Array[]; b?: Uint8Array[] };
}

/** The wire form of the benchmark ballot. */
export interface EncodedBenchBallot {
  selections: EncodedSelection[];
  contestProof: EncodedSelection['proof'];
}

function encodeProof<E>(G: Group<E>, p: RangeProof<E>): EncodedSelection['proof'] {
  return {
    c: [...p.c],
    v: [...p.v],
    ...(p.a ? { a: p.a.map((x) => G.encode(x)) } : {}),
    ...(p.b ? { b: p.b.map((x) => G.encode(x)) } : {}),
  };
}

function decodeProof<E>(G: Group<E>, p: EncodedSelection['proof'], field: string): RangeProof<E> {
  return {
    c: p.c,
    v: p.v,
    ...(p.a ? { a: p.a.map((x, j) => G.decode(x, `${field}.a[${j}]`)) } : {}),
    ...(p.b ? { b: p.b.map((x, j) => G.decode(x, `${field}.b[${j}]`)) } : {}),
  };
}

/** Encrypts and proves a ballot with `n` selections, `choice` selected (vote limit 1). */
export function encryptBenchBallot<E>(
  G: Group<E>,
  hE: Uint8Array,
  pk: PublicKey<E>,
  n: number,
  choice: number,
): EncodedBenchBallot {
  const cts: Ciphertext<E>[] = [];
  const selections: EncodedSelection[] = [];
  let xiSum = 0n;
  for (let i = 0; i < n; i++) {
    const v = i === choice ? 1 : 0;
    const xi = randomScalar(G.q);
    const ct = encrypt(G, pk, v, xi);
    cts.push(ct);
    xiSum = mod(xiSum + xi, G.q);
    const proof = proveRange(G, hE, pk, ct, v, xi, 1);
    selections.push({ alpha: G.encode(ct.alpha), beta: G.encode(ct.beta), proof: encodeProof(G, proof) });
  }
  const agg = sum(G, cts);
  const contestProof = encodeProof(G, proveRange(G, hE, pk, agg, choice >= 0 ? 1 : 0, xiSum, 1));
  return { selections, contestProof };
}

/**
 * Verifies the benchmark ballot from its encoding: membership of every element, every selection's
 * range proof (Verification 5), the contest limit proof on the product (Verification 6).
 * In commitment form all equations go to one batch (one multi-exponentiation) when `batched`.
 */
export function verifyBenchBallot<E>(
  G: Group<E>,
  hE: Uint8Array,
  pk: PublicKey<E>,
  ballot: EncodedBenchBallot,
  batched = true,
): boolean {
  const batch = batched && G.proofForm === 'commitment' ? createBatch(G) : undefined;
  const cts: Ciphertext<E>[] = [];
  let ok = true;
  ballot.selections.forEach((s, i) => {
    const ct = {
      alpha: G.decode(s.alpha, `selections[${i}].alpha`),
      beta: G.decode(s.beta, `selections[${i}].beta`),
    };
    cts.push(ct);
    ok = verifyRange(G, hE, pk, ct, 1, decodeProof(G, s.proof, `selections[${i}].proof`), batch) && ok;
  });
  ok =
    verifyRange(G, hE, pk, sum(G, cts), 1, decodeProof(G, ballot.contestProof, 'contestProof'), batch) && ok;
  return ok && (batch ? batch.check() : true);
}

/** Sets up a key for the benchmark. */
export function benchKey<E>(G: Group<E>): PublicKey<E> {
  return publicKey(G, G.gExp(randomScalar(G.q)));
}
