/**
 * The guardian's secret key file, encrypted at rest (spec/key-ceremony.md §3.1), sealed by
 * @evident/record's `sealSecret` (scrypt + AES-256-GCM, the file's public header as the
 * associated data, so a changed header is detected like a changed ciphertext).
 * @module
 */
import { utf8Bytes } from '@evident/e2e-crypto';
import { openSealedSecret, sealSecret } from '@evident/record/sealed-secret';
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

/** The owner's part of the public header (the sealed fields follow it). */
function header(ceremonyId: string, guardian: GuardianId) {
  return {
    format: SECRET_FORMAT,
    version: FILE_VERSION,
    ceremonyId,
    guardian: { id: guardian.id, x: guardian.x },
  };
}

/** Encrypts and writes the secret file (mode 0600), with a fresh salt and nonce. */
export function writeSecret(path: string, s: Omit<SecretFile, 'path'>, passphrase: string): void {
  const sealed = sealSecret(
    header(s.ceremonyId, s.guardian),
    utf8Bytes(JSON.stringify(s.payload)),
    passphrase,
    s.logN,
  );
  writeJsonFile(path, sealed, 0o600);
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
  try {
    const g = obj(d.guardian, 'guardian');
    h = header(str(d.ceremonyId, 'ceremonyId'), {
      id: str(g.id, 'guardian.id'),
      x: int(g.x, 'guardian.x', 1),
    });
  } catch (e) {
    if (e instanceof TrusteeError) throw e;
    throw refuse(path, (e as Error).message);
  }
  const opened = openSealedSecret(d, h, passphrase);
  if (!opened.ok) {
    if (opened.reason === 'malformed') throw refuse(path, opened.message, opened.field);
    throw new TrusteeError(EXIT.SECRET, path, 'cannot be opened: wrong passphrase, or the file was changed');
  }
  const payload = JSON.parse(new TextDecoder().decode(opened.plaintext)) as SecretPayload;
  return { path, ceremonyId: h.ceremonyId, guardian: h.guardian, logN: opened.logN, payload };
}
