/**
 * Signed tree heads (spec/bulletin-board.md §4): the log operator's Ed25519 signature
 * (RFC 8032, through @noble/curves) over the log id, the tree size, the time and the root hash.
 *
 * Why Ed25519 and not a Schnorr signature in the election group: the tree-head key belongs to
 * the log, not to the election's cryptography; Ed25519 is one of the two signature algorithms
 * RFC 9162 allows for logs, so standard transparency tooling can check our heads; signing is
 * deterministic (no nonce to get wrong); and it is the same in both group profiles.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519 } from '../signature/ed25519-verify.js';
import { concatBytes, fromHex, toHex } from '../bytes.js';
import { InvalidDataError } from '../errors.js';
import { str } from '../hash/hash.js';
import { LOG_HASH_LENGTH } from './tree-hash.js';

/** The context string that starts every signed message (domain separation, §4.1). */
export const TREE_HEAD_CONTEXT = 'evident/tree-head/v1';

/** A tree head as published (hex strings, JSON-safe). */
export interface SignedTreeHead {
  /** Which log: the election id. */
  readonly logId: string;
  /** Number of entries covered. */
  readonly treeSize: number;
  /** Milliseconds since the Unix epoch when the head was signed. */
  readonly timestamp: number;
  /** MTH of the first `treeSize` entries, 64 hex digits. */
  readonly rootHash: string;
  /** Ed25519 signature over {@link treeHeadMessage}, 128 hex digits. */
  readonly signature: string;
}

/** An Ed25519 key pair of a log operator. */
export interface LogKeyPair {
  readonly secretKey: Uint8Array;
  /** 32 bytes; published in the log's first entry. */
  readonly publicKey: Uint8Array;
}

function u64(n: number, field: string): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${field} must be a non-negative safe integer`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

/**
 * The signed message (§4.1): str(context) ∥ str(logId) ∥ u64(treeSize) ∥ u64(timestamp) ∥ rootHash.
 * @throws {RangeError} for a negative size or time, or a root hash that is not 32 bytes
 */
export function treeHeadMessage(
  logId: string,
  treeSize: number,
  timestamp: number,
  rootHash: Uint8Array,
): Uint8Array {
  if (rootHash.length !== LOG_HASH_LENGTH) throw new RangeError('rootHash must be 32 bytes');
  return concatBytes(
    str(TREE_HEAD_CONTEXT),
    str(logId),
    u64(treeSize, 'treeSize'),
    u64(timestamp, 'timestamp'),
    rootHash,
  );
}

/** A fresh log key pair from the CSPRNG. */
export function generateLogKey(): LogKeyPair {
  const { secretKey, publicKey } = ed25519.keygen();
  return { secretKey, publicKey };
}

/** The public key of a 32-byte Ed25519 secret key. */
export function logPublicKey(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

/**
 * Signs a tree head.
 * @param secretKey - the log's Ed25519 secret key (32 bytes)
 * @param timestamp - ms since the epoch (default: now)
 */
export function signTreeHead(
  secretKey: Uint8Array,
  logId: string,
  treeSize: number,
  rootHash: Uint8Array,
  timestamp: number = Date.now(),
): SignedTreeHead {
  const msg = treeHeadMessage(logId, treeSize, timestamp, rootHash);
  return {
    logId,
    treeSize,
    timestamp,
    rootHash: toHex(rootHash).toLowerCase(),
    signature: toHex(ed25519.sign(msg, secretKey)).toLowerCase(),
  };
}

/**
 * True when `sth` is well formed and its signature verifies under `publicKey` (§4.2).
 * Never throws on bad data.
 */
export function verifyTreeHead(sth: SignedTreeHead, publicKey: Uint8Array): boolean {
  try {
    if (typeof sth !== 'object' || sth === null || typeof sth.logId !== 'string') return false;
    const root = decodeLogHash(sth.rootHash, 'rootHash');
    const sig = fromHex(sth.signature, 'signature');
    if (sig.length !== 64) return false;
    const msg = treeHeadMessage(sth.logId, sth.treeSize, sth.timestamp, root);
    return verifyEd25519(sig, msg, publicKey, { zip215: true }); // noble's default, as before
  } catch {
    return false;
  }
}

/**
 * Decodes a 64-hex-digit log hash.
 * @throws {InvalidDataError} ENCODING naming `field`
 */
export function decodeLogHash(hex: string, field: string): Uint8Array {
  const b = fromHex(hex, field);
  if (b.length !== LOG_HASH_LENGTH) throw new InvalidDataError('ENCODING', field, 'expected 32 bytes');
  return b;
}

/** Lowercase hex of a log hash (the bulletin board's JSON encoding, §5). */
export function encodeLogHash(h: Uint8Array): string {
  return toHex(h).toLowerCase();
}
