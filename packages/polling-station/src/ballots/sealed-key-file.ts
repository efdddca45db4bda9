/**
 * A signing key encrypted at rest (spec/stations.md §2), sealed with @evident/record's
 * `sealSecret` (scrypt + AES-256-GCM, the public header as associated data, as the station key
 * and the guardians' secret files): the header is `{format, version: 1, publicKey}`, the
 * plaintext the 32-byte Ed25519 seed's upper-case hex (UTF-8). Used here for the ballot-printing
 * key and the witnesses' keys.
 * @module
 */
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from '@noble/hashes/utils.js';
import { fromHex, paperPublicKey, toHex, utf8Bytes } from '@evident/e2e-crypto';
import { openSealedSecret, sealSecret } from '@evident/record/sealed-secret';
import { StationFileError } from './station-file-error.js';

/** Default scrypt cost: N = 2^17, r = 8, p = 1 (about 128 MiB, under a second). */
export const DEFAULT_SEALED_LOG_N = 17;

/** An opened key file. */
export interface OpenedKey {
  readonly secretKey: Uint8Array;
  /** upper-case hex */
  readonly publicKey: string;
}

/** The public header: the sealed secret's associated data, in the order written. */
const header = (format: string, publicKey: string) => ({ format, version: 1, publicKey });

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
  const sealed = sealSecret(header(format, publicKey), utf8Bytes(toHex(secretKey)), passphrase, logN);
  const text = `${JSON.stringify(sealed, null, 2)}\n`;
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
  if (typeof d.publicKey !== 'string' || !/^[0-9A-Fa-f]{64}$/.test(d.publicKey))
    throw new StationFileError(path, 'publicKey: expected 32 bytes of hex');
  // as written: the header is the associated data, byte for byte
  const opened = openSealedSecret(d, header(format, d.publicKey), passphrase);
  if (!opened.ok)
    throw new StationFileError(
      path,
      opened.reason === 'malformed'
        ? `${opened.field}: ${opened.message}`
        : 'cannot be opened: wrong passphrase, or the file was changed',
    );
  let secretKey: Uint8Array;
  try {
    secretKey = fromHex(new TextDecoder().decode(opened.plaintext), 'secretKey');
  } catch {
    throw new StationFileError(path, 'publicKey: does not match the encrypted key');
  }
  const publicKey = d.publicKey.toUpperCase();
  if (secretKey.length !== 32 || toHex(paperPublicKey(secretKey)) !== publicKey)
    throw new StationFileError(path, 'publicKey: does not match the encrypted key');
  return { secretKey, publicKey };
}
