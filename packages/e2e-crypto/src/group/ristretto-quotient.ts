/**
 * a − b of two decoded ristretto255 points, with its encoding and its affine coordinates, in
 * WebAssembly (`Group.divEncoded`, spec/crypto.md §1.3): the quotient that a decryption proof's
 * challenge hashes (M = B·T^-1, EG 2.0 Verification 9) and that its equation then multiplies.
 *
 * The encoding (RFC 9496 §4.3.2) computes z_inv = den1·den2·T = 1/Z on the way (for x, y ≠ 0);
 * x = X·z_inv and y = Y·z_inv are then two multiplications, checked (x·Z = X, y·Z = Y) before they
 * are used, so the result is a point like a decoded one (ristretto-edwards.ts `decodedPoint`):
 * hashed from its kept encoding, and an affine term of a multi-scalar multiplication, with no
 * BigInt made. Where the check fails (the difference has x = 0 or y = 0: the identity's
 * representatives), or a point is not a decoded one, the caller computes the quotient in BigInt.
 *
 * Variable time (returns early on the check): public points only (proof verification).
 * @module
 */
import { LAYOUT, sharedArena } from './field25519-wasm.js';
import { decodedPoint, decodedXy } from './ristretto-edwards.js';
import type { RistrettoPoint } from './ristretto255.js';

/** Scratch in the shared instance (callers own LAYOUT.POINTS and above; used between calls only). */
const IN = LAYOUT.POINTS; // a's x, y, then b's x, y (128 bytes, + 8 read past the end by unpack)
const R = IN + 160; // a, extended, then a − b
const BX = R + 320; // b's x, y as limbs
const BY = BX + 80;
const QP = BY + 80; // b in precomputed form: y + x, y − x, 2d·x·y
const QM = QP + 80;
const Q2D = QM + 80;
const XA = Q2D + 80; // the affine x, y of the result
const YA = XA + 80;
const CHECK = YA + 80;
const OUT = CHECK + 80; // the packed x, y (64 bytes)
/** z_inv as `encode` leaves it in its scratch (slot 8 of LAYOUT.CODEC: field25519-wasm-codec.ts). */
const ZINV = LAYOUT.CODEC + 80 * 8;

/**
 * a − b as a point that keeps its encoding and affine x, y, or undefined when a or b is not a
 * decoded point, the difference is the identity, or WebAssembly is unavailable.
 */
export const quotientFast:
  ((a: RistrettoPoint, b: RistrettoPoint) => RistrettoPoint | undefined) | undefined = sharedArena
  ? (a, b) => {
      const xa = decodedXy(a);
      const xb = decodedXy(b);
      if (!xa || !xb) return undefined;
      const A = sharedArena!;
      A.reserve(OUT + 72);
      const f = A.fn;
      A.bytes.set(xa, IN);
      A.bytes.set(xb, IN + 64);
      // a as an extended point (x, y, 1, x·y)
      f.unpack(R, IN);
      f.unpack(R + 80, IN + 32);
      f.add(R + 160, LAYOUT.ONE, LAYOUT.ZERO);
      f.mul(R + 240, R, R + 80);
      // b in precomputed form; −b by swapping y + x and y − x and negating 2d·x·y (madd's neg)
      f.unpack(BX, IN + 64);
      f.unpack(BY, IN + 96);
      f.add(QP, BY, BX);
      f.sub(QM, BY, BX);
      f.mul(Q2D, BX, BY);
      f.mul(Q2D, Q2D, LAYOUT.K2D);
      f.madd(R, QM, QP, Q2D, 1);
      f.encode(LAYOUT.ENC, R);
      f.mul(XA, R, ZINV);
      f.mul(YA, R + 80, ZINV);
      f.mul(CHECK, XA, R + 160);
      if (!f.eq(CHECK, R)) return undefined;
      f.mul(CHECK, YA, R + 160);
      if (!f.eq(CHECK, R + 80)) return undefined;
      f.pack(OUT, XA);
      f.pack(OUT + 32, YA);
      return decodedPoint(A.bytes.slice(OUT, OUT + 64), A.bytes.slice(LAYOUT.ENC, LAYOUT.ENC + 32));
    }
  : undefined;
