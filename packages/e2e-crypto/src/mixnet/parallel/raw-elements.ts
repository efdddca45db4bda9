/**
 * How the parallel prover moves group elements and scalars between threads (spec/mixnet.md §7.3).
 *
 * Elements travel in an internal form that costs neither a square root nor a membership check:
 * ristretto255 points as their Edwards representative (X : Y : Z : T), 4 × 32 bytes little-endian;
 * eg-4096 elements as their 512-byte encoding read back without the (expensive) membership
 * exponentiation. This form is trusted: only this process's own worker threads produce it, and it
 * is never read from a file or the network (published values are decoded with `G.decode`).
 * Scalars travel as 32 bytes little-endian. Browser-safe.
 * @module
 */
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import { bytesToBigint } from '../../bytes.js';
import type { Group } from '../../group/group.js';

const M64 = (1n << 64n) - 1n;
const RawPoint = ristretto255.Point;
const EdPoint = ed25519.Point;

/** Bytes per element in the internal form. */
export function rawLength<E>(G: Group<E>): number {
  return G.name === 'ristretto255' ? 128 : G.elementLength;
}

function put256(dv: DataView, at: number, x: bigint): void {
  dv.setBigUint64(at, x & M64, true);
  dv.setBigUint64(at + 8, (x >> 64n) & M64, true);
  dv.setBigUint64(at + 16, (x >> 128n) & M64, true);
  dv.setBigUint64(at + 24, x >> 192n, true);
}

function get256(dv: DataView, at: number): bigint {
  return (
    dv.getBigUint64(at, true) |
    (dv.getBigUint64(at + 8, true) << 64n) |
    (dv.getBigUint64(at + 16, true) << 128n) |
    (dv.getBigUint64(at + 24, true) << 192n)
  );
}

const viewOf = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/**
 * Packs scalars in [0, 2^256) as 32 bytes little-endian each.
 * @throws {RangeError} for a scalar out of range
 */
export function packScalarsLE(xs: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(32 * xs.length);
  const dv = viewOf(out);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x < 0n || x >> 256n !== 0n) throw new RangeError('packScalarsLE: scalar out of range');
    put256(dv, 32 * i, x);
  }
  return out;
}

/** Reads scalars packed by {@link packScalarsLE}. */
export function unpackScalarsLE(b: Uint8Array): bigint[] {
  const dv = viewOf(b);
  const n = b.length / 32;
  const out = new Array<bigint>(n);
  for (let i = 0; i < n; i++) out[i] = get256(dv, 32 * i);
  return out;
}

/** The Edwards representative of a ristretto255 point (noble keeps it in the field `ep`). */
type Edwards = { X: bigint; Y: bigint; Z: bigint; T: bigint };
const edwardsOf = (p: unknown): Edwards => (p as { ep: Edwards }).ep;

/** Packs elements in the internal form. */
export function packElements<E>(G: Group<E>, xs: readonly E[]): Uint8Array {
  const L = rawLength(G);
  const out = new Uint8Array(L * xs.length);
  if (G.name === 'ristretto255') {
    const dv = viewOf(out);
    for (let i = 0; i < xs.length; i++) {
      const e = edwardsOf(xs[i]);
      put256(dv, 128 * i, e.X);
      put256(dv, 128 * i + 32, e.Y);
      put256(dv, 128 * i + 64, e.Z);
      put256(dv, 128 * i + 96, e.T);
    }
  } else {
    for (let i = 0; i < xs.length; i++) out.set(G.encode(xs[i]!), L * i);
  }
  return out;
}

/** Reads elements packed by {@link packElements} (trusted input: no membership check). */
export function unpackElements<E>(G: Group<E>, b: Uint8Array): E[] {
  const L = rawLength(G);
  const n = b.length / L;
  const out = new Array<E>(n);
  if (G.name === 'ristretto255') {
    const dv = viewOf(b);
    for (let i = 0; i < n; i++) {
      const a = 128 * i;
      const ep = new EdPoint(get256(dv, a), get256(dv, a + 32), get256(dv, a + 64), get256(dv, a + 96));
      out[i] = new RawPoint(ep) as E;
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = bytesToBigint(b.subarray(L * i, L * (i + 1))) as E;
  }
  return out;
}
