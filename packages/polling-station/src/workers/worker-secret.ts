/**
 * A poll worker's sign-in secret: a PIN of at least 6 digits or a passphrase of at least 10
 * characters, kept only as a salted scrypt hash (@evident/record's `derivePassphraseKey`, the
 * key derivation of the sealed key files). A 6-digit PIN has a million values, so the hash alone
 * does not protect it against someone holding the database: the lockout after failed attempts
 * protects the sign-in, and the database lives on the station machine beside the sealed station
 * key (spec/stations.md §4).
 * @module
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { fromHex, toHex } from '@evident/e2e-crypto';
import { derivePassphraseKey } from '@evident/record/sealed-secret';

/** Which kind of secret a worker chose. */
export type WorkerSecretKind = 'pin' | 'passphrase';

export const MIN_PIN_DIGITS = 6;
export const MIN_PASSPHRASE_CHARS = 10;
/** Default scrypt cost for workers' secrets: 2^15 (32 MiB). */
export const WORKER_LOG_N = 15;

/**
 * The kind of a proposed secret, or why it is refused: all digits → a PIN (≥ 6 digits);
 * otherwise a passphrase (≥ 10 characters).
 */
export function classifyWorkerSecret(
  secret: string,
): { ok: true; kind: WorkerSecretKind } | { ok: false; message: string } {
  if (/^[0-9]+$/.test(secret)) {
    return secret.length >= MIN_PIN_DIGITS
      ? { ok: true, kind: 'pin' }
      : { ok: false, message: `a PIN must have at least ${MIN_PIN_DIGITS} digits` };
  }
  return [...secret].length >= MIN_PASSPHRASE_CHARS
    ? { ok: true, kind: 'passphrase' }
    : {
        ok: false,
        message: `a passphrase must have at least ${MIN_PASSPHRASE_CHARS} characters (or use a PIN of ${MIN_PIN_DIGITS} digits or more)`,
      };
}

/** A stored hash. */
export interface WorkerSecretHash {
  readonly hash: string;
  readonly salt: string;
  readonly logN: number;
}

/** Hashes a secret with a fresh 16-byte salt. */
export function hashWorkerSecret(secret: string, logN = WORKER_LOG_N): WorkerSecretHash {
  const salt = randomBytes(16);
  return { hash: toHex(derivePassphraseKey(secret, salt, logN)), salt: toHex(salt), logN };
}

/** True when `secret` is the one hashed; compares in constant time. */
export function checkWorkerSecret(secret: string, h: WorkerSecretHash): boolean {
  const got = derivePassphraseKey(secret, fromHex(h.salt, 'salt'), h.logN);
  const want = fromHex(h.hash, 'hash');
  if (got.length !== want.length) return false;
  let diff = 0;
  for (let i = 0; i < got.length; i++) diff |= got[i]! ^ want[i]!;
  return diff === 0;
}
