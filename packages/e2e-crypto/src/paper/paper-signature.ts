/**
 * Signatures of the paper channel (spec/stations.md §2): a polling station's device key signs
 * its tally sheets, its poll-book closing and the ballots its marking device prints; the
 * election's ballot-printing key signs the pre-printed ballots. Ed25519 (RFC 8032, through
 * @noble/curves), as for tree heads and guardians: deterministic signing, the same in both
 * group profiles, and standard tooling on a phone can check it.
 *
 * The one place where the signed statement is defined: the station signs with it, the server
 * and the verifier check with it. The statement names its kind and the election, and hashes the
 * whole payload (its RFC 8785 canonical JSON), so that no signature can be moved to another
 * kind of object or another election.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519 } from '../signature/ed25519-verify.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromHex, toHex, utf8Bytes } from '../bytes.js';
import { str } from '../hash/hash.js';
import { canonicalJsonString } from '../manifest/canonical.js';

/** The context string that starts every signed statement (domain separation). */
export const PAPER_SIGNATURE_CONTEXT = 'evident/paper-signature/v1';

/** What a station or the printing key signs. */
export type PaperSignedKind = 'tally-sheet' | 'paper-ballot' | 'bmd-ballot' | 'poll-book-close';

/** An Ed25519 key pair of a station or of the ballot printer. */
export interface PaperKeyPair {
  /** 32-byte seed */
  readonly secretKey: Uint8Array;
  /** 32 bytes, registered on the board (`station-key`, `printing-key`) */
  readonly publicKey: Uint8Array;
}

/** A fresh key pair from the CSPRNG. */
export function generatePaperKey(): PaperKeyPair {
  const { secretKey, publicKey } = ed25519.keygen();
  return { secretKey, publicKey };
}

/** The public key of a 32-byte seed. */
export function paperPublicKey(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

/**
 * Whether `publicKeyHex` is a usable Ed25519 public key: 32 bytes (64 hex digits, either case)
 * that decode to a curve point (RFC 8032 §5.1.3) of large order — a small-order key would accept
 * signatures anyone can forge. False, never a throw.
 */
export function isPaperPublicKey(publicKeyHex: string): boolean {
  try {
    if (typeof publicKeyHex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(publicKeyHex)) return false;
    return !ed25519.Point.fromBytes(fromHex(publicKeyHex, 'publicKey')).isSmallOrder();
  } catch {
    return false;
  }
}

/** SHA-256 of the payload's canonical JSON (RFC 8785): what the statement binds. */
export function paperDigest(payload: unknown): Uint8Array {
  return sha256(utf8Bytes(canonicalJsonString(payload)));
}

/** The signed message: str(context) ∥ str(kind) ∥ str(electionId) ∥ SHA-256(canonical payload). */
export function paperStatement(kind: PaperSignedKind, electionId: string, payload: unknown): Uint8Array {
  return concatBytes(str(PAPER_SIGNATURE_CONTEXT), str(kind), str(electionId), paperDigest(payload));
}

/** Signs a statement; the signature as 128 upper-case hex digits. */
export function signPaperStatement(
  secretKey: Uint8Array,
  kind: PaperSignedKind,
  electionId: string,
  payload: unknown,
): string {
  return toHex(ed25519.sign(paperStatement(kind, electionId, payload), secretKey));
}

/**
 * Checks a signature; false (never a throw) for a malformed key or signature, a payload that
 * is not JSON, or a signature that does not verify.
 */
export function verifyPaperStatement(
  publicKeyHex: string,
  kind: PaperSignedKind,
  electionId: string,
  payload: unknown,
  signatureHex: string,
): boolean {
  try {
    const key = fromHex(publicKeyHex, 'publicKey');
    const sig = fromHex(signatureHex, 'signature');
    if (key.length !== 32 || sig.length !== 64) return false;
    return verifyEd25519(sig, paperStatement(kind, electionId, payload), key, { zip215: false });
  } catch {
    return false;
  }
}
