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

/** The Edwards representative of `p`. */
export const edwardsOf = (p: RistrettoPoint): Extended => (p as unknown as { ep: Extended }).ep;

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
