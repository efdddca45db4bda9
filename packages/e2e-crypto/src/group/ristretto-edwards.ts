/**
 * Ristretto points through their Edwards representatives (spec/crypto.md §1.3): noble keeps the
 * extended coordinates (X, Y, Z, T) of a ristretto255 point's ed25519 representative in a
 * protected field; the WebAssembly code (field25519-wasm.ts) works on those coordinates. Ristretto
 * equality is a relation on representatives, so any representative of a result will do.
 * @module
 */
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import type { PointArena } from './field25519-wasm.js';

type RistrettoPoint = InstanceType<typeof ristretto255.Point>;

/** Extended coordinates of an Edwards point. */
export interface Extended {
  readonly X: bigint;
  readonly Y: bigint;
  readonly Z: bigint;
  readonly T: bigint;
}

/** The Edwards representative of `p` (built from bytes on first use for a {@link decodedPoint}). */
export const edwardsOf = (p: RistrettoPoint): Extended => (p as unknown as { ep: Extended }).ep;

const P = (1n << 255n) - 19n;

/**
 * The own fields of a point made by {@link decodedPoint}: `xy` holds x and y (canonical, 32
 * little-endian bytes each), `enc` the encoding it was decoded from (two arrays of at most 64
 * bytes, which V8 keeps on its heap: a longer one gets a backing store outside it, freed late),
 * `lazyEp` the Edwards point, once something asked for it.
 */
interface DecodedFields {
  xy: Uint8Array;
  enc: Uint8Array;
  lazyEp: InstanceType<typeof ed25519.Point> | undefined;
}

const le256 = (b: Uint8Array, at: number): bigint => {
  const w = new DataView(b.buffer, b.byteOffset + at, 32);
  return (
    w.getBigUint64(0, true) |
    (w.getBigUint64(8, true) << 64n) |
    (w.getBigUint64(16, true) << 128n) |
    (w.getBigUint64(24, true) << 192n)
  );
};

/**
 * The prototype of decoded points: a ristretto point (`instanceof`, every method) whose `ep` (the
 * Edwards representative noble's methods read) is made from the bytes on first use. noble declares
 * `ep` as an own field of its instances; these objects are made without noble's constructor, so
 * the getter here is what `ep` finds.
 */
const decodedProto: object = Object.create(ristretto255.Point.prototype, {
  ep: {
    get(this: DecodedFields) {
      if (!this.lazyEp) {
        const x = le256(this.xy, 0);
        const y = le256(this.xy, 32);
        this.lazyEp = new ed25519.Point(x, y, 1n, (x * y) % P);
      }
      return this.lazyEp;
    },
  },
});

/**
 * A ristretto point decoded elsewhere (WebAssembly, ristretto-decode.ts) that keeps its affine
 * coordinates as bytes: the multi-scalar multiplication copies them into WebAssembly memory as
 * they are, and encoding returns the bytes it came from, so a point that is only hashed and
 * multiplied never becomes BigInts (they are made on first use by any other operation).
 * Decoded elements are public (the record, a request): their bytes are kept in the clear, and
 * making the BigInts is variable time, as BigInt arithmetic always is.
 * @param xy - x, y (canonical, little-endian): 64 bytes, owned by the point
 * @param enc - the encoding: 32 bytes, owned by the point
 */
export function decodedPoint(xy: Uint8Array, enc: Uint8Array): RistrettoPoint {
  const p = Object.create(decodedProto) as DecodedFields;
  p.xy = xy;
  p.enc = enc;
  p.lazyEp = undefined;
  return p as unknown as RistrettoPoint;
}

/**
 * x, y (64 bytes) and the encoding (32 bytes) of a point made by {@link decodedPoint}, or
 * undefined for any other point. Not copies: callers must not write to them.
 */
export function decodedBytes(p: RistrettoPoint): { xy: Uint8Array; enc: Uint8Array } | undefined {
  const d = p as unknown as Partial<DecodedFields>;
  return d.xy && d.enc ? { xy: d.xy, enc: d.enc } : undefined;
}

/** x, y (64 bytes) of a point made by {@link decodedPoint}, or undefined (no allocation). */
export const decodedXy = (p: RistrettoPoint): Uint8Array | undefined =>
  (p as unknown as Partial<DecodedFields>).xy;

/** The encoding kept by a point made by {@link decodedPoint}, or undefined (not a copy). */
export const decodedEncoding = (p: RistrettoPoint): Uint8Array | undefined =>
  (p as unknown as Partial<DecodedFields>).enc;

/** The ristretto point represented by extended coordinates (each in [0, p)). */
export const fromEdwards = (X: bigint, Y: bigint, Z: bigint, T: bigint): RistrettoPoint =>
  new ristretto255.Point(new ed25519.Point(X, Y, Z, T));

/** Stores `p`'s representative as an extended point (320 bytes) at `at` of the arena. */
export function storePoint(arena: PointArena, at: number, p: RistrettoPoint): void {
  const e = edwardsOf(p);
  arena.store(at, e.X);
  arena.store(at + 80, e.Y);
  arena.store(at + 160, e.Z);
  arena.store(at + 240, e.T);
}

/** The ristretto point whose representative is the extended point at `at` of the arena. */
export const loadPoint = (arena: PointArena, at: number): RistrettoPoint =>
  fromEdwards(arena.load(at), arena.load(at + 80), arena.load(at + 160), arena.load(at + 240));
