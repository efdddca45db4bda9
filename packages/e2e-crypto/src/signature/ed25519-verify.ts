/**
 * Ed25519 signature verification (RFC 8032): natively (OpenSSL through `node:crypto`) in Node,
 * @noble/curves elsewhere, with the result of @noble/curves' `ed25519.verify` on every input.
 *
 * The two checks differ where a signature or key holds a point of small order: @noble/curves
 * checks the cofactored equation [8][s]B = [8]R + [8][k]A, OpenSSL the cofactorless one — it
 * re-encodes [s]B − [k]A and compares the bytes with R — and they may decode non-canonical
 * encodings differently (y ≥ p, x = 0 with the sign bit set). So the native check is only
 * trusted when it accepts, and only on inputs where acceptance means the same:
 *
 * - A is a canonical encoding of a curve point (y < p, no negative zero), and in strict mode
 *   (RFC 8032 §5.1.7 decoding, `zip215: false`) not of small order, as @noble/curves requires;
 * - R is a canonical encoding (y < p, no negative zero) and s < L.
 *
 * Then OpenSSL's acceptance, [s]B − [k]A = R with k = SHA-512(R ∥ A ∥ M) mod L over the same
 * bytes, implies the cofactored equation (multiply both sides by 8), and @noble/curves decodes
 * A and R to the same points: it accepts too. Every other case — OpenSSL refuses, a key or
 * signature outside these forms, no `node:crypto` — is decided by @noble/curves itself, so a
 * refusal costs one portable check more and honest signatures take the native path.
 * ed25519-verify.test.ts compares both on honest, forged and adversarial encodings.
 *
 * Node is detected at run time (../native-crypto.ts), so that a browser bundle keeps the portable code.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { nodeCrypto } from '../native-crypto.js';

/** The part of `node:crypto` used here. */
interface NativeEd25519 {
  createPublicKey(o: { key: { kty: 'OKP'; crv: 'Ed25519'; x: string }; format: 'jwk' }): object;
  verify(alg: null, data: Uint8Array, key: object, signature: Uint8Array): boolean;
}

const native = nodeCrypto<NativeEd25519>('verify', 'createPublicKey');

/** 2^255 − 19. */
const P = (1n << 255n) - 19n;
/** The order of the base point. */
const L = (1n << 252n) + 27742317777372353535851937790883648493n;

/** Little-endian integer of `b`. */
function leInt(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

/** True when `b` (32 bytes) is a canonical point encoding: y < p, and no sign bit on x = 0 (y = ±1). */
function canonicalEncoding(b: Uint8Array): boolean {
  const sign = (b[31]! & 0x80) !== 0;
  const y = leInt(b) & ((1n << 255n) - 1n);
  return y < P && !(sign && (y === 1n || y === P - 1n));
}

/** RFC 4648 §5 without padding (JWK's `x`). */
function base64url(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** What the native path may do with a public key; kept per key (a record has a few). */
interface KeyInfo {
  /** node:crypto's key object; undefined when it refuses the key */
  readonly key?: object;
  /** canonical encoding of a point (ZIP-215 decoding, noble's default for ed25519) */
  readonly point: boolean;
  /** and not of small order: what strict (RFC 8032) verification requires */
  readonly strict: boolean;
}

const keys = new Map<string, KeyInfo>();
const MAX_KEYS = 1024;

function keyInfo(n: NativeEd25519, publicKey: Uint8Array): KeyInfo {
  const id = base64url(publicKey);
  let k = keys.get(id);
  if (k) return k;
  let point = false;
  let strict = false;
  try {
    point = canonicalEncoding(publicKey);
    strict = point && !ed25519.Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    point = false; // not a point
  }
  let key: object | undefined;
  try {
    if (point) key = n.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: id }, format: 'jwk' });
  } catch {
    key = undefined;
  }
  k = { point, strict, ...(key ? { key } : {}) };
  if (keys.size >= MAX_KEYS) keys.clear();
  keys.set(id, k);
  return k;
}

/** Options of {@link verifyEd25519}, as @noble/curves' `ed25519.verify` takes them. */
export interface Ed25519VerifyOptions {
  /** false: RFC 8032 strict decoding and no small-order key; true: ZIP-215 (noble's default) */
  readonly zip215: boolean;
}

/**
 * `ed25519.verify(signature, message, publicKey, opts)` of @noble/curves: the same result (and the
 * same exceptions) on every input, natively when that is sure to agree.
 */
export function verifyEd25519(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
  opts: Ed25519VerifyOptions,
): boolean {
  if (native && fastPathApplies(native, signature, message, publicKey, opts)) {
    const k = keyInfo(native, publicKey);
    if (k.key && native.verify(null, message, k.key, signature)) return true;
  }
  return ed25519.verify(signature, message, publicKey, { zip215: opts.zip215 });
}

/** True when a native acceptance of this input means @noble/curves' acceptance (module comment). */
function fastPathApplies(
  n: NativeEd25519,
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
  opts: Ed25519VerifyOptions,
): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (!(message instanceof Uint8Array) || !(publicKey instanceof Uint8Array) || publicKey.length !== 32)
    return false;
  const k = keyInfo(n, publicKey);
  if (!(opts.zip215 ? k.point : k.strict)) return false;
  return canonicalEncoding(signature.subarray(0, 32)) && leInt(signature.subarray(32)) < L;
}

/** True when verification runs natively here (Node); for benchmarks and tests. */
export const nativeEd25519: boolean = native !== undefined;
