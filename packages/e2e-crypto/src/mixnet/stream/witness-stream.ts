/**
 * Streams of scalars for the streamed mixnet (spec/mixnet.md §7.4), so that no list of N secret
 * scalars is ever held: the prover draws one 32-byte key from the CSPRNG per shuffle and expands
 * it with ChaCha20 (node:crypto), one 64-byte keystream block per scalar, reduced mod q (bias
 * < 2^-250). Block b of the stream with label ℓ is ChaCha20(key, counter b, nonce ℓ ∥ 0^11), so a
 * worker recomputes exactly the scalars of its rows. The same construction gives the verifier's
 * batch weights y_j from a fresh key of its own. Also the challenge vector u_j (F3) computed
 * natively. Node only.
 * @module
 */
import { createCipheriv, createHmac } from 'node:crypto';
import { MIX_DOMAIN } from '../generators.js';

/** The labels (nonces) of the witness streams. */
export const STREAM = Object.freeze({
  /** r_{i,k}: block i·w + k */
  r: 1,
  /** rc_j: block j (the commitment randomness of c_j) */
  rc: 2,
  rHat: 3,
  omegaHat: 4,
  omegaP: 5,
  /** the verifier's weights y_j (128 bits, odd) */
  weight: 9,
});

/** The raw keystream blocks [from, from + count) of stream `label` (64 bytes each). */
function blocks(key: Uint8Array, label: number, from: number, count: number): Uint8Array {
  if (key.length !== 32) throw new RangeError('scalar stream: key must be 32 bytes');
  if (!Number.isSafeInteger(from) || from < 0 || from + count > 2 ** 32)
    throw new RangeError('scalar stream: block index out of range');
  const iv = new Uint8Array(16);
  new DataView(iv.buffer).setUint32(0, from, true);
  iv[4] = label;
  const c = createCipheriv('chacha20', key, iv);
  return new Uint8Array(c.update(new Uint8Array(64 * count)));
}

/** Scalars [from, from + count) of stream `label` under `key`, uniform mod q. */
export function streamScalars(
  key: Uint8Array,
  label: number,
  from: number,
  count: number,
  q: bigint,
): bigint[] {
  const bytes = blocks(key, label, from, count);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<bigint>(count);
  for (let i = 0; i < count; i++) {
    let x = 0n;
    for (let j = 0; j < 8; j++) x = (x << 64n) | dv.getBigUint64(64 * i + 8 * j);
    out[i] = x % q;
  }
  bytes.fill(0);
  return out;
}

/** The verifier's weights y_j, j in [from, from + count): 128-bit odd integers. */
export function streamWeights(key: Uint8Array, from: number, count: number): bigint[] {
  const bytes = blocks(key, STREAM.weight, from, count);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<bigint>(count);
  for (let i = 0; i < count; i++)
    out[i] = (dv.getBigUint64(64 * i) << 64n) | dv.getBigUint64(64 * i + 8) | 1n;
  return out;
}

/** u_j = the first 16 bytes of H(τ; 0x64, b(j, 4)) (F3), for the 0-based indices `js` (u of j + 1). */
export function challengesAt(tau: Uint8Array, js: ArrayLike<number>): bigint[] {
  const out = new Array<bigint>(js.length);
  const msg = new Uint8Array(5);
  msg[0] = MIX_DOMAIN.challengeVector;
  const dv = new DataView(msg.buffer);
  for (let x = 0; x < js.length; x++) {
    dv.setUint32(1, js[x]! + 1);
    const d = createHmac('sha256', tau).update(msg).digest();
    out[x] = (d.readBigUInt64BE(0) << 64n) | d.readBigUInt64BE(8);
  }
  return out;
}
