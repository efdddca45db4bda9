/**
 * The guardian's secret key file, encrypted at rest (spec/key-ceremony.md §3.1): scrypt
 * (@noble/hashes) derives a 256-bit key from the passphrase, AES-256-GCM (@noble/ciphers)
 * encrypts the secret payload; the file's public header is the GCM associated data, so a changed
 * header is detected like a changed ciphertext.
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { fromHex, toHex, utf8Bytes } from '@evident/e2e-crypto';
import { EXIT, TrusteeError, refuse } from './errors.js';
import { FILE_VERSION, readJsonFile, writeJsonFile, int, str, obj } from './files/json-file.js';
import type { GuardianId } from './files/ceremony-file.js';

export const SECRET_FORMAT = 'evident-trustee/secret-key';

/** Default scrypt cost: N = 2^17, r = 8, p = 1 (about 128 MiB, under a second). */
export const DEFAULT_LOG_N = 17;

/** The secret payload, as stored (hex strings). */
export interface SecretPayload {
  /** a_{i,0} … a_{i,k−1} */
  coefficients: string[];
  /** key for deterministic nonces (share encryption, decryption sessions) */
  nonceKey: string;
  /** Ed25519 signing seed (spec/key-ceremony.md §13); absent in files made before signing keys */
  signingKey?: string;
  /** P_j(i) received from each other guardian, by its x */
  receivedShares?: Record<string, string>;
  /** P(i) once all shares are verified */
  keyShare?: string;
  /** decryption sessions answered: session → digest of the challenges answered */
  answered?: Record<string, string>;
}

/** An opened secret file. */
export interface SecretFile {
  readonly path: string;
  readonly ceremonyId: string;
  readonly guardian: GuardianId;
  readonly logN: number;
  payload: SecretPayload;
}

function header(ceremonyId: string, guardian: GuardianId, logN: number, salt: string, nonce: string) {
  return {
    format: SECRET_FORMAT,
    version: FILE_VERSION,
    ceremonyId,
    guardian: { id: guardian.id, x: guardian.x },
    kdf: { name: 'scrypt', logN, r: 8, p: 1, salt },
    cipher: { name: 'aes-256-gcm', nonce },
  };
}

function deriveKey(passphrase: string, salt: Uint8Array, logN: number): Uint8Array {
  return scrypt(utf8Bytes(passphrase.normalize('NFKC')), salt, {
    N: 2 ** logN,
    r: 8,
    p: 1,
    dkLen: 32,
    maxmem: 2 ** (logN + 11),
  });
}

/** Encrypts and writes the secret file (mode 0600), with a fresh salt and nonce. */
export function writeSecret(path: string, s: Omit<SecretFile, 'path'>, passphrase: string): void {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const h = header(s.ceremonyId, s.guardian, s.logN, toHex(salt), toHex(nonce));
  const key = deriveKey(passphrase, salt, s.logN);
  const ct = gcm(key, nonce, utf8Bytes(JSON.stringify(h))).encrypt(utf8Bytes(JSON.stringify(s.payload)));
  writeJsonFile(path, { ...h, ciphertext: toHex(ct) }, 0o600);
}

/**
 * Reads and decrypts the secret file.
 * @throws {TrusteeError} INVALID_FILE when malformed, SECRET when the passphrase is wrong or
 *   the file was changed
 */
export function readSecret(path: string, passphrase: string): SecretFile {
  const f = readJsonFile(path, SECRET_FORMAT);
  const d = f.data;
  let h: ReturnType<typeof header>;
  let ct: Uint8Array;
  try {
    const g = obj(d.guardian, 'guardian');
    const kdf = obj(d.kdf, 'kdf');
    const cipher = obj(d.cipher, 'cipher');
    if (kdf.name !== 'scrypt' || kdf.r !== 8 || kdf.p !== 1)
      throw refuse(path, 'unsupported key derivation', 'kdf');
    if (cipher.name !== 'aes-256-gcm') throw refuse(path, 'unsupported cipher', 'cipher');
    const logN = int(kdf.logN, 'kdf.logN', 10);
    if (logN > 22) throw refuse(path, 'scrypt cost too large', 'kdf.logN');
    h = header(
      str(d.ceremonyId, 'ceremonyId'),
      { id: str(g.id, 'guardian.id'), x: int(g.x, 'guardian.x', 1) },
      logN,
      str(kdf.salt, 'kdf.salt'),
      str(cipher.nonce, 'cipher.nonce'),
    );
    ct = fromHex(str(d.ciphertext, 'ciphertext'), 'ciphertext');
  } catch (e) {
    if (e instanceof TrusteeError) throw e;
    throw refuse(path, (e as Error).message);
  }
  let plain: Uint8Array;
  try {
    const key = deriveKey(passphrase, fromHex(h.kdf.salt, 'kdf.salt'), h.kdf.logN);
    plain = gcm(key, fromHex(h.cipher.nonce, 'cipher.nonce'), utf8Bytes(JSON.stringify(h))).decrypt(ct);
  } catch {
    throw new TrusteeError(EXIT.SECRET, path, 'cannot be opened: wrong passphrase, or the file was changed');
  }
  const payload = JSON.parse(new TextDecoder().decode(plain)) as SecretPayload;
  return { path, ceremonyId: h.ceremonyId, guardian: h.guardian, logN: h.kdf.logN, payload };
}
