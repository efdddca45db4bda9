/**
 * A secret sealed at rest under a passphrase (spec/key-ceremony.md §3.1, spec/stations.md §2):
 * scrypt (@noble/hashes) derives a 256-bit key from the passphrase, AES-256-GCM (@noble/ciphers)
 * encrypts the secret bytes, and the file's whole public header — the owner's fields, then the
 * `kdf` and `cipher` parameters — is the GCM associated data, so a changed header is detected
 * like a changed ciphertext. The one sealing primitive of the guardians' secret files and the
 * polling stations' key files; each owner checks its own header fields.
 *
 * The associated data is `JSON.stringify` of the header in the order it is written (owner's
 * fields first, then `kdf`, then `cipher`): the order of a file already written is part of it.
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { fromHex, toHex, utf8Bytes } from '@evident/e2e-crypto';

/** The key derivation's parameters, as written in the file. */
export interface SealedKdf {
  readonly name: 'scrypt';
  readonly logN: number;
  readonly r: 8;
  readonly p: 1;
  /** 16 random bytes, hex */
  readonly salt: string;
}

/** The cipher's parameters, as written in the file. */
export interface SealedCipher {
  readonly name: 'aes-256-gcm';
  /** 12 random bytes, hex */
  readonly nonce: string;
}

/** The sealed fields that follow the owner's header in the file. */
export type SealedFields = {
  readonly kdf: SealedKdf;
  readonly cipher: SealedCipher;
  /** AES-256-GCM ciphertext with its tag, hex */
  readonly ciphertext: string;
};

/** Why a sealed secret does not open. */
export type SealedFailure =
  | { readonly ok: false; readonly reason: 'malformed'; readonly field: string; readonly message: string }
  | { readonly ok: false; readonly reason: 'wrong-passphrase'; readonly message: string };

/** The outcome of {@link openSealedSecret}. */
export type SealedOpen =
  { readonly ok: true; readonly plaintext: Uint8Array; readonly logN: number } | SealedFailure;

/** Smallest and largest scrypt cost accepted: 2^10 (tests) to 2^22 (4 GiB of memory). */
export const SEALED_MIN_LOG_N = 10;
export const SEALED_MAX_LOG_N = 22;

/**
 * The 256-bit key scrypt (N = 2^logN, r = 8, p = 1) derives from a passphrase in NFKC form: the
 * sealing key here, and the stored hash of a polling station's poll-worker PIN.
 */
export function derivePassphraseKey(passphrase: string, salt: Uint8Array, logN: number): Uint8Array {
  return scrypt(utf8Bytes(passphrase.normalize('NFKC')), salt, {
    N: 2 ** logN,
    r: 8,
    p: 1,
    dkLen: 32,
    maxmem: 2 ** (logN + 11),
  });
}

function aad(header: object, kdf: SealedKdf, cipher: SealedCipher): Uint8Array {
  return utf8Bytes(JSON.stringify({ ...header, kdf, cipher }));
}

/**
 * Seals `plaintext` under `passphrase` with a fresh salt and nonce.
 * @param header - the owner's public fields (format, version, identity…), written first
 * @param logN - scrypt cost, log2 N
 * @returns the whole file object: `header`'s fields, then `kdf`, `cipher`, `ciphertext`
 * @throws {RangeError} for a cost out of range
 */
export function sealSecret<H extends object>(
  header: H,
  plaintext: Uint8Array,
  passphrase: string,
  logN: number,
): H & SealedFields {
  if (!Number.isInteger(logN) || logN < SEALED_MIN_LOG_N || logN > SEALED_MAX_LOG_N)
    throw new RangeError(`logN must be an integer in [${SEALED_MIN_LOG_N}, ${SEALED_MAX_LOG_N}]`);
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const kdf: SealedKdf = { name: 'scrypt', logN, r: 8, p: 1, salt: toHex(salt) };
  const cipher: SealedCipher = { name: 'aes-256-gcm', nonce: toHex(nonce) };
  const ct = gcm(derivePassphraseKey(passphrase, salt, logN), nonce, aad(header, kdf, cipher)).encrypt(
    plaintext,
  );
  return { ...header, kdf, cipher, ciphertext: toHex(ct) };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function malformed(field: string, message: string): SealedFailure {
  return { ok: false, reason: 'malformed', field, message };
}

/** Reads `kdf`, `cipher` and `ciphertext` of a file object; a failure names the field. */
function sealedFields(file: Record<string, unknown>): SealedFields | SealedFailure {
  const { kdf, cipher, ciphertext } = file;
  if (!isObject(kdf)) return malformed('kdf', 'missing or not an object');
  if (kdf.name !== 'scrypt' || kdf.r !== 8 || kdf.p !== 1)
    return malformed('kdf', 'unsupported key derivation (scrypt, r = 8, p = 1 expected)');
  const logN = kdf.logN;
  if (typeof logN !== 'number' || !Number.isInteger(logN) || logN < SEALED_MIN_LOG_N)
    return malformed('kdf.logN', `an integer ≥ ${SEALED_MIN_LOG_N} expected`);
  if (logN > SEALED_MAX_LOG_N) return malformed('kdf.logN', 'scrypt cost too large');
  if (typeof kdf.salt !== 'string' || !/^[0-9a-fA-F]{32}$/.test(kdf.salt))
    return malformed('kdf.salt', '16 bytes of hex expected');
  if (!isObject(cipher) || cipher.name !== 'aes-256-gcm') return malformed('cipher', 'unsupported cipher');
  if (typeof cipher.nonce !== 'string' || !/^[0-9a-fA-F]{24}$/.test(cipher.nonce))
    return malformed('cipher.nonce', '12 bytes of hex expected');
  if (typeof ciphertext !== 'string' || !/^([0-9a-fA-F]{2}){16,}$/.test(ciphertext))
    return malformed('ciphertext', 'hex of at least the 16-byte tag expected');
  return {
    kdf: { name: 'scrypt', logN, r: 8, p: 1, salt: kdf.salt },
    cipher: { name: 'aes-256-gcm', nonce: cipher.nonce },
    ciphertext,
  };
}

/**
 * Opens a sealed secret. Never throws on bad data.
 * @param file - the file's parsed JSON object
 * @param header - the owner's public fields, read and checked by the owner from `file`, in the
 *   order they were written (they are the associated data)
 * @returns the plaintext, or why not: a malformed field, or a wrong passphrase / a changed file
 *   (GCM cannot tell the two apart)
 */
export function openSealedSecret(file: unknown, header: object, passphrase: string): SealedOpen {
  if (!isObject(file)) return malformed('(file)', 'a JSON object expected');
  const f = sealedFields(file);
  if ('ok' in f) return f;
  try {
    const key = derivePassphraseKey(passphrase, fromHex(f.kdf.salt, 'kdf.salt'), f.kdf.logN);
    const plain = gcm(key, fromHex(f.cipher.nonce, 'cipher.nonce'), aad(header, f.kdf, f.cipher)).decrypt(
      fromHex(f.ciphertext, 'ciphertext'),
    );
    return { ok: true, plaintext: plain, logN: f.kdf.logN };
  } catch {
    return { ok: false, reason: 'wrong-passphrase', message: 'wrong passphrase, or the file was changed' };
  }
}
