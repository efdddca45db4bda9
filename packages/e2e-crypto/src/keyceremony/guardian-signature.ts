/**
 * Guardian signatures (spec/key-ceremony.md §13): each guardian holds an Ed25519 signing key
 * (RFC 8032, through @noble/curves) made at `init`, and signs what it uploads after the election —
 * its mix stages and its decryption uploads — so that neither the server nor the administrator
 * can upload under a guardian's number. The one place where the signed statement is defined:
 * the trustee signs with it, the server and the verifier check with it.
 *
 * The signing key is bound to the guardian's election key by a Schnorr proof of knowledge of
 * a_{i,0} whose challenge hashes the signing key (domain byte 0x1F): whoever assembles the
 * election key file cannot swap a guardian's signing key for its own.
 *
 * Why Ed25519 and not a Schnorr signature in the election group: the same algorithm in both
 * group profiles, deterministic signing (no nonce to get wrong), and the key is not a share of
 * the election key (signing never touches a_{i,0} or P(i)).
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519 } from '../signature/ed25519-verify.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromHex, toHex, u32, utf8Bytes } from '../bytes.js';
import { InvalidDataError } from '../errors.js';
import type { Group } from '../group/group.js';
import { domain, H, int4, str } from '../hash/hash.js';
import { canonicalJsonString } from '../manifest/canonical.js';
import type { Batch } from '../proofs/batch.js';
import { type SchnorrProof, proveSchnorr, verifySchnorr } from '../proofs/schnorr.js';

/** The context string that starts every signed statement (domain separation). */
export const GUARDIAN_SIGNATURE_CONTEXT = 'evident/guardian-signature/v1';

/** What a guardian signs. */
export type GuardianSignedKind = 'mix-stage' | 'partial-decryption' | 'decryption-response';

/** One signed statement, before encoding. */
export interface GuardianStatement {
  /** H_E of the election (32 bytes) */
  readonly hE: Uint8Array;
  readonly kind: GuardianSignedKind;
  /** mix stage: the contest id; decryption: the request kind (`tally`, `challenged-ballots`, `ranked`) */
  readonly scope: string;
  /** mix stage: the stage number j (0-based); decryption: the round of the two-round protocol, 1 or 2 */
  readonly index: number;
  /** the guardian's coordinate i (1..n) */
  readonly guardian: number;
  /** the signed content (a JSON value), hashed in canonical form, see {@link contentDigest} */
  readonly content: unknown;
  /**
   * {@link contentDigest} of the content when the caller already has it: computed over files
   * without holding the content (a mix stage of the record, spec/mixnet.md §8.2), or from the
   * canonical text a verifier kept of what it read; `content` is then not serialized
   */
  readonly contentSha256?: Uint8Array;
}

/** SHA-256 of the UTF-8 canonical JSON (RFC 8785) of `content`. */
export function contentDigest(content: unknown): Uint8Array {
  return sha256(utf8Bytes(canonicalJsonString(content)));
}

/**
 * The signed message: str(context) ∥ H_E ∥ str(kind) ∥ str(scope) ∥ u32(index) ∥ u32(guardian) ∥
 * SHA-256(canonical JSON of content), str(s) = u32 length ∥ UTF-8 bytes.
 * @throws {RangeError} when H_E is not 32 bytes or index/guardian is not an integer in [0, 2^31)
 */
export function guardianStatement(s: GuardianStatement): Uint8Array {
  if (!(s.hE instanceof Uint8Array) || s.hE.length !== 32) throw new RangeError('hE must be 32 bytes');
  for (const [n, v] of [
    ['index', s.index],
    ['guardian', s.guardian],
  ] as const)
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** 31) throw new RangeError(`${n} must be in [0, 2^31)`);
  return concatBytes(
    str(GUARDIAN_SIGNATURE_CONTEXT),
    s.hE,
    str(s.kind),
    str(s.scope),
    u32(s.index),
    u32(s.guardian),
    s.contentSha256 ?? contentDigest(s.content),
  );
}

/** A fresh signing key pair from the CSPRNG: 32-byte secret seed, 32-byte public key. */
export function generateGuardianSigningKey(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const { secretKey, publicKey } = ed25519.keygen();
  return { secretKey, publicKey };
}

