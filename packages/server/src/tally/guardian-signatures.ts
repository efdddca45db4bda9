/**
 * Guardian signatures at upload (spec/key-ceremony.md §13, spec/server-api.md §7): a mix stage or
 * a decryption upload is accepted only with its guardian's signature under the signing key
 * published in the key ceremony, whoever's token carries it — so neither the administrator nor a
 * guardian can upload under another guardian's number. The statement is @evident/e2e-crypto's.
 * @module
 */
import {
  type GuardianStatement,
  decodeSignatureBytes,
  fromHex,
  isInvalidData,
  verifyGuardianSignature,
} from '@evident/e2e-crypto';
import type { InitializedJson } from '@evident/record';
import { ApiError } from '../errors.js';
import type { ElectionRow } from '../store/store.js';

/** The signing key of guardian `x`, from the imported key ceremony (checked there, 2.E). */
export function signingKeyOf(e: ElectionRow, x: number): Uint8Array | undefined {
  if (!e.init) return undefined;
  const g = (JSON.parse(e.init) as InitializedJson).guardians.find((h) => h.index === x);
  return g?.signingKey !== undefined ? fromHex(g.signingKey, 'signingKey') : undefined;
}

/**
 * Refuses an upload whose signature is missing or is not guardian `statement.guardian`'s, under
 * that guardian's signing key `key` (undefined: it has none, see {@link signingKeyOf}); the checks
 * run in the worker pool, without the election row (./upload-checks.ts, ../ranked/stage-check.ts).
 * @param field - the signature's field for the error, e.g. `stage.signature`
 * @throws {ApiError} EVD_ERR_INVALID_SIGNATURE naming the field; nothing is written
 */
export function assertSignedBy(
  key: Uint8Array | undefined,
  statement: GuardianStatement,
  signature: unknown,
  field: string,
): void {
  if (!key)
    throw new ApiError(
      'EVD_ERR_INVALID_SIGNATURE',
      `guardian ${statement.guardian} has no signing key in the key ceremony`,
      field,
    );
  let sig: Uint8Array;
  try {
    sig = decodeSignatureBytes(signature, field, 64);
  } catch (err) {
    if (isInvalidData(err)) throw new ApiError('EVD_ERR_INVALID_SIGNATURE', err.message, field);
    throw err;
  }
  if (!verifyGuardianSignature(key, statement, sig))
    throw new ApiError(
      'EVD_ERR_INVALID_SIGNATURE',
      `not signed by guardian ${statement.guardian} (spec/key-ceremony.md §13)`,
      field,
    );
}
