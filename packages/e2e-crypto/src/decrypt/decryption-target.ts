/**
 * What a quorum decrypts: a selection ciphertext (A, B) — a tally entry or a challenged ballot's
 * selection — or a contest-data ciphertext (C0, C1, C2), with the hash inputs of its proof
 * (EG 2.0 §3.6.3 eq 71, §3.6.4 eq 81; spec/key-ceremony.md §9).
 * @module
 */
import { toHex, utf8Bytes } from '../bytes.js';
import type { Ciphertext } from '../elgamal/elgamal.js';
import type { HashedCiphertext } from '../elgamal/hashed-elgamal.js';
import { type Group, encodeTo } from '../group/group.js';
import { domain, H, lengthPrefixed } from '../hash/hash.js';

/** A ciphertext to decrypt with the guardians' key shares. */
export type DecryptionTarget<E> =
  | { readonly kind: 'selection'; readonly ct: Ciphertext<E> }
  | { readonly kind: 'contest-data'; readonly ct: HashedCiphertext<E> };

/** The election values every decryption proof hashes. */
export interface DecryptionContext<E> {
  /** the joint election public key K */
  readonly K: E;
  /** the extended base hash H_E */
  readonly hE: Uint8Array;
}

/** The element raised to the key share: A (= α) for a selection, C0 for contest data. */
export function targetPad<E>(t: DecryptionTarget<E>): E {
  return t.kind === 'selection' ? t.ct.alpha : t.ct.c0;
}

/**
 * The hash encoding of C1 inside the 0x31 challenge. EG 2.0.0's table (§5.5.4) writes b(C1, 512),
 * which cannot hold longer data; the only 2.0 records in existence (egk) hash the UTF-8 bytes of
 * C1's uppercase hexadecimal form, and eg-4096 follows them for interoperability. ristretto255
 * hashes b(len(C1), 4) ∥ C1. See spec/key-ceremony.md "Interoperability notes".
 */
export function contestDataC1Bytes<E>(G: Group<E>, c1: Uint8Array): Uint8Array {
  return G.name === 'eg-4096' ? utf8Bytes(toHex(c1)) : lengthPrefixed(c1);
}

/** The domain byte and the ciphertext's hash inputs: (0x30; A, B) or (0x31; C0, C1, C2). */
export function targetHashInputs<E>(
  G: Group<E>,
  t: DecryptionTarget<E>,
): { dom: number; parts: Uint8Array[] } {
  if (t.kind === 'selection') return { dom: 0x30, parts: [G.encode(t.ct.alpha), G.encode(t.ct.beta)] };
  return { dom: 0x31, parts: [G.encode(t.ct.c0), contestDataC1Bytes(G, t.ct.c1), t.ct.c2] };
}

/**
 * The joint challenge hash of a decryption proof as a function of the commitments:
 * H(H_E; 0x30, K, A, B, a, b, M) (eq 71) or H(H_E; 0x31, K, C0, C1, C2, a, b, β) (eq 81).
 * @param M - the combined decryption M (or β)
 */
export function decryptionChallenge<E>(G: Group<E>, ctx: DecryptionContext<E>, t: DecryptionTarget<E>, M: E) {
  if (t.kind === 'selection') return (a: E, b: E): Uint8Array => selectionChallenge(G, ctx, t.ct, a, b, M);
  const { dom, parts } = targetHashInputs(G, t);
  return (a: E, b: E): Uint8Array =>
    H(ctx.hE, domain(dom), G.encode(ctx.K), ...parts, G.encode(a), G.encode(b), G.encode(M));
}

/**
 * The message of a selection's challenge is written here (grown for a larger group): one array
 * hashed at once, no encoding copied (a record's decryptions hash one message per ciphertext).
 * It holds public values only and is never kept.
 */
let scratch = new Uint8Array(256);

/** H(H_E; 0x30, K, A, B, a, b, M) (eq 71) with every encoding written once into one message. */
function selectionChallenge<E>(
  G: Group<E>,
  ctx: DecryptionContext<E>,
  ct: Ciphertext<E>,
  a: E,
  b: E,
  M: E,
): Uint8Array {
  const n = G.elementLength;
  const length = 1 + 6 * n;
  if (length > scratch.length) scratch = new Uint8Array(length);
  const msg = scratch.subarray(0, length);
  msg[0] = 0x30;
  encodeTo(G, ctx.K, msg, 1);
  encodeTo(G, ct.alpha, msg, 1 + n);
  encodeTo(G, ct.beta, msg, 1 + 2 * n);
  encodeTo(G, a, msg, 1 + 3 * n);
  encodeTo(G, b, msg, 1 + 4 * n);
  encodeTo(G, M, msg, 1 + 5 * n);
  return H(ctx.hE, msg);
}