/** The public key of a 32-byte secret seed. */
export function guardianSigningPublicKey(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

/** Signs a statement; @returns the 64-byte Ed25519 signature. */
export function signGuardianStatement(secretKey: Uint8Array, s: GuardianStatement): Uint8Array {
  return ed25519.sign(guardianStatement(s), secretKey);
}

/**
 * True when `signature` is the guardian's signature of `s` under `publicKey` (RFC 8032 strict:
 * canonical encodings, no ZIP-215 leniency). Never throws on bad data.
 */
export function verifyGuardianSignature(
  publicKey: Uint8Array,
  s: GuardianStatement,
  signature: Uint8Array,
): boolean {
  try {
    if (signature.length !== 64 || !isValidSigningKey(publicKey)) return false;
    return verifyEd25519(signature, guardianStatement(s), publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** True when `publicKey` is 32 bytes encoding a point of the curve outside the small subgroup. */
export function isValidSigningKey(publicKey: Uint8Array): boolean {
  try {
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
    return !ed25519.Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    return false;
  }
}

/** The challenge of the signing-key binding: H(H_P; 0x1F, i, K_i, h, signingKey). */
export function signingKeyChallenge<E>(
  G: Group<E>,
  hP: Uint8Array,
  i: number,
  Ki: E,
  signingKey: Uint8Array,
) {
  return (h: E): Uint8Array => H(hP, domain(0x1f), int4(i), G.encode(Ki), G.encode(h), signingKey);
}

/**
 * Proves knowledge of a_{i,0} (K_i = g^{a_{i,0}}) bound to the signing key: only guardian i can
 * publish a signing key under its number.
 */
export function proveSigningKey<E>(
  G: Group<E>,
  hP: Uint8Array,
  i: number,
  a0: bigint,
  signingKey: Uint8Array,
): SchnorrProof<E> {
  return proveSchnorr(G, a0, signingKeyChallenge(G, hP, i, G.gExp(a0), signingKey));
}

/** Verifies the binding proof of a signing key (check 2.E); may defer to `batch`. */
export function verifySigningKeyProof<E>(
  G: Group<E>,
  hP: Uint8Array,
  i: number,
  Ki: E,
  signingKey: Uint8Array,
  proof: SchnorrProof<E>,
  batch?: Batch<E>,
): boolean {
  if (!isValidSigningKey(signingKey)) return false;
  return verifySchnorr(G, Ki, proof, signingKeyChallenge(G, hP, i, Ki, signingKey), batch);
}

/** The statement of a mix stage: its content is `{outputs, proof}` as encoded in spec/mixnet.md §1.2. */
export function mixStageStatement(
  hE: Uint8Array,
  contestId: string,
  stage: number,
  guardian: number,
  outputs: unknown,
  proof: unknown,
): GuardianStatement {
  return { hE, kind: 'mix-stage', scope: contestId, index: stage, guardian, content: { outputs, proof } };
}

/**
 * The statement of a decryption upload (round 1 `partial-decryption`, round 2
 * `decryption-response`): its content is the uploaded file without its `signature` member.
 * @param requestKind - `tally`, `challenged-ballots` or `ranked`
 */
export function decryptionUploadStatement(
  hE: Uint8Array,
  kind: 'partial-decryption' | 'decryption-response',
  requestKind: string,
  guardian: number,
  file: Readonly<Record<string, unknown>>,
): GuardianStatement {
  const { signature: _s, ...content } = file;
  return {
    hE,
    kind,
    scope: requestKind,
    index: kind === 'partial-decryption' ? 1 : 2,
    guardian,
    content,
  };
}

/** Hex (upper case) of a signing key or signature, as the files carry it. */
export const signatureHex = (b: Uint8Array): string => toHex(b);

/**
 * Decodes a hex signing key (32 bytes) or signature (64 bytes).
 * @throws {InvalidDataError} ENCODING naming `field`
 */
export function decodeSignatureBytes(v: unknown, field: string, length: 32 | 64): Uint8Array {
  if (typeof v !== 'string' || v.length !== 2 * length)
    throw new InvalidDataError('ENCODING', field, `expected ${length} bytes in hex`);
  return fromHex(v, field);
}
