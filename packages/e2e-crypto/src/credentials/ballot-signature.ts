/**
 * Credential signatures on ballots (spec/credentials.md §3): a Schnorr signature with the
 * voter's credential key s over a 32-byte ballot digest, whose challenge hashes the whole
 * statement — H(H_E; 0x51, S, str(purpose), digest, h) — so a signature cannot be moved to
 * another election, credential, purpose or ballot.
 *
 * Form follows the group profile like every proof: commitment form (h, v) in ristretto255,
 * challenge form (c, v) in eg-4096.
 * @module
 */
import { schnorrProofFromJson, schnorrProofToJson } from '../codec/proof-json.js';
import type { Group } from '../group/group.js';
import { domain, H, lengthPrefixed, str } from '../hash/hash.js';
import type { Batch } from '../proofs/batch.js';
import { proveSchnorr, verifySchnorr, type SchnorrProof } from '../proofs/schnorr.js';

/** Domain byte of the signature challenge (spec/credentials.md §3). */
export const CREDENTIAL_SIGNATURE_DOMAIN = 0x51;

/** What a signature authorises (spec/credentials.md §3.1). */
export type SignaturePurpose = 'cast' | 'challenge';

/** A credential signature: a Schnorr proof for S bound to a message. */
export type CredentialSignature<E> = SchnorrProof<E>;

/** JSON form: hex strings; `h` (commitment form) or `c` (challenge form), and `v`. */
export interface CredentialSignatureJson {
  readonly h?: string;
  readonly c?: string;
  readonly v: string;
}

function challengeFn<E>(G: Group<E>, hE: Uint8Array, S: E, purpose: SignaturePurpose, digest: Uint8Array) {
  return (h: E): Uint8Array =>
    H(
      hE,
      domain(CREDENTIAL_SIGNATURE_DOMAIN),
      G.encode(S),
      str(purpose),
      lengthPrefixed(digest),
      G.encode(h),
    );
}

function checkDigest(digest: Uint8Array): void {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new TypeError('digest must be 32 bytes');
}

/**
 * Signs a ballot digest with credential key s.
 * @param hE - the election's extended base hash
 * @param s - the credential key; S = g^s is recomputed
 * @param purpose - 'cast' or 'challenge'
 * @param digest - the 32-byte ballot digest (the server's spec says how it is computed)
 * @throws {TypeError} if digest is not 32 bytes
 */
export function signWithCredential<E>(
  G: Group<E>,
  hE: Uint8Array,
  s: bigint,
  purpose: SignaturePurpose,
  digest: Uint8Array,
): CredentialSignature<E> {
  checkDigest(digest);
  const S = G.gExp(s);
  return proveSchnorr(G, s, challengeFn(G, hE, S, purpose, digest));
}

/**
 * True when `sig` is a valid signature by public credential S (a checked group member) on
 * (purpose, digest). Never throws on bad data.
 * @param batch - commitment form: defer the group equation to this batch
 */
export function verifyCredentialSignature<E>(
  G: Group<E>,
  hE: Uint8Array,
  S: E,
  purpose: SignaturePurpose,
  digest: Uint8Array,
  sig: CredentialSignature<E>,
  batch?: Batch<E>,
): boolean {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) return false;
  if (purpose !== 'cast' && purpose !== 'challenge') return false;
  return verifySchnorr(G, S, sig, challengeFn(G, hE, S, purpose, digest), batch);
}

/**
 * The JSON form of a signature: a Schnorr proof, coded by the one proof codec
 * (../codec/proof-json.ts: uppercase hex, scalars < q, exactly the profile form's fields).
 * @throws {TypeError} when `sig` lacks its profile form's fields
 */
export function credentialSignatureToJson<E>(
  G: Group<E>,
  sig: CredentialSignature<E>,
): CredentialSignatureJson {
  return schnorrProofToJson(G, sig);
}

/**
 * Decodes the JSON form, checking the element's group membership and the scalars' ranges.
 * Hex must be upper case: a board entry kept as sent is read from its upper-case copy.
 * @param field - named in errors (e.g. "signature")
 * @throws {InvalidDataError} for a malformed or out-of-range value
 */
export function credentialSignatureFromJson<E>(
  G: Group<E>,
  json: CredentialSignatureJson,
  field = 'signature',
): CredentialSignature<E> {
  return schnorrProofFromJson(G, json, field);
}
