/**
 * Many random scalars at once (the prover draws 5 per row, spec/mixnet.md §3, §4.2): the same
 * distribution as `randomScalar` (64 CSPRNG bytes reduced mod q, statistical distance below
 * 2^-250 from uniform), with one CSPRNG call per 1,024 scalars instead of one per scalar. The
 * random bytes are overwritten with zeros once used.
 * @module
 */
import { randomBytes } from '@noble/hashes/utils.js';

/** crypto.getRandomValues gives at most 65,536 bytes a call. */
const PER_CALL = 1024;

/**
 * n uniformly random scalars in [0, q).
 * @throws {RangeError} for n not a non-negative integer
 */
export function randomScalars(q: bigint, n: number): bigint[] {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError('randomScalars: n must be a non-negative integer');
  const out = new Array<bigint>(n);
  for (let a = 0; a < n; a += PER_CALL) {
    const m = Math.min(PER_CALL, n - a);
    const bytes = randomBytes(64 * m);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < m; i++) {
      let x = 0n;
      for (let j = 0; j < 8; j++) x = (x << 64n) | dv.getBigUint64(64 * i + 8 * j);
      out[a + i] = x % q;
    }
    bytes.fill(0);
  }
  return out;
}
