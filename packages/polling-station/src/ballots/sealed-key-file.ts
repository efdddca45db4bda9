/**
 * A signing key encrypted at rest (spec/stations.md §2): scrypt derives a 256-bit key from the
 * passphrase, AES-256-GCM encrypts the 32-byte Ed25519 seed; the file's public header (format,
 * public key, KDF and cipher parameters) is the GCM associated data, so a changed header is
 * detected like a changed ciphertext. The plaintext is the seed's upper-case hex (UTF-8) and the
 * associated data is `JSON.stringify({format, version, publicKey, kdf, cipher})`: byte for byte the
 * layout of @evident/record's `sealSecret` (station-core's branch), so these files open with it
 * when the two are unified. Used here for the ballot-printing key.
 * @module
 */
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { gcm } from '@noble/ciphers/aes.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { fromHex, paperPublicKey, toHex, utf8Bytes } from '@evident/e2e-crypto';
import { StationFileError } from './station-file-error.js';

/** Default scrypt cost: N = 2^17, r = 8, p = 1 (about 128 MiB, under a second). */
export const DEFAULT_SEALED_LOG_N = 17;

/** An opened key file. */
export interface OpenedKey {
  readonly secretKey: Uint8Array;
  /** upper-case hex */
  readonly publicKey: string;
}

function header(format: string, publicKey: string, logN: number, salt: string, nonce: string) {
  return {
    format,
    version: 1,
    publicKey,
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

/**
 * Encrypts `secretKey` under `passphrase` and writes it to `path` (mode 0600). Refuses to
 * overwrite an existing file: losing a registered key cannot be undone.
 * @throws {RangeError} when the passphrase is shorter than 8 characters or the key is not 32 bytes
 * @throws {StationFileError} when the file exists or cannot be written
 */
export function writeSealedKey(
  path: string,
  format: string,
  secretKey: Uint8Array,
  passphrase: string,
  logN = DEFAULT_SEALED_LOG_N,
): OpenedKey {
  if (secretKey.length !== 32) throw new RangeError('secretKey: expected 32 bytes');
  if (passphrase.length < 8) throw new RangeError('passphrase: at least 8 characters');
  const publicKey = toHex(paperPublicKey(secretKey));
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const h = header(format, publicKey, logN, toHex(salt), toHex(nonce));
  const key = deriveKey(passphrase, salt, logN);
  const ct = gcm(key, nonce, utf8Bytes(JSON.stringify(h))).encrypt(utf8Bytes(toHex(secretKey)));
  const text = `${JSON.stringify({ ...h, ciphertext: toHex(ct) }, null, 2)}\n`;
  const tmp = `${path}.tmp-${toHex(randomBytes(4))}`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, path); // atomic, and fails if the name exists: never overwrite a key
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StationFileError(
      path,
      code === 'EEXIST' ? 'already exists; not overwritten' : 'cannot be written',
    );
  } finally {
    rmSync(tmp, { force: true });
  }
  return { secretKey, publicKey: publicKey.toUpperCase() };
}

function field(d: Record<string, unknown>, name: string, path: string): Record<string, unknown> {
  const v = d[name];
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new StationFileError(path, `${name}: expected an object`);
  return v as Record<string, unknown>;
}

function text(v: unknown, name: string, path: string): string {
  if (typeof v !== 'string' || !/^[0-9A-Fa-f]+$/.test(v))
    throw new StationFileError(path, `${name}: expected hex`);
  return v; // as written: the header is the associated data, byte for byte
}

/**
 * Reads and decrypts a key file written by {@link writeSealedKey}.
 * @throws {StationFileError} naming the file: unreadable, not this format, malformed field, or
 *   "wrong passphrase, or the file was changed"
 */
export function readSealedKey(path: string, format: string, passphrase: string): OpenedKey {
  let d: Record<string, unknown>;
  try {
    d = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new StationFileError(path, 'cannot be read as JSON');
  }
  if (typeof d !== 'object' || d === null || d.format !== format || d.version !== 1)
    throw new StationFileError(path, `not a ${format} file (version 1)`);
  const kdf = field(d, 'kdf', path);
  const cipher = field(d, 'cipher', path);
  if (kdf.name !== 'scrypt' || kdf.r !== 8 || kdf.p !== 1)
    throw new StationFileError(path, 'kdf: unsupported');
  if (cipher.name !== 'aes-256-gcm') throw new StationFileError(path, 'cipher: unsupported');
  const logN = kdf.logN;
  if (typeof logN !== 'number' || !Number.isInteger(logN) || logN < 10 || logN > 22)
    throw new StationFileError(path, 'kdf.logN: expected an integer from 10 to 22');
  const publicKey = text(d.publicKey, 'publicKey', path);
  const h = header(
    format,
    publicKey,
    logN,
    text(kdf.salt, 'kdf.salt', path),
    text(cipher.nonce, 'cipher.nonce', path),
  );
  const ct = fromHex(text(d.ciphertext, 'ciphertext', path), 'ciphertext');
  let secretKey: Uint8Array;
  try {
    const key = deriveKey(passphrase, fromHex(h.kdf.salt, 'salt'), logN);
    const plain = gcm(key, fromHex(h.cipher.nonce, 'nonce'), utf8Bytes(JSON.stringify(h))).decrypt(ct);
    secretKey = fromHex(new TextDecoder().decode(plain), 'secretKey');
  } catch {
    throw new StationFileError(path, 'cannot be opened: wrong passphrase, or the file was changed');
  }
  if (secretKey.length !== 32 || toHex(paperPublicKey(secretKey)) !== publicKey.toUpperCase())
    throw new StationFileError(path, 'publicKey: does not match the encrypted key');
  return { secretKey, publicKey: publicKey.toUpperCase() };
}
